/**
 * The hook: a short phrase from the description that a person could have written as a title
 * ("Driving Home", "The Night We Won", "Neon City Rain"). The chorus opens and closes on it.
 */
import { isFunctionWord } from "../phonetics";
import type { Rng } from "../prng";
import { conjugatePhrase, singularOf } from "./inflect";
import { lengthCost, lineMeter, meterCost, SYLLABLE_RANGE } from "./meter";
import type { Palette } from "./palette";
import { parseLyrics } from "./parse";
import { LIFTS } from "./templates";
import type { DescribedAct } from "./understand";
import { contentLemmas } from "./words";

export interface Hook {
  /** As sung: "the night we won". */
  line: string;
  /** As a title: "The Night We Won". */
  title: string;
}

const SMALL = new Set([
  "a",
  "an",
  "the",
  "of",
  "in",
  "on",
  "and",
  "to",
  "at",
  "for",
  "by",
  "with",
  "from",
  "as",
  "or",
]);

export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i, all) =>
      i > 0 && i < all.length - 1 && SMALL.has(w.toLowerCase())
        ? w.toLowerCase()
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(" ");
}

const STANDS_ALONE = new Set(
  "win lose leave drive ride run dance sing fly move meet stay wait work play swim climb walk travel cry fight graduate marry celebrate".split(
    " ",
  ),
);

/** "The morning I watched the sunrise", "the day we won", "the night I drove home". */
function timeOfDay(lemmas: ReadonlySet<string>, valence: number): string {
  const has = (words: string): boolean => words.split(" ").some((w) => lemmas.has(w));
  if (has("sunrise dawn morning early breakfast wake")) return "morning";
  if (has("night midnight late shift bar club star moon")) return "night";
  if (has("sun summer beach day afternoon game championship win wedding school graduation"))
    return "day";
  return valence < 0 ? "night" : "day";
}

const BE: Record<string, string> = { I: "I'm", we: "we're", you: "you're" };

/**
 * A time the description named as a thing ("midnight", "the fourth of july", "all night"): it
 * makes "the night we …" hooks, never a thing of its own ("the midnight, the midnight").
 */
const TIME_NOUN =
  /^(night|day|midnight|noon|morning|evening|afternoon|tonight|today|dawn|dusk|weekend|christmas|easter|halloween|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;

interface HookIdea {
  line: string;
  weight: number;
  /** A bare thing or place ("the backyard"): sung twice, it is a last resort. */
  bare?: boolean;
}

/** Hook phrases built from the description, with a preference weight. */
function hookIdeas(palette: Palette): HookIdea[] {
  const { theme } = palette;
  const ideas: HookIdea[] = [];
  const add = (line: string, weight: number, bare = false): void => {
    const clean = line.replace(/\s+/g, " ").trim().toLowerCase().replace(/\bi\b/g, "I");
    if (clean && !ideas.some((i) => i.line === clean))
      ideas.push({ line: clean, weight, ...(bare ? { bare } : {}) });
  };
  const isTime = (noun: string): boolean =>
    TIME_NOUN.test(singularOf(noun)) ||
    theme.times.some((t) => t.noun !== null && singularOf(t.noun) === singularOf(noun));
  const descPlace = palette.places.find((p) => p.fromDescription);
  const descTime = palette.times.find((t) => t.fromDescription);
  const timeNoun =
    theme.times.find((t) => t.noun)?.noun ?? timeOfDay(theme.lemmas, palette.valence);
  theme.acts.slice(0, 2).forEach((act: DescribedAct, k) => {
    const w = k === 0 ? 1 : 0.8;
    const ing = conjugatePhrase(act.base, "ing");
    const past = conjugatePhrase(act.base, "past");
    const verbPast = conjugatePhrase(act.verb, "past");
    add(ing, 3 * w);
    if (descPlace) add(`${ing} ${descPlace.pp}`, 2 * w);
    if (descTime && !/ /.test(descTime.text.replace(/^(at|in|on|after|before) /, "")))
      add(`${ing} ${descTime.text}`, 2 * w);
    add(`the ${timeNoun} ${act.subject} ${past}`, 3 * w);
    // "the day we won" — only verbs that stand without their object ("the night I missed" doesn't).
    if (act.rest && act.rest.split(" ").length > 1 && STANDS_ALONE.has(act.verb))
      add(`the ${timeNoun} ${act.subject} ${verbPast}`, 2.5 * w);
    add(`${BE[act.subject] ?? "I'm"} ${ing}`, 1.5 * w);
    add(`still ${ing}`, 1.5 * w);
  });
  for (const n of theme.nouns) {
    // "Last Summer" and "This Christmas" are titles; "the midnight" and "the all night" are not.
    const plain = n.adjs.length === 0 || (n.adjs.length === 1 && n.adjs[0] === "all");
    if (n.animate || (plain && isTime(n.noun.toLowerCase()))) continue;
    const phrase = [...n.adjs, n.noun].join(" ");
    if (n.adjs.length > 0) add(phrase, 3);
    if (n.owner) add(`${n.owner} ${phrase}`, 2.5);
    else if (n.number === "sg" && !n.proper) add(`the ${phrase}`, 1.5, n.adjs.length === 0);
    // "City Lights", "Fireflies": a plural names the song by itself.
    else if (n.adjs.length === 0) add(phrase, 1.5, true);
    const np =
      n.owner || n.adjs.length > 0 || n.number === "pl" || n.proper
        ? `${n.owner ? `${n.owner} ` : ""}${phrase}`
        : `the ${phrase}`;
    if (descTime && !descTime.text.includes(n.noun)) add(`${np} ${descTime.text}`, 1.5);
    if (descPlace && !descPlace.np.includes(n.noun)) add(`${np} ${descPlace.pp}`, 1.2);
  }
  for (const p of theme.places) add(p.np.replace(/^(the|a|an) /, "the "), 0.5, true);
  // Nothing to build on: the mood's own imagery.
  if (ideas.length < 2) {
    for (const img of palette.images.slice(0, 6)) {
      const adj = img.adjs[0]?.text;
      if (adj && !img.owner) add(`${adj} ${img.noun}`, 1);
    }
  }
  return ideas;
}

/**
 * The sung hook for a title phrase: the phrase itself when it fills a line, else it doubled
 * ("Driving home, driving home") or lifted ("oh, …") — the way short titles are sung.
 */
function sungHook(phrase: string): { sung: string; weak: boolean; doubled?: boolean }[] {
  const n = lineMeter(phrase).syllables;
  const [lo, , hi] = SYLLABLE_RANGE.hook;
  const forms: { sung: string; weak: boolean; doubled?: boolean }[] = [];
  const add = (sung: string, weak = false): void => void forms.push({ sung, weak });
  if (n >= lo && n <= hi) add(phrase);
  if (n * 2 >= lo && n * 2 <= hi)
    forms.push({ sung: `${phrase}, ${phrase}`, weak: false, doubled: true });
  if (n + 1 >= lo && n + 1 <= hi) add(`oh, ${phrase}`);
  // A two-syllable title only fills a line sung three times over: a last resort.
  if (forms.length === 0 && n * 2 + 1 >= lo && n * 2 + 1 <= hi)
    add(`oh, ${phrase}, ${phrase}`, true);
  return forms.length > 0 ? forms : [{ sung: phrase, weak: true }];
}

/** The song's hook, chosen among the description's phrases by length, meter and seed. */
export function chooseHook(palette: Palette, rng: Rng, partners: (end: string) => number): Hook {
  const ideas = hookIdeas(palette);
  const scored = ideas
    .flatMap((idea) => sungHook(idea.line).map((form) => ({ ...idea, ...form })))
    .map((idea) => {
      const meter = lineMeter(idea.sung);
      const end = (idea.sung.split(" ").at(-1) ?? "").replace(/[^a-zA-Z']/g, "").toLowerCase();
      const lemmas = contentLemmas(idea.line);
      let cost = lengthCost(meter.syllables, SYLLABLE_RANGE.hook) + meterCost(meter.stresses) * 2;
      cost -= idea.weight * 0.4;
      const n = isFunctionWord(end) ? 0 : partners(end); // "waking up" ends on nothing to rhyme
      cost += n === 0 ? 4 : n < 3 ? 2 : 2 / n;
      if (new Set(lemmas).size !== lemmas.length) cost += 5;
      if (lineMeter(idea.line).syllables > 8) cost += 2; // a title, not a sentence
      if (idea.weak) cost += 2;
      // "The backyard, the backyard": a bare place or thing sung twice is a last resort.
      if (idea.doubled && idea.bare) cost += 0.8;
      return { ...idea, cost };
    })
    .sort((a, b) => a.cost - b.cost);
  const best = scored[0];
  if (!best) return { line: "Somewhere tonight", title: "Somewhere Tonight" };
  // Several good hooks: the seed picks, so four takes on one description get four titles.
  // One form per phrase ("X, X" or "oh, X"): the seed chooses among phrases, not spellings.
  const phrases = new Set<string>();
  const close = scored
    .filter((s) => s.cost <= best.cost + 1.2)
    .filter((s) => !phrases.has(s.line) && Boolean(phrases.add(s.line)))
    .slice(0, 4);
  const pick = rng.pick(close);
  // The lift word varies by song: "oh, the …" opened a quarter of all choruses.
  const sung = pick.sung.replace(/^oh, /, `${rng.pick(LIFTS)}, `);
  const line = sung.charAt(0).toUpperCase() + sung.slice(1);
  return { line, title: titleCase(pick.line) };
}

function cleanTitle(line: string, maxWords = 6): string {
  const words = line
    .replace(/[\u201c\u201d"()[\]{}]/g, "")
    .replace(/[.,!?;:]+$/g, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, maxWords);
  return titleCase(words.join(" ").replace(/[,;:]$/, ""));
}

/** Title from lyrics: the most repeated chorus line, else the most repeated line, else the first chorus / first line. */
export function titleFromLyrics(text: string): string {
  const sections = parseLyrics(text);
  const count = new Map<string, number>();
  const norm = (l: string): string =>
    l
      .toLowerCase()
      .replace(/[^a-z0-9' ]/g, "")
      .trim();
  for (const s of sections)
    for (const l of s.lines) count.set(norm(l), (count.get(norm(l)) ?? 0) + 1);
  const best = (lines: string[]): string | null => {
    let top: string | null = null;
    let topN = 1;
    for (const l of lines) {
      const n = count.get(norm(l)) ?? 0;
      if (n > topN && norm(l).length > 0) {
        top = l;
        topN = n;
      }
    }
    return top;
  };
  const chorusLines = sections.filter((s) => s.kind === "chorus").flatMap((s) => s.lines);
  const all = sections.flatMap((s) => s.lines);
  const pick = best(chorusLines) ?? best(all) ?? chorusLines[0] ?? all[0] ?? "Untitled";
  return cleanTitle(pick) || "Untitled";
}
