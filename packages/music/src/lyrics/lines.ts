/**
 * Choosing one line: sample many template fillings for the line's job, keep those that end on
 * the wanted rhyme, and take the best by length, meter, freshness and use of the description.
 */
import { isFunctionWord } from "../phonetics";
import type { Rng } from "../prng";
import {
  bindingKeys,
  CALENDAR,
  isCalendar,
  endOptions,
  PARSED,
  render,
  sampleBinding,
  type Binding,
  type Template,
  type Usage,
} from "./grammar";
import { lengthCost, lineMeter, meterCost } from "./meter";
import type { Palette } from "./palette";
import { doesRhyme, perfectRhyme, rhymeInfo } from "./rhyme";
import type { Role } from "./templates";
import { stockness } from "./stock";
import { contentLemmas, echoesStem, isContentWord, wordPairs, wordsOf } from "./words";

export interface SongState {
  palette: Palette;
  usage: Usage;
  /** Lines already in the song (lowercase), never written twice outside the chorus. */
  lines: Set<string>;
  /** Rhyme words already used at line ends, to avoid leaning on one rhyme. */
  ends: Map<string, number>;
  /** Templates already used, so a song doesn't lean on one turn of phrase. */
  templates: Map<string, number>;
  /** Templates this song does without: each song has its own way of speaking. */
  banned: ReadonlySet<string>;
  /** Rhyme partners counted so far (by roles, ending and whether items are banned). */
  partners?: Map<string, number>;
  /** How often each two-word opening ("i still", "there's a") started a line of the song. */
  openers?: Map<string, number>;
  /** Word pairs already sung in the song ("by the", "the phone"), so lines don't echo each other. */
  pairs?: Set<string>;
}

export interface Candidate {
  text: string;
  end: string;
  cost: number;
  binding: Binding;
  template: Template;
}

type Option = ReturnType<typeof endOptions>[number] & { keys: string[] };
interface Options {
  /** Options whose ending can carry a rhyme (no function words). */
  all: Option[];
  /** The same, by slant-rhyme key of the ending. */
  byKey: Map<string, Option[]>;
}

const optionCache = new WeakMap<Palette, Map<string, Options>>();
function optionsFor(t: Template, palette: Palette): Options {
  let m = optionCache.get(palette);
  if (!m) optionCache.set(palette, (m = new Map()));
  let o = m.get(t.id);
  if (!o) {
    const all = endOptions(t, palette)
      .filter((x) => goodEnd(x.end))
      .map((x) => ({ ...x, keys: bindingKeys(x.fixed) }));
    const byKey = new Map<string, Option[]>();
    for (const x of all) {
      const k = rhymeInfo(x.end).slant;
      if (k === null) continue;
      const list = byKey.get(k);
      if (list) list.push(x);
      else byKey.set(k, [x]);
    }
    m.set(t.id, (o = { all, byKey }));
  }
  return o;
}

/** Per ending word: the usage keys of each way to end there (to tell banned ones apart). */
type EndGroups = Map<string, Map<string, string[][]>>;
const endCache = new WeakMap<Palette, Map<string, EndGroups>>();
/**
 * Every word lines of these roles can end on, grouped by slant-rhyme key, for "can this ending
 * find a rhyme later?".
 */
function roleEnds(roles: readonly Role[], palette: Palette): EndGroups {
  let m = endCache.get(palette);
  if (!m) endCache.set(palette, (m = new Map()));
  const key = roles.join("|");
  let groups = m.get(key);
  if (!groups) {
    groups = new Map();
    for (const role of roles)
      for (const t of usable(role, palette))
        for (const o of optionsFor(t, palette).all) {
          const k = rhymeInfo(o.end).slant;
          if (k === null) continue;
          let byEnd = groups.get(k);
          if (!byEnd) groups.set(k, (byEnd = new Map()));
          const keys = [...o.keys, `tpl:${t.id}`];
          const ways = byEnd.get(o.end);
          if (ways) ways.push(keys);
          else byEnd.set(o.end, [keys]);
        }
    m.set(key, groups);
  }
  return groups;
}

/**
 * How many words lines of these roles could end on that rhyme with `end`, leaving out ways
 * that use items or templates (`tpl:<id>`) this song does without.
 */
export function partnersIn(
  roles: readonly Role[],
  palette: Palette,
  end: string,
  banned?: (key: string) => boolean,
): number {
  const k = rhymeInfo(end).slant;
  if (k === null) return 0;
  let n = 0;
  for (const [e, ways] of roleEnds(roles, palette).get(k) ?? []) {
    if (!rhymes(end, e)) continue;
    if (!banned || ways.some((keys) => !keys.some(banned))) n++;
  }
  return n;
}

const rhymeMemo = new Map<string, boolean>();
export function rhymes(a: string, b: string): boolean {
  const key = `${a}|${b}`;
  let r = rhymeMemo.get(key);
  if (r === undefined) {
    r = doesRhyme(a, b);
    if (rhymeMemo.size < 200_000) rhymeMemo.set(key, r);
  }
  return r;
}

/** Templates of a role this palette can fill and whose mood fits. */
const usableCache = new WeakMap<Palette, Map<Role, Template[]>>();
export function usable(role: Role, palette: Palette): Template[] {
  let m = usableCache.get(palette);
  if (!m) usableCache.set(palette, (m = new Map()));
  let list = m.get(role);
  if (!list) m.set(role, (list = usableUncached(role, palette)));
  return list;
}

function usableUncached(role: Role, palette: Palette): Template[] {
  return PARSED[role].filter(
    (t) =>
      (t.valence === 0 || palette.valence === 0 || t.valence === palette.valence) &&
      (!t.uses.has("act") || palette.acts.length > 0),
  );
}

const goodEnd = (w: string): boolean => w.length > 1 && !/'/.test(w) && !isFunctionWord(w);

export interface LineRequest {
  roles: readonly Role[];
  range: [number, number, number];
  /** Rhyme with this word. */
  rhymeWith?: string | null;
  /** End on exactly this word (a rewrite keeps the rhyme words). */
  endWith?: string | null;
  /** This line opens a rhyme: its ending must have partners among these roles' endings. */
  partnerRoles?: readonly Role[] | null;
  /** Words at line ends in this section (no rhyming a word with itself). */
  sectionEnds: readonly string[];
  /** Content words of the previous line, to keep neighbours from saying the same thing. */
  previous?: readonly string[];
  /** The line must name something from the description (when the palette has anything). */
  fromDescription?: boolean;
}

export function chooseLine(req: LineRequest, state: SongState, rng: Rng): Candidate | null {
  const { palette } = state;
  const templates = req.roles
    .flatMap((r) => usable(r, palette))
    .filter((t) => !state.banned.has(t.id));
  const order = shuffle(templates, rng);
  const partnerRoles = req.partnerRoles ?? null;
  const partners = (state.partners ??= new Map<string, number>());
  const items = state.usage.banned;
  const memoKey = `${items ? "b" : "-"}|${(partnerRoles ?? []).join(",")}|`;
  const isBanned = (key: string): boolean =>
    key.startsWith("tpl:") ? state.banned.has(key.slice(4)) : (items?.has(key) ?? false);
  const partnerCount = (end: string): number => {
    const key = memoKey + end;
    let n = partners.get(key);
    if (n === undefined)
      partners.set(key, (n = partnerRoles ? partnersIn(partnerRoles, palette, end, isBanned) : 0));
    return n;
  };
  const candidates: Candidate[] = [];
  const targetKey = req.rhymeWith ? rhymeInfo(req.rhymeWith).slant : null;
  if (req.rhymeWith && targetKey === null) return null;
  const enough = req.rhymeWith ? 8 : 10;
  let tried = 0;
  for (const t of order) {
    const options = optionsFor(t, palette);
    let opts: Option[];
    if (req.endWith) {
      const word = req.endWith;
      opts = options.all.filter((o) => o.end === word);
    } else if (req.rhymeWith) {
      const target = req.rhymeWith;
      opts = (options.byKey.get(targetKey as string) ?? []).filter(
        (o) => rhymes(o.end, target) && !req.sectionEnds.includes(o.end),
      );
    } else {
      opts = options.all.filter((o) => !req.sectionEnds.includes(o.end));
      if (partnerRoles) opts = opts.filter((o) => partnerCount(o.end) > 0);
    }
    const banned = state.usage.banned;
    if (banned) opts = opts.filter((o) => !o.keys.some((k) => banned.has(k)));
    if (opts.length === 0) continue;
    // A line that must name the description draws more fillings: one of a palette's many
    // actions or things is seldom the description's own.
    const draws = req.fromDescription ? 4 : req.rhymeWith ? 2 : 1;
    for (let k = 0; k < draws; k++) {
      const o = rng.pick(opts);
      const binding = sampleBinding(t, palette, rng, state.usage, o.fixed);
      if (!binding) continue;
      if (req.fromDescription && !namesDescription(binding)) continue;
      const text = render(t, binding);
      let cost = lineCost(text, o.end, binding, req, state);
      // An ending with few rhymes left forces a strained partner line.
      if (cost !== null && partnerRoles) cost += 1.5 / partnerCount(o.end);
      if (cost !== null) {
        cost += 0.8 * (state.templates.get(t.id) ?? 0);
        cost += rng.next() * 0.9; // each song leans its own way among equally good lines
        candidates.push({ text, end: o.end, cost, binding, template: t });
      }
    }
    if (candidates.length >= enough) break;
    // Enough looking: a few good candidates out of many tries will do.
    if (++tried >= 28 && candidates.length >= 3) break;
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.cost - b.cost);
  // Any of the near-best lines will do: the seed chooses, so songs don't converge.
  const best = candidates[0] as Candidate;
  const close = candidates.filter((c) => c.cost <= best.cost + 0.4).slice(0, 5);
  return rng.pick(close);
}

function lineCost(
  text: string,
  end: string,
  b: Binding,
  req: LineRequest,
  state: SongState,
): number | null {
  const lower = text.toLowerCase();
  if (state.lines.has(lower)) return null;
  if (/\b(\w+) \1\b/.test(lower)) return null; // "on on", "the the"
  const lemmas = contentLemmas(text);
  if (new Set(lemmas).size !== lemmas.length || echoesStem(text)) return null;
  const meter = lineMeter(text);
  if (meter.syllables > req.range[2] + 2) return null;
  let cost = lengthCost(meter.syllables, req.range) + meterCost(meter.stresses) * 3;
  // Rare word pairs pull toward longer lines: a line past the section's range costs more.
  cost += OVERLONG_COST * Math.max(0, meter.syllables - req.range[2]);
  // Lines thick with small-word pairs ("and I don't in the …") say little and say it like every
  // other song; a pair the song has already sung makes its lines echo each other.
  cost += 4 * fillerShare(lower);
  if (state.pairs) cost += ECHO_COST * echoedPairs(lower, state.pairs);
  // A line too short for its section can't buy its way in with a pair or two of rare words.
  const stock = stockness(lower);
  cost +=
    STOCK_WEIGHT * (meter.syllables >= req.range[0] ? stock : Math.max(stock, SHORT_STOCKNESS));
  const u = state.usage.count;
  if (b.time && isCalendar(b.time) && (u.get(CALENDAR) ?? 0) > 0) return null;
  // The everyday places and times ("in the light", "late at night") rhyme with anything: a
  // crutch every song would lean on, so they come last.
  if (b.place?.topic === "everyday") cost += 0.6;
  if (b.time?.topic === "everyday") cost += 0.6;
  const uses = [
    b.n ? `img:${b.n.img.noun}` : null,
    b.m ? `img:${b.m.img.noun}` : null,
    b.place ? `place:${b.place.pp}` : null,
    b.time ? `time:${b.time.text}` : null,
    b.act ? `act:${b.act.base}` : null,
  ];
  for (const key of uses) if (key) cost += REUSE_COST * (u.get(key) ?? 0);
  const fromDescription =
    (b.n?.img.fromDescription ? 1 : 0) +
    (b.m?.img.fromDescription ? 1 : 0) +
    (b.place?.fromDescription ? 1 : 0) +
    (b.time?.fromDescription ? 1 : 0) +
    (b.act?.fromDescription ? 1 : 0);
  if (req.fromDescription && fromDescription === 0) return null;
  cost -= Math.min(2, fromDescription) * 0.35;
  // A line built only from the mood's stock imagery could sit in any song of that mood.
  const sources = [
    b.n?.img.source,
    b.m?.img.source,
    b.place?.source,
    b.time?.source,
    b.act?.source,
  ];
  const bound = sources.filter((x) => x !== undefined);
  if (bound.length > 0 && bound.every((x) => x === "mood")) {
    // A one-slot frame around the mood's stock image would be the same line in many songs.
    if (bound.length === 1) return null;
    cost += 3;
  }
  // A one-slot frame ("I still think about the …") is only as specific as its one word: it
  // takes the description's own things, or it would be the same line in many songs.
  if (bound.length === 1 && fromDescription === 0) return null;
  if (bound.length <= 1) cost += 0.4;
  cost += 0.8 * (state.ends.get(end) ?? 0);
  if (req.rhymeWith && perfectRhyme(end, req.rhymeWith)) cost -= 0.3;
  if (req.previous) for (const l of lemmas) if (req.previous.includes(l)) cost += 0.5;
  // Lines that all start "I still …" read like a list: vary the openings.
  cost += 0.7 * (state.openers?.get(opener(lower)) ?? 0);
  return cost;
}

/**
 * How much a line's stock word pairs cost (see stock.ts): with less, lines fall back on the
 * pairs every song sings; with more, meter and rhyme give way for little more variety. 35, not
 * 25, since the stock cost counts bank names and each bank's reach (about +0.004 distinct-2 on
 * two 200-song sets; 15 was worse).
 */
const STOCK_WEIGHT = 35;
/**
 * Per word pair the song has already sung: at 2 a line that echoed another one's "my job" or
 * "in the" still won often enough that a fifth of a song's repeated pairs were its own.
 */
const ECHO_COST = 4;
/**
 * Per earlier use in the song of the same thing, place, time or action: a thing named in every
 * other line ("the text message" four times in fourteen lines) reads as a list, not a story.
 */
const REUSE_COST = 2;
/** Per syllable past the section's longest line. */
const OVERLONG_COST = 1.5;
/**
 * As if each pair were said by six templates or phrases: more than most lines' (a line of the
 * everyday bank's phrases scores about 2.6).
 */
const SHORT_STOCKNESS = 2;

function namesDescription(b: Binding): boolean {
  return Boolean(
    b.n?.img.fromDescription ||
    b.m?.img.fromDescription ||
    b.place?.fromDescription ||
    b.time?.fromDescription ||
    b.act?.fromDescription,
  );
}

/** Share of a line's word pairs made of two small words ("in the", "i don't"). */
function fillerShare(line: string): number {
  const w = wordsOf(line);
  let small = 0;
  for (let i = 1; i < w.length; i++)
    if (!isContentWord(w[i - 1] as string) && !isContentWord(w[i] as string)) small++;
  return w.length > 1 ? small / (w.length - 1) : 0;
}

/** How many of a line's word pairs the song has already sung. */
function echoedPairs(line: string, sung: ReadonlySet<string>): number {
  return wordPairs(line).filter((p) => sung.has(p)).length;
}

const opener = (line: string): string => line.split(/\s+/).slice(0, 2).join(" ");

/** Record a chosen line in the song's state. */
export function commit(c: Candidate, state: SongState): void {
  const o = opener(c.text.toLowerCase());
  state.openers ??= new Map();
  state.openers.set(o, (state.openers.get(o) ?? 0) + 1);
  state.lines.add(c.text.toLowerCase());
  state.pairs ??= new Set();
  for (const p of wordPairs(c.text.toLowerCase())) state.pairs.add(p);
  state.ends.set(c.end, (state.ends.get(c.end) ?? 0) + 1);
  state.templates.set(c.template.id, (state.templates.get(c.template.id) ?? 0) + 1);
  const keys = bindingKeys(c.binding);
  for (const k of keys) if (k) state.usage.count.set(k, (state.usage.count.get(k) ?? 0) + 1);
}

function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A song's own voice: 40 % of the templates of each larger role are left out. */
export function banTemplates(rng: Rng): Set<string> {
  const banned = new Set<string>();
  for (const list of Object.values(PARSED)) {
    if (list.length < 10) continue;
    for (const t of list) if (rng.next() < 0.4) banned.add(t.id);
  }
  return banned;
}
