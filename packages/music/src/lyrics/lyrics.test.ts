import { describe, expect, it } from "vitest";
import nlp from "compromise";
import { pronounce } from "../phonetics";
import { countSyllables } from "../syllables";
import { DESCRIPTIONS } from "./fixture";
import {
  DEFAULT_STRUCTURE,
  doesRhyme,
  formatLyrics,
  parseLyrics,
  rhymesFor,
  suggestTitle,
  titleFromLyrics,
  writeLyrics,
  type WrittenLyrics,
} from "./index";
import { expandPools } from "./grammar";
import { conjugatePhrase, singularOf } from "./inflect";
import { LIFTS } from "./templates";
import { PALETTES_KEPT, paletteOf } from "./write";
import { contentLemmas, echoesStem, isContentWord, lemma } from "./words";

const SEEDS = [1, 2, 3, 4];
const songs: { description: string; seed: number; song: WrittenLyrics }[] = [];
for (const d of DESCRIPTIONS)
  for (const seed of SEEDS)
    songs.push({
      description: d.description,
      seed,
      song: writeLyrics({ description: d.description, mood: d.mood, genre: d.genre, seed }),
    });

const sungLines = (s: WrittenLyrics): string[] => s.sections.flatMap((x) => x.lines);
const endWord = (line: string): string =>
  (line.split(/\s+/).at(-1) ?? "").toLowerCase().replace(/[^a-z']/g, "");

/** Determiners that always start a noun phrase ("her", "this", "that" can stand alone). */
const DETERMINERS = new Set([
  "a",
  "an",
  "the",
  "every",
  "each",
  "my",
  "your",
  "our",
  "their",
  "another",
]);
const SINGULAR_ONLY = new Set(["a", "an", "every", "each", "another"]);

const LEXICON = (nlp.world() as unknown as { model: { one: { lexicon: Record<string, string> } } })
  .model.one.lexicon;
const QUANTIFIERS = /^(hundred|thousand|million|few|little|lot|couple|dozen|bit|while)$/;
const nounCache = new Map<string, boolean>();
/** Whether compromise can read a word as a noun (alone or after "the"), e.g. "bars", "dark". */
function canBeNoun(word: string): boolean {
  let r = nounCache.get(word);
  if (r === undefined) {
    // A word compromise's lexicon doesn't list ("awning") is only guessed from its ending.
    r = nlp(word).has("#Noun") || nlp(`the ${word}`).has("#Noun") || !(word in LEXICON);
    nounCache.set(word, r);
  }
  return r;
}

const TIME_UNITS =
  /^(time|year|day|night|morning|evening|afternoon|week|weekend|month|summer|winter|spring|autumn|fall|hour|minute|moment|season)$/;

/**
 * Problems with the noun phrase after each determiner, read by compromise in context: the
 * phrase (adjectives, nouns) must end on a word that can be a noun; "a"/"every" never before a
 * plural; "a"/"an" by the next word's first sound.
 */
function determinerProblems(line: string): string[] {
  const terms = (
    nlp(line).json() as { terms: { normal: string; tags: string[]; post: string }[] }[]
  )
    .flatMap((s) => s.terms)
    .filter((t) => t.normal);
  const problems: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const det = terms[i]?.normal ?? "";
    if (!DETERMINERS.has(det)) continue;
    const next = terms[i + 1]?.normal ?? "";
    if ((det === "a" || det === "an") && QUANTIFIERS.test(next)) continue; // "a hundred times"
    if (det === "every" && next === "now") continue; // "every now and then", an everyday time
    // "all the while": the noun "while" (a span of time), which compromise reads as "while …".
    if (det === "the" && next === "while" && terms[i - 1]?.normal === "all") continue;
    // "each time old streamers sway", "every year pale seashells dream": a time that ends there,
    // and a new clause after it (the scan below would read "year pale seashells" as one thing).
    if ((det === "each" || det === "every") && TIME_UNITS.test(next)) continue;
    let head: string | null = null;
    let plural = false;
    for (let j = i + 1; j < terms.length; j++) {
      const t = terms[j] as { normal: string; tags: string[]; post: string };
      const tags = new Set(t.tags);
      if (
        tags.has("Determiner") ||
        DETERMINERS.has(t.normal) ||
        /^(her|his|its|you|i|we)$/.test(t.normal)
      )
        break;
      const isNoun =
        tags.has("Noun") ||
        ((head === null || !tags.has("Verb") || tags.has("Gerund")) && canBeNoun(t.normal));
      const modifier =
        !head &&
        (tags.has("Adjective") || tags.has("Value") || tags.has("Gerund") || tags.has("PastTense"));
      if (isNoun) {
        head = t.normal;
        plural = tags.has("Plural");
      } else if (!modifier) break;
      if (/[,.;:!?]/.test(t.post)) break;
    }
    if (!head) problems.push(`"${det} ${next}" has no noun`);
    else if (SINGULAR_ONLY.has(det) && plural) problems.push(`"${det} … ${head}" is plural`);
    if (det === "a" || det === "an") {
      const vowelSound = pronounce(next.replace(/-.*/, "")).syllables[0]?.onset.length === 0;
      if ((det === "an") !== vowelSound) problems.push(`"${det} ${next}"`);
    }
  }
  return problems;
}

const PLURAL_AFTER_COMES =
  /\b(?:here|there) (?:comes|goes) (?:all the |the |this |that |these |those |your |my |our )?((?:[\w'-]+ ?){1,3})/i;
/** "Here comes the stars": a plural within three words after "here comes" / "there goes". */
function pluralAfterComes(line: string): boolean {
  const m = PLURAL_AFTER_COMES.exec(line.toLowerCase());
  if (!m) return false;
  return (m[1] ?? "")
    .trim()
    .split(" ")
    .some((w) => nlp(`the ${w}`).has("#Plural"));
}

describe("writer fixture: 58 descriptions × 4 seeds", () => {
  it("has at least 50 varied descriptions", () => {
    expect(DESCRIPTIONS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(DESCRIPTIONS.map((d) => d.mood)).size).toBe(8);
    expect(new Set(DESCRIPTIONS.map((d) => d.genre)).size).toBe(9);
  });

  it("never puts a determiner before a word that cannot head a noun phrase", () => {
    const bad: string[] = [];
    const lines = new Set(songs.flatMap(({ song }) => sungLines(song)));
    for (const line of lines) for (const p of determinerProblems(line)) bad.push(`${line}  ← ${p}`);
    expect([...new Set(bad)]).toEqual([]);
  });

  it("says this/that before one thing and these/those before several", () => {
    const bad: string[] = [];
    const lines = new Set(songs.flatMap(({ song }) => sungLines(song)));
    const plural = (w: string): boolean => singularOf(w) !== w;
    for (const line of lines) {
      const w = line
        .toLowerCase()
        .replace(/[^a-z' ]/g, " ")
        .split(/\s+/)
        .filter(Boolean);
      w.forEach((det, i) => {
        const next = w[i + 1] ?? "";
        // "now that this trophy shines": there "that" joins a clause, it is no determiner.
        const joins = det === "that" && /^(now|so|such)$/.test(w[i - 1] ?? "");
        if ((det === "this" || det === "that") && plural(next) && !joins)
          bad.push(`${line}  ← ${det} ${next}`);
        // "these neon signs": the plural head may come after a modifier or two.
        if ((det === "these" || det === "those") && !w.slice(i + 1, i + 5).some(plural))
          bad.push(`${line}  ← ${det} ${next}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it("varies its word pairs from song to song (distinct-2 over each song's distinct lines)", () => {
    const pairs = new Set<string>();
    let total = 0;
    for (const { song } of songs)
      for (const line of new Set(sungLines(song))) {
        const w = line
          .toLowerCase()
          .replace(/[^a-z' ]/g, " ")
          .split(/\s+/)
          .filter(Boolean);
        for (let i = 1; i < w.length; i++, total++) pairs.add(`${w[i - 1]} ${w[i]}`);
      }
    // 0.27 before template wording and determiners varied, 0.337 before the mood's shades and
    // adverbs were drawn line by line (0.356 after). Over these 58 descriptions: 0.356 before
    // frames drew their small words from pools, 0.385 after (the bench's 50: 0.375 → 0.402);
    // 0.439 once plurals and masses often went without "the" and places and "when"s were made
    // of the song's own things (bench: 0.458); once lines preferred pairs few templates share and
    // stock things borrowed the mood's verbs, 0.507 (bench: 0.527); with more things per topic,
    // six borrowed words each and less of the palette left out, 0.536 (bench: 0.558); with
    // actions made of the song's own things by their kind ("fold the letters"), 0.552 (bench:
    // 0.574); with bank names and reach in the stock cost, hooks chosen among phrases and more
    // things in the busiest topics, 0.565 (bench: 0.586); once the frames had more ways to say
    // their own words and the frames that broke grammar were mended, 0.575 (bench: 0.596); once
    // each song kept its own few of the places, "when"s and actions made of each thing and of the
    // mood's words lent to it, 0.593 (bench: 0.617). bench/lyrics.bench.ts has the target.
    expect(pairs.size / total).toBeGreaterThanOrEqual(0.585);
  });

  it("says 'here comes' and 'there goes' of one thing, and counts things with 'the'", () => {
    const bad: string[] = [];
    const lines = new Set(songs.flatMap(({ song }) => sungLines(song)));
    for (const line of lines) {
      if (pluralAfterComes(line)) bad.push(line);
      // "all the three dots", "that two hands": a number after another determiner than "the".
      if (
        /\b(all the|these|those|this|that|your|our) (two|three|four|five|ten|hundred)\b/i.test(line)
      )
        bad.push(line);
    }
    expect(bad).toEqual([]);
  });

  it("repeats no content word within a line, except a hook sung twice", () => {
    const lift = new RegExp(`^(${LIFTS.join("|")}), `, "i");
    const bad: string[] = [];
    for (const { song } of songs)
      for (const line of sungLines(song)) {
        const halves = line.replace(lift, "").split(/,\s*/);
        if (halves.length === 2 && halves[0]?.toLowerCase() === halves[1]?.toLowerCase()) continue;
        const lemmas = contentLemmas(line);
        if (new Set(lemmas).size !== lemmas.length) bad.push(line);
      }
    expect([...new Set(bad)]).toEqual([]);
  });

  it('never sings two words of one stem side by side, like "hazy haze"', () => {
    const bad = songs.flatMap(({ song }) => sungLines(song).filter(echoesStem));
    expect([...new Set(bad)]).toEqual([]);
    expect(echoesStem("the hazy haze")).toBe(true);
    expect(echoesStem("rusted rust and sunny sun")).toBe(true);
    expect(echoesStem("the sled sleeps")).toBe(false);
  });

  it("uses at least one content word of its description in every song", () => {
    const missing: string[] = [];
    for (const { description, seed, song } of songs) {
      const wanted = new Set(
        description
          .split(/[^A-Za-z']+/)
          .filter(isContentWord)
          .map(lemma),
      );
      const sung = new Set(
        sungLines(song)
          .flatMap((l) => l.split(/[^A-Za-z']+/))
          .map(lemma),
      );
      if (![...wanted].some((w) => sung.has(w))) missing.push(`${description} #${seed}`);
    }
    expect(missing).toEqual([]);
  });

  it("puts no line in more than 2 % of the songs (a chorus repeating inside one song is fine)", () => {
    const inSongs = new Map<string, number>();
    for (const { song } of songs) {
      const lines = new Set(sungLines(song).map((l) => l.toLowerCase().replace(/[^a-z' ]/g, "")));
      for (const l of lines) inSongs.set(l, (inSongs.get(l) ?? 0) + 1);
    }
    const limit = Math.floor(songs.length * 0.02);
    const over = [...inSongs].filter(([, n]) => n > limit).map(([l, n]) => `${l} (${n})`);
    expect(over).toEqual([]);
  });

  it("rhymes where the form asks: equal letters rhyme, and every verse, chorus and bridge has a rhyme", () => {
    const bad: string[] = [];
    for (const { song } of songs)
      for (const s of song.sections) {
        expect(s.rhyme).toHaveLength(s.lines.length);
        const letters = s.rhyme.split("");
        for (let i = 0; i < letters.length; i++)
          for (let j = i + 1; j < letters.length; j++) {
            if (letters[i] === "X" || letters[i] !== letters[j]) continue;
            const a = s.lines[i] ?? "";
            const b = s.lines[j] ?? "";
            if (a !== b && !doesRhyme(endWord(a), endWord(b))) bad.push(`${s.label}: ${a} / ${b}`);
          }
        if (["verse", "chorus", "bridge"].includes(s.kind) && s.lines.length >= 2) {
          const paired = letters.some(
            (l) => l !== "X" && letters.filter((x) => x === l).length > 1,
          );
          if (!paired) bad.push(`${s.label} has no rhyme: ${s.lines.join(" / ")}`);
        }
      }
    expect(bad).toEqual([]);
  });

  it("opens and closes every chorus on the hook, which carries the title", () => {
    let rhymedHook = 0;
    for (const { song } of songs) {
      const [hook = "", second = ""] = song.sections.find((s) => s.kind === "chorus")?.lines ?? [];
      if (doesRhyme(endWord(hook), endWord(second))) rhymedHook++;
      const chorus = song.sections.filter((s) => s.kind === "chorus");
      expect(chorus.length).toBe(3);
      for (const c of chorus) {
        expect(c.lines[0]).toBe(song.hook);
        expect(c.lines.at(-1)).toBe(song.hook);
        expect(c.lines).toEqual(chorus[0]?.lines);
      }
      expect(song.hook.toLowerCase()).toContain(song.title.toLowerCase());
    }
    // The line after the hook answers it with a rhyme when the hook's sound allows; otherwise
    // the hook frames a rhyming couplet (checked with the rhyme scheme above).
    expect(rhymedHook / songs.length).toBeGreaterThanOrEqual(0.3);
  });

  it("writes singable lengths and reports each line's syllables and stresses", () => {
    for (const { song } of songs)
      for (const s of song.sections) {
        s.lines.forEach((line, i) => {
          const meter = s.meter[i];
          expect(meter?.syllables).toBe(countSyllables(line));
          expect(meter?.stresses).toHaveLength(countSyllables(line));
          expect(meter?.stresses.some((x) => x > 0)).toBe(true);
          expect(meter?.syllables ?? 0).toBeGreaterThanOrEqual(3);
          expect(meter?.syllables ?? 99).toBeLessThanOrEqual(12);
        });
      }
  });
});

describe("writeLyrics", () => {
  const req = {
    description: "driving home after a long night shift",
    mood: "Melancholic" as const,
    seed: 7,
  };

  it("is deterministic, and another seed gives another song", () => {
    expect(writeLyrics(req)).toEqual(writeLyrics({ ...req }));
    expect(writeLyrics({ ...req, seed: 8 }).text).not.toBe(writeLyrics(req).text);
  });

  it("uses the description's words in their role: verbs conjugated, never a verb as a noun", () => {
    const texts = SEEDS.map((seed) => writeLyrics({ ...req, seed }).text.toLowerCase());
    for (const t of texts) {
      expect(t).not.toMatch(/\b(the|a|every) (driving|after|along|won)\b/);
      expect(t).toMatch(/\b(driv(e|es|ing|en)|drove|home|night shift|shift)\b/);
    }
    const won = writeLyrics({
      description: "we won the championship",
      mood: "Motivational",
      seed: 1,
    });
    expect(won.text.toLowerCase()).not.toMatch(/\bthe won\b/);
  });

  it('conjugates both verbs of an action like "type and delete it"', () => {
    expect(conjugatePhrase("type and delete it", "past")).toBe("typed and deleted it");
    expect(conjugatePhrase("type and delete it", "ing")).toBe("typing and deleting it");
    expect(conjugatePhrase("keep the radio low", "past")).toBe("kept the radio low");
  });

  it('conjugates "slow dance" on its second word and gives every verb an "-ing"', () => {
    expect(conjugatePhrase("slow dance with you", "past")).toBe("slow danced with you");
    expect(conjugatePhrase("slow dance with you", "s")).toBe("slow dances with you");
    expect(conjugatePhrase("slow dance", "ing")).toBe("slow dancing");
    // compromise left these bare ("the soda fizz").
    expect(conjugatePhrase("fizz", "ing")).toBe("fizzing");
    expect(conjugatePhrase("whizz past", "ing")).toBe("whizzing past");
    expect(conjugatePhrase("hum", "ing")).toBe("humming");
  });

  it('reads a word after a preposition as a thing: "at harvest time" is no harvest done', () => {
    for (const seed of [1, 2, 3, 4]) {
      const song = writeLyrics({
        description: "a farmer working the fields at harvest time",
        mood: "Chill",
        seed,
      });
      expect(song.text.toLowerCase()).not.toMatch(/\bharvest(ed|ing|s) time\b/);
    }
  });

  it("follows a requested structure, unknown kinds written as verses", () => {
    const w = writeLyrics({
      ...req,
      structure: [
        { kind: "intro", label: "Intro", lines: 1 },
        { kind: "verse", label: "Verse 1", lines: 6 },
        { kind: "pre-chorus", label: "Pre-Chorus", lines: 2 },
        { kind: "chorus", label: "Chorus", lines: 5 },
        { kind: "solo", label: "Solo", lines: 2 },
        { kind: "chorus", label: "Chorus", lines: 4 },
        { kind: "outro", label: "Outro", lines: 2 },
      ],
    });
    expect(w.sections.map((s) => [s.kind, s.lines.length])).toEqual([
      ["intro", 1],
      ["verse", 6],
      ["pre-chorus", 2],
      ["chorus", 5],
      ["verse", 2],
      ["chorus", 4],
      ["outro", 2],
    ]);
    const [full, short] = w.sections.filter((s) => s.kind === "chorus");
    expect(short?.lines.at(-1)).toBe(full?.lines.at(-1));
    expect(short?.lines[0]).toBe(full?.lines[0]);
  });

  it("tells the listener only actions without the singer in them ('say I do beside me')", () => {
    const told: string[] = [];
    for (const description of ["dancing at my sister's wedding", "first dance at our wedding"])
      for (let seed = 1; seed <= 12; seed++)
        for (const mood of ["Happy", "Romantic"] as const) {
          const w = writeLyrics({ description, mood, seed });
          for (const line of sungLines(w))
            if (/^(so |come on and |let's )?say i do\b|\bi do (with|beside|for) me\b/i.test(line))
              told.push(line);
        }
    expect(told).toEqual([]);
  });

  it('lifts short hooks with more than one word, not always "oh, …"', () => {
    const lifts = songs
      .map(({ song }) => {
        const first = /^(\w+), /.exec(song.hook)?.[1]?.toLowerCase();
        // A word before a comma that is not the title's own ("Sunrise, sunrise") lifts it.
        return first && !song.title.toLowerCase().split(" ").includes(first) ? first : undefined;
      })
      .filter((w): w is string => w !== undefined);
    const counts = new Map<string, number>();
    for (const w of lifts) counts.set(w, (counts.get(w) ?? 0) + 1);
    expect(counts.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...counts.values()) / lifts.length).toBeLessThan(0.5);
  });

  it("titles the song with its hook; suggestTitle agrees", () => {
    const w = writeLyrics(req);
    expect(suggestTitle(req)).toBe(w.title);
    expect(w.title).toMatch(/^[A-Z]/);
    expect(w.title.split(" ").length).toBeLessThanOrEqual(7);
  });

  it("writes something for an empty or mood-only description", () => {
    const w = writeLyrics({ description: "", mood: "Hype", seed: 1 });
    expect(w.sections.length).toBe(DEFAULT_STRUCTURE.length);
    expect(w.title.length).toBeGreaterThan(0);
  });
});

describe("parse / format", () => {
  it("round-trips written lyrics", () => {
    for (const { song } of songs.slice(0, 20)) {
      const parsed = parseLyrics(song.text);
      expect(parsed.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines }))).toEqual(
        song.sections.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines })),
      );
      expect(formatLyrics(parsed)).toBe(song.text);
    }
  });

  it("keeps the user's words exactly", () => {
    const text =
      "  Woke up slow, didn't   mean to stay  \n\n[Chorus]\nOh, the weather's fine — ¿y tú?\n\nlast words";
    const sections = parseLyrics(text);
    expect(sections.map((s) => s.lines)).toEqual([
      ["Woke up slow, didn't   mean to stay"],
      ["Oh, the weather's fine — ¿y tú?", "last words"],
    ]);
    expect(titleFromLyrics("[Chorus]\nStay with me\nStay with me\n")).toBe("Stay with Me");
  });
});

describe("template word pools", () => {
  it("expands a pool into its words, keeping an empty option and the option's space", () => {
    expect(expandPools("[@modal] {the n} {n.base}?")).toBe(
      "[will|can|could|would|did|should|might] {the n} {n.base}?",
    );
    const hedge = expandPools("{the n} [|@qadv ]{n.base}");
    expect(hedge.startsWith("{the n} [|still |ever |")).toBe(true);
    expect(expandPools("[now|then] {the n}")).toBe("[now|then] {the n}");
  });

  it("refuses a pool it does not know", () => {
    expect(() => expandPools("[@nope] {the n}")).toThrow(/unknown word pool @nope/);
  });
});

describe("rhymes", () => {
  it("finds everyday rhymes from the pronouncing dictionary", () => {
    expect(rhymesFor("night")).toContain("light");
    expect(rhymesFor("fire")).toEqual(expect.arrayContaining(["higher", "wire"]));
    for (const w of rhymesFor("home")) expect(doesRhyme("home", w)).toBe(true);
    expect(doesRhyme("rain", "train")).toBe(true);
    expect(doesRhyme("home", "alone")).toBe(true); // slant
    expect(doesRhyme("night", "tonight")).toBe(false); // echo
    expect(doesRhyme("roar", "roars")).toBe(false); // one word
    expect(doesRhyme("door", "porch")).toBe(false);
  });
});

describe("palette cache", () => {
  it("keeps only the few most recent palettes, so a server writing many songs stays small", () => {
    // Each palette carries ~24 MB of cached line options once lines are written from it; 257 were
    // kept before, gigabytes in a server writing lyrics for many descriptions.
    const first = paletteOf("a long drive home", "Chill");
    expect(paletteOf("a long drive home", "Chill")).toBe(first);
    for (let i = 0; i < PALETTES_KEPT; i++) paletteOf(`my dog number ${i}`, "Happy");
    expect(paletteOf("a long drive home", "Chill")).not.toBe(first);
    // A palette in use stays: asked again between others, it is never the one dropped.
    const kept = paletteOf("the city at night", "Romantic");
    for (let i = 0; i < PALETTES_KEPT + 2; i++) {
      paletteOf(`a wedding day ${i}`, "Happy");
      expect(paletteOf("the city at night", "Romantic")).toBe(kept);
    }
  });
});
