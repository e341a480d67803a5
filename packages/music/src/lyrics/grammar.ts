/**
 * Template → line. Each slot takes only what fits it: a noun slot an image (with a determiner
 * that agrees: "a" only before one countable thing, "an" before a vowel sound, no article before
 * an uncountable or a plural), a verb slot that image's own verb in the right form, an action
 * slot the singer's verb phrase conjugated for its subject.
 */
import type { Rng } from "../prng";
import { conjugatePhrase, indefiniteArticle, singularOf } from "./inflect";
import type { PAct, PImage, Palette, PPlace, PTime } from "./palette";
import { TEMPLATES, WORD_POOLS, type Role } from "./templates";
import { COUNTED, sameStem } from "./words";
import { adjSuits } from "./lexicon/kinds";
import type { Tagged, Valence } from "./lexicon/types";

type Det = "the" | "a" | "bare" | "my" | "your" | "our";
type ImageVar = "n" | "m";
type Slot =
  | { kind: "img"; v: ImageVar; det: Det; adj: boolean; concrete: boolean; singular: boolean }
  | { kind: "verb"; v: ImageVar; form: "v" | "past" | "ing" | "base" }
  | { kind: "place"; form: "pp" | "np" }
  | { kind: "time"; past: boolean }
  | { kind: "act"; form: "base" | "past" | "ing" | "pp" }
  | { kind: "subj"; form: "S" | "S'm" | "S'll" | "S've" | "S'd" }
  | { kind: "feel" }
  /** `[still|always|never once]`: the template's own wording varies from line to line. */
  | { kind: "alt"; index: number; options: string[] };

interface Need {
  verb: boolean;
  dets: Set<Det>;
  adj: boolean;
  concrete: boolean;
  /** `n!`: one thing or a mass, never a plural ("here comes the rain", not "… the stars"). */
  singular: boolean;
}

export interface Template {
  id: string;
  role: Role;
  parts: (string | Slot)[];
  valence: Valence;
  uses: Set<string>;
  /** Distinct things it names (images, place, time, action, feeling): more means more variety. */
  slots: number;
  /** Per image variable: needs a verb / determiners / an adjective. */
  images: Partial<Record<ImageVar, Need>>;
  /** How many options each `[a|b]` group offers, in order. */
  alts: number[];
  /** The action is told to someone, with no subject before it ("so dance with me"). */
  toldAct: boolean;
}

function parseSlot(body: string): Slot {
  const words = body.split(" ");
  if (words[0]?.startsWith("S")) return { kind: "subj", form: words[0] as "S" };
  const last = (words.at(-1) ?? "").replace(/[*!]+$/, "");
  const [name = "", form] = last.split(".");
  if (name === "n" || name === "m") {
    if (form) return { kind: "verb", v: name, form: form as "v" };
    const det = (words.length > 1 && words[0] !== "adj" ? words[0] : "the") as Det;
    // `n*`: a concrete thing (one that does something), not an event like "the championship".
    return {
      kind: "img",
      v: name,
      det,
      adj: words.includes("adj"),
      concrete: body.includes("*"),
      singular: body.includes("!"),
    };
  }
  if (name === "place") return { kind: "place", form: form === "np" ? "np" : "pp" };
  if (name === "time") return { kind: "time", past: form === "past" };
  if (name === "act") return { kind: "act", form: (form ?? "base") as "base" };
  if (name === "feel") return { kind: "feel" };
  throw new Error(`unknown slot {${body}}`);
}

/**
 * `[@conj]` or `[|@adv ]` in a template: an option naming a word pool stands for every word of
 * it (with the option's trailing space), so a frame's small words vary far more than a
 * hand-written list would let them ("I still …" in every song).
 */
export function expandPools(raw: string): string {
  return raw.replace(/\[([^\]]+)\]/g, (_, body: string) => {
    const options = body.split("|").flatMap((o) => {
      const m = /^@(\w+)(\s*)$/.exec(o);
      if (!m) return [o];
      const pool = WORD_POOLS[m[1] as string];
      if (!pool) throw new Error(`unknown word pool @${m[1]}`);
      return pool.map((w) => `${w}${m[2]}`);
    });
    return `[${options.join("|")}]`;
  });
}

function parseTemplate(role: Role, index: string, raw: string): Template {
  let text = raw;
  let valence: Valence = 0;
  if (/ \+$/.test(text)) valence = 1;
  if (/ -$/.test(text)) valence = -1;
  text = text.replace(/ [+-]$/, "");
  const parts: (string | Slot)[] = [];
  const uses = new Set<string>();
  const images: Template["images"] = {};
  const alts: number[] = [];
  let toldAct = false;
  for (const piece of text.split(/(\{[^}]+\}|\[[^\]]+\])/)) {
    if (!piece) continue;
    if (piece.startsWith("[")) {
      const options = piece.slice(1, -1).split("|");
      parts.push({ kind: "alt", index: alts.length, options });
      alts.push(options.length);
      continue;
    }
    if (!piece.startsWith("{")) {
      parts.push(piece);
      continue;
    }
    const slot = parseSlot(piece.slice(1, -1));
    // No subject before the action: it is told to someone.
    if (slot.kind === "act" && !uses.has("act")) toldAct = true;
    parts.push(slot);
    uses.add(slot.kind === "img" || slot.kind === "verb" ? slot.v : slot.kind);
    if (slot.kind === "img" || slot.kind === "verb") {
      const need = (images[slot.v] ??= {
        verb: false,
        dets: new Set(),
        adj: false,
        concrete: false,
        singular: false,
      });
      if (slot.kind === "verb") need.verb = true;
      else {
        need.dets.add(slot.det);
        if (slot.adj) need.adj = true;
        if (slot.concrete) need.concrete = true;
        if (slot.singular) need.singular = true;
      }
    }
    if (slot.kind === "subj") uses.add("act");
  }
  const slots = [...uses].filter((u) => u !== "act" || text.includes("{act")).length;
  return { id: `${role}:${index}`, role, parts, valence, uses, images, slots, alts, toldAct };
}

/**
 * A template ending on a choice ("… from [here|the door]") becomes one template per option: the
 * rhyme is chosen by the line's last word, so that word must be fixed before sampling.
 */
function expandEnding(raw: string): string[] {
  const m = /^(.*)\[([^\]]+)\]([?]?(?: [+-])?)$/.exec(raw);
  if (!m) return [raw];
  const [, head = "", options = "", tail = ""] = m;
  return options.split("|").map((o) => `${head}${o}${tail}`);
}

export const PARSED: Record<Role, Template[]> = Object.fromEntries(
  Object.entries(TEMPLATES).map(([role, list]) => [
    role,
    list.flatMap((raw, i) =>
      expandEnding(expandPools(raw)).map((x, k, all) =>
        parseTemplate(role as Role, all.length > 1 ? `${i}.${k}` : `${i}`, x),
      ),
    ),
  ]),
) as Record<Role, Template[]>;

// ---------------------------------------------------------------------------------------------

export interface BoundImage {
  img: PImage;
  verb: Tagged | null;
  adj: Tagged | null;
  /** Sing the adjective even where the template did not ask for one ("the pale headlights"). */
  decorate?: boolean;
  /** Said in place of "the" ("that old radio", "your headlights"). */
  det?: string;
}

export interface Binding {
  n?: BoundImage;
  m?: BoundImage;
  place?: PPlace;
  /** An adjective sung inside a stock place: "down the {empty} highway". */
  placeAdj?: string;
  /** Said in place of the stock place's "the" ("down that highway"). */
  placeDet?: string;
  time?: PTime;
  /** An adjective for the thing in a composed "when" ("till pale headlights burn low"). */
  timeAdj?: string;
  act?: PAct;
  /** Said in place of the first "the" of a bank's action ("chase that light"). */
  actDet?: string;
  /** How the singer does it, sung between the subject and the action ("I slowly drive"). */
  actAdv?: string;
  /** An adjective for the thing in a composed action ("fold the faded letters"). */
  actAdj?: string;
  feel?: string;
  /** The option taken in each of the template's `[a|b]` groups. */
  alts?: number[];
}

export function imageFits(
  img: PImage,
  need: { verb: boolean; dets: Set<Det>; adj: boolean; singular?: boolean },
): boolean {
  if (need.verb && img.verbs.length === 0) return false;
  if (need.singular && img.number === "pl") return false;
  if (need.adj && img.adjs.length === 0) return false;
  if (img.proper && (need.adj || need.dets.has("a"))) return false;
  for (const det of need.dets) {
    if (det === "the" || (img.proper && det === "bare")) continue;
    if (img.owner || img.definiteOnly) return false;
    if (det === "a" && img.number !== "sg") return false;
    if (det === "bare" && img.number === "sg") return false;
  }
  return true;
}

const SUBJ: Record<string, Record<string, string>> = {
  I: { S: "I", "S'm": "I'm", "S'll": "I'll", "S've": "I've", "S'd": "I'd" },
  we: { S: "we", "S'm": "we're", "S'll": "we'll", "S've": "we've", "S'd": "we'd" },
  you: { S: "you", "S'm": "you're", "S'll": "you'll", "S've": "you've", "S'd": "you'd" },
};

function nounPhrase(b: BoundImage, det: Det, withAdj: boolean): string {
  const { img } = b;
  if (img.proper) return img.noun;
  const core = (withAdj || b.decorate) && b.adj ? `${b.adj.text} ${img.noun}` : img.noun;
  if (img.owner) return `${img.owner} ${core}`;
  switch (det) {
    case "the":
      if (b.det === BARE) return core;
      return `${demonstrativeFits(b.det, core) ? b.det : "the"} ${core}`;
    case "a":
      return `${indefiniteArticle(core)} ${core}`;
    case "bare":
      return core;
    default:
      return `${det} ${core}`;
  }
}

function verbPhrase(img: PImage, verb: Tagged, form: "v" | "past" | "ing" | "base"): string {
  if (form === "v") return img.number === "pl" ? verb.text : conjugatePhrase(verb.text, "s");
  if (form === "past") return conjugatePhrase(verb.text, "past");
  if (form === "ing") return conjugatePhrase(verb.text, "ing");
  return verb.text;
}

/** Render a template with a complete binding. */
export function render(t: Template, b: Binding): string {
  let out = "";
  let last: Slot | null = null;
  for (const p of t.parts) {
    if (typeof p === "string") {
      out += p;
      if (p.trim()) last = null;
      continue;
    }
    // Right after a place or a "when", a bare thing would read as part of it ("on a sunny
    // Friday breezy rings fit"): there it keeps its "the".
    const x = p.kind === "img" ? b[p.v] : undefined;
    const run = last?.kind === "time" || last?.kind === "place";
    const said =
      p.kind === "img" && x && run && x.det === BARE
        ? { ...b, [p.v]: { ...x, det: undefined } }
        : b;
    out += renderSlot(p, said, out);
    last = p;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** A subject just sung ("I", "we'll", "you're"): an adverb may come between it and the action. */
const AFTER_SUBJECT = /\b(i|we|you)('m|'re|'ll|'d|'ve)? $/i;

function renderSlot(p: Slot, b: Binding, before = ""): string {
  switch (p.kind) {
    case "img": {
      const x = b[p.v];
      return x ? nounPhrase(x, p.det, p.adj) : "";
    }
    case "verb": {
      const x = b[p.v];
      return x && x.verb ? verbPhrase(x.img, x.verb, p.form) : "";
    }
    case "place": {
      if (!b.place) return "";
      const text = p.form === "np" ? b.place.np : b.place.pp;
      const c = b.place.composed;
      if (c && b.placeAdj)
        return p.form === "np"
          ? `the ${b.placeAdj} ${c.noun}`
          : `${c.prep} ${b.placeAdj} ${c.noun}`;
      if (!b.placeAdj && !b.placeDet) return text;
      const said = b.placeAdj ? `${b.placeAdj} ` : "";
      return text.replace(/\bthe (\w+)$/, (_, noun: string) => {
        const det = demonstrativeFits(b.placeDet, `${said}${noun}`) ? b.placeDet : "the";
        return `${det} ${said}${noun}`;
      });
    }
    case "time": {
      const c = b.time?.composed;
      if (!c) return b.time?.text ?? "";
      // In a frame told in the past, the "when" is past too ("I drove home once the boots dragged").
      const verb = p.past ? c.past : c.verb;
      return `${c.conj} ${b.timeAdj ? `${b.timeAdj} ` : ""}${c.noun} ${verb}`;
    }
    case "act": {
      if (!b.act) return "";
      const form = p.form === "pp" ? "participle" : p.form;
      const c = b.act.composed;
      // Several things or a mass said with an adjective go without "the" ("read old letters").
      const det = c?.bare ? "" : "the ";
      const base =
        c && b.actAdj
          ? b.act.base.replace(`the ${c.noun}`, `${det}${b.actAdj} ${c.noun}`)
          : b.act.base;
      const text = conjugatePhrase(base, form);
      const said = b.actDet ? text.replace(/\bthe (?=\w)/, `${b.actDet} `) : text;
      return b.actAdv && AFTER_SUBJECT.test(before) ? `${b.actAdv} ${said}` : said;
    }
    case "subj":
      return SUBJ[b.act?.subject ?? "I"]?.[p.form] ?? "I";
    case "feel":
      return b.feel ?? "";
    case "alt":
      return p.options[b.alts?.[p.index] ?? 0] ?? "";
  }
}

// ---------------------------------------------------------------------------------------------
// Sampling a binding

export interface Usage {
  /** How often each image / place / time / act was used in the song so far. */
  count: Map<string, number>;
  /** Items this song leaves out (see banItems), so songs on one topic don't share lines. */
  banned?: ReadonlySet<string>;
}

/** The usage keys of a binding's items. */
export function bindingKeys(b: Binding): string[] {
  const keys: string[] = [];
  if (b.n) keys.push(`img:${b.n.img.noun}`);
  if (b.m) keys.push(`img:${b.m.img.noun}`);
  // A lent verb at the end of a line ("the radio lingers") is one this song may do without.
  for (const x of [b.n, b.m])
    if (x?.verb?.lent) keys.push(lentKey("verb", x.img.noun, x.verb.text));
  if (b.place) keys.push(`place:${b.place.pp}`);
  if (b.time) keys.push(`time:${b.time.text}`);
  if (b.act) keys.push(`act:${b.act.base}`);
  if (b.time && isCalendar(b.time)) keys.push(CALENDAR);
  return keys;
}

/** Usage key shared by the named days and months: one of them per song is plenty. */
export const CALENDAR = "calendar";
export const isCalendar = (t: PTime): boolean => t.topic.startsWith("calendar:");

/**
 * Each song draws on part of its palette: 45 % of the main topic's items, 50 % of the other
 * topics' and 55 % of the mood's are left out (never the description's own), so two songs about
 * the sea don't share lines. Leaving out more starved each song of things and its lines repeated
 * their own word pairs (bench distinct-2, before the larger topic banks: 0.535 at these rates,
 * 0.527 at 72/75/80 %, 0.530 at 30/35/40 %). Of what is made of one thing, and of the mood's
 * words lent to it, each song keeps a few, a different few from the next song's.
 */
export function banItems(palette: Palette, rng: Rng): Set<string> {
  const banned = new Set<string>();
  const primary = palette.theme.topics[0]?.id;
  const consider = (key: string, source: string, topic: string): void => {
    if (source === "description") return;
    // The everyday places and times ("in the light", "late at night") fit every song, so they
    // would be in every song: each song keeps only a few of them.
    const rate =
      topic === "everyday" ? 0.8 : source === "mood" ? 0.55 : topic === primary ? 0.45 : 0.5;
    if (rng.next() < rate) banned.add(key);
  };
  for (const i of palette.images) consider(`img:${i.noun}`, i.source, i.topic);
  // Places, times and actions made of one thing ("through pale headlights", "till headlights
  // burn low", "fold the letters"): the song keeps about two of each thing's (four "when"s).
  const made = new Map<string, string[]>();
  const keepOrGroup = (kind: string, id: string, item: BannableItem): void => {
    const key = `${kind}:${id}`;
    if (!item.composed) return consider(key, item.source, item.topic);
    const group = `${kind}:${item.composed.noun}`;
    made.set(group, [...(made.get(group) ?? []), key]);
  };
  for (const p of palette.places) keepOrGroup("place", p.pp, p);
  for (const t of palette.times) keepOrGroup("time", t.text, t);
  for (const a of palette.acts) keepOrGroup("act", a.base, a);
  for (const [group, keys] of made) {
    const keep = group.startsWith("time:") ? MADE_TIMES_KEPT : MADE_KEPT;
    for (const k of keys) if (rng.next() >= keep / keys.length) banned.add(k);
  }
  // Of the mood's words lent to each thing, the song keeps about six of each kind.
  for (const img of palette.images)
    for (const [kind, lent] of [
      ["adj", img.adjs.filter((a) => a.lent)],
      ["verb", img.verbs.filter((v) => v.lent)],
    ] as const)
      for (const x of lent)
        if (rng.next() >= LENT_KEPT / lent.length) banned.add(lentKey(kind, img.noun, x.text));
  return banned;
}

/** A place, time or action as banItems sees it. */
interface BannableItem {
  composed?: { noun: string };
  source: string;
  topic: string;
}
/**
 * Per thing, how many places or actions made of it a song keeps, and how many "when"s. Keeping
 * more than one (the fixed two per thing before) gave each song more of its own word pairs: bench
 * distinct-2 on four seed sets 0.601-0.611 keeping 1 and 2, 0.612-0.617 keeping 2 and 4, 0.608-0.616
 * keeping 3 and 6.
 */
const MADE_KEPT = 2;
const MADE_TIMES_KEPT = 4;
/** How many of the mood's adjectives, and of its verbs, a song lets each thing borrow. */
const LENT_KEPT = 6;
const lentKey = (kind: "adj" | "verb", noun: string, text: string): string =>
  `${kind}:${noun}|${text}`;
/** A word lent to a thing that this song left out (a thing's own words never are). */
const leftOut = (usage: Usage, kind: "adj" | "verb", noun: string, text: string): boolean =>
  usage.banned?.has(lentKey(kind, noun, text)) ?? false;
/** The thing's verbs this song keeps: its own and the lent ones it didn't leave out. */
const keptVerbs = (img: PImage, usage: Usage): Tagged[] =>
  img.verbs.filter((v) => !v.lent || !leftOut(usage, "verb", img.noun, v.text));

type Kept = Pick<Palette, "places" | "times" | "acts">;
const keptCache = new WeakMap<ReadonlySet<string>, Kept>();
/** The palette's places, times and actions this song keeps (worked out once per song). */
function keptItems(palette: Palette, usage: Usage): Kept {
  const banned = usage.banned;
  if (!banned) return palette;
  let kept = keptCache.get(banned);
  if (!kept)
    keptCache.set(
      banned,
      (kept = {
        places: palette.places.filter((p) => !banned.has(`place:${p.pp}`)),
        times: palette.times.filter((t) => !banned.has(`time:${t.text}`)),
        acts: palette.acts.filter((a) => !banned.has(`act:${a.base}`)),
      }),
    );
  return kept;
}

const novelty = (usage: Usage, key: string): number => 1 / (1 + 5 * (usage.count.get(key) ?? 0));

function pickWeighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number): T | undefined {
  if (items.length === 0) return undefined;
  return rng.weighted(items, items.map(weight));
}

/**
 * A random complete binding for a template, or null when the palette cannot fill it.
 * `fixed` pre-binds slots (used to force a rhyme word at the end of the line).
 */
export function sampleBinding(
  t: Template,
  palette: Palette,
  rng: Rng,
  usage: Usage,
  fixed: Binding = {},
): Binding | null {
  const b: Binding = { ...fixed };
  // Things of one bank belong together: the headlights go with the highway, not the dance floor.
  const primary = palette.theme.topics[0]?.id;
  const anchors = (): Set<string> => {
    const set = new Set<string>();
    const topics = [b.n?.img.topic, b.m?.img.topic, b.place?.topic, b.time?.topic, b.act?.topic];
    for (const x of topics) if (x && x !== "description") set.add(x);
    // The description's own thing is best placed in the description's world.
    if (set.size === 0 && topics.includes("description")) {
      set.add("description");
      if (primary) set.add(primary);
    }
    return set;
  };
  const affinity = (topic: string, near: Set<string>): number =>
    near.size === 0 ? 1 : near.has(topic) ? 3 : topic === "description" ? 2 : 1;
  // Frames with a single slot ("I still think about the …") need the variety most.
  const decorateChance = t.slots <= 1 ? 0.6 : 0.45;
  for (const v of ["n", "m"] as const) {
    const need = t.images[v];
    if (!need) continue;
    const bound = b[v];
    if (bound) {
      // The ending fixed the image; its verb and adjective are still free.
      b[v] = withAdjective(
        {
          img: bound.img,
          verb: bound.verb ?? (need.verb ? rng.pick(keptVerbs(bound.img, usage)) : null),
          adj: bound.adj ?? (need.adj ? pickAdj(bound.img, palette, rng, usage) : null),
        },
        need.adj,
        rng,
        decorateChance,
        palette,
        usage,
      );
      continue;
    }
    const other = v === "n" ? b.m : b.n;
    const options = fittingImages(t, v, palette).filter(
      (img) =>
        !usage.banned?.has(`img:${img.noun}`) &&
        (!other || (img !== other.img && !img.lemmas.some((l) => other.img.lemmas.includes(l)))),
    );
    const near = anchors();
    const img = pickWeighted(
      rng,
      options,
      (i) => i.weight * novelty(usage, `img:${i.noun}`) * affinity(i.topic, near),
    );
    if (!img) return null;
    b[v] = withAdjective(
      {
        img,
        verb: need.verb ? rng.pick(keptVerbs(img, usage)) : null,
        adj: need.adj ? pickAdj(img, palette, rng, usage) : null,
      },
      need.adj,
      rng,
      decorateChance,
      palette,
      usage,
    );
  }
  if (t.uses.has("place") && !b.place) {
    const places = keptItems(palette, usage).places;
    const near = anchors();
    b.place = pickWeighted(
      rng,
      places,
      (p) => p.weight * novelty(usage, `place:${p.pp}`) * affinity(p.topic, near),
    );
    if (!b.place) return null;
  }
  if (b.place && !b.placeAdj && rng.chance(b.place.composed ? 0.85 : 0.7)) {
    const adj = placeTexture(b.place, palette, rng, usage);
    if (adj) b.placeAdj = adj;
  }
  if (t.uses.has("time") && !b.time) {
    const calendarUsed = (usage.count.get(CALENDAR) ?? 0) > 0;
    const times = keptItems(palette, usage).times.filter(
      (p) => !(calendarUsed && isCalendar(p)) && (!oneThing(t) || fitsOneThing(p)),
    );
    const near = anchors();
    b.time = pickWeighted(
      rng,
      times,
      (p) => p.weight * novelty(usage, `time:${p.text}`) * affinity(p.topic, near),
    );
    if (!b.time) return null;
  }
  if (b.time?.composed && !b.timeAdj && rng.chance(0.8)) {
    const adj = thingTexture(b.time.composed, palette, rng, usage);
    if (adj) b.timeAdj = adj;
  }
  if (t.uses.has("act") && !b.act) {
    const acts = keptItems(palette, usage).acts.filter((a) => !t.toldAct || canBeTold(a));
    const near = anchors();
    b.act = pickWeighted(
      rng,
      acts,
      (a) => a.weight * novelty(usage, `act:${a.base}`) * affinity(a.topic, near),
    );
    if (!b.act) return null;
  }
  if (b.act?.composed && !b.actAdj && rng.chance(0.6)) {
    const adj = thingTexture(b.act.composed, palette, rng, usage);
    if (adj) b.actAdj = adj;
  }
  if (t.uses.has("feel") && !b.feel) b.feel = rng.pick(palette.feel);
  if (b.act && rng.chance(0.5)) b.actAdv = rng.pick(palette.adverbs);
  if (t.alts.length > 0) b.alts = t.alts.map((n) => rng.int(0, n - 1));
  for (const v of ["n", "m"] as const) {
    const x = b[v];
    if (!x || !t.images[v]?.dets.has("the")) continue;
    if (goesBare(x.img, rng)) {
      // A plural or a mass said without "the" is said with one of its adjectives.
      const adj = x.adj ?? pickAdj(x.img, palette, rng, usage);
      b[v] = { ...x, det: BARE, ...(adj ? { adj, decorate: true } : {}) };
    } else b[v] = { ...x, det: otherDeterminer(x.img, rng) };
  }
  if (b.place && !b.placeDet && /\bthe \w+$/.test(b.place.pp) && placeTakesDet(b.place)) {
    const det = rng.chance(PLACE_DETERMINER_CHANCE) ? rng.pick(PLACE_DETS) : undefined;
    if (det) b.placeDet = det;
  }
  // The description's own action keeps its words ("win the championship").
  const actNoun = b.act && b.act.source !== "description" ? / the (\w+)/.exec(b.act.base) : null;
  if (actNoun && !ACT_KEEPS_THE.test(actNoun[1] as string) && rng.chance(0.5)) {
    // The number is the head noun's, not its adjective's: "pass those slow trucks".
    // A composed action knows its thing's number ("that school bus", not "these school bus").
    const plural = b.act?.composed ? b.act.composed.plural : actPlural(b.act?.base ?? "");
    const det = rng.pick(plural ? PLURAL_PLACE_DETS : PLACE_DETS);
    // "That tennis ball" reads as a number slip, as for things: say "your" instead. The word
    // after the determiner is a composed action's adjective when it has one.
    const next = b.act?.composed && b.actAdj ? b.actAdj : (actNoun[1] as string);
    b.actDet = demonstrativeFits(det, next) ? det : rng.pick(["your", "our"]);
  }
  return b;
}

/**
 * "Here comes {the n!}" frames: a plural in the "when" after the one thing is heard as what comes
 * ("here goes the phone while shadows grow", "here comes our wedding these days").
 */
const oneThing = (t: Template): boolean =>
  Object.values(t.images).some((need) => need?.singular === true);
/** After "here comes the …": no composed "when" and no plural in a stock one ("these days"). */
const fitsOneThing = (time: PTime): boolean =>
  !time.composed && time.text.split(" ").every((w) => singularOf(w) === w);

/**
 * An action with the singer in it ("say I do", "call up all my friends") can't be told to
 * someone else: "say I do beside me".
 */
const canBeTold = (a: PAct): boolean => !/\b(i|me|my|myself|mine|i'm|i'll|i've)\b/i.test(a.base);

/**
 * Several things or a mass may go without a determiner ("pale headlights sweep the road", "I
 * miss cold coffee"): "the" and its stand-ins sat in most of a song's word pairs, and those pairs
 * ("in the", "the night") were the same in every song.
 */
const BARE = "";
function goesBare(img: PImage, rng: Rng): boolean {
  if (img.owner || img.proper || img.definiteOnly || img.number === "sg") return false;
  if (COUNTED.test(img.noun)) return false;
  const last = img.noun.split(" ").at(-1) ?? "";
  // A mass that reads as a plural ("news") or a plural that doesn't ("people") keeps its "the".
  if ((img.number === "pl") !== (singularOf(last) !== last)) return false;
  return rng.chance(BARE_CHANCE);
}
const BARE_CHANCE = 0.8;

/**
 * "The" said a different way now and then: "that radio", "your headlights", "these streets".
 * Every song saying "the" before each of its things would share most word pairs with every
 * other song; a name, a thing the description owned and "the milky way" keep theirs. More often
 * (60 %, and 50 % for places) bought distinct-2 +0.004 to +0.008, but the voice bench's recall read
 * 38.3 % with it and 41.8 % without (one run each): pocketsphinx hears "the" best of all words.
 */
const OTHER_DETERMINER_CHANCE = 0.45;
/** The same for a stock place: "on this porch", "down our street". */
const PLACE_DETERMINER_CHANCE = 0.35;
function otherDeterminer(img: PImage, rng: Rng): string | undefined {
  if (img.owner || img.proper || img.definiteOnly || !rng.chance(OTHER_DETERMINER_CHANCE))
    return undefined;
  // A singular that looks plural ("christmas", "news") would read as "this" + plural: keep "the".
  const last = img.noun.split(" ").at(-1) ?? "";
  if (img.number !== "pl" && singularOf(last) !== last) return undefined;
  // "all the three dots", "those two hands": a counted thing keeps its "the".
  if (COUNTED.test(img.noun)) return undefined;
  return rng.pick(img.number === "pl" ? PLURAL_DETS : SINGULAR_DETS);
}
/**
 * "This"/"that" right before a word that reads as a plural ("that famous stage", "this gas
 * station") sounds like a number slip: such a phrase keeps its "the".
 */
function demonstrativeFits(det: string | undefined, phrase: string): det is string {
  if (!det) return false;
  if (det !== "this" && det !== "that") return true;
  const next = phrase.split(" ")[0] ?? "";
  return singularOf(next) === next;
}

const SINGULAR_DETS = ["this", "that", "your", "my", "our"];
const PLURAL_DETS = ["these", "those", "your", "my", "our", "all the"];
const PLACE_DETS = ["this", "that", "your", "our"];
const PLURAL_PLACE_DETS = ["these", "those", "your", "our"];
/** The determiners said in place of "the" that are two words ("that same"), for stock.ts. */
export const DETERMINER_PHRASES = [...SINGULAR_DETS, ...PLURAL_DETS].filter((d) => / /.test(d));

function placeTakesDet(place: PPlace): boolean {
  if (place.source === "description") return false;
  const m = /\bthe (\w+)$/.exec(place.pp);
  return Boolean(m && !BARE_SETTING.test(m[1] as string) && !/s$/.test(m[1] as string));
}

/**
 * Whether an action's first "the" names several things: "watch the waves roll in", "pass the
 * slow trucks" (the word after an adjective), but not "turn the key".
 */
function actPlural(base: string): boolean {
  const [first = "", second] = / the (.+)$/.exec(base)?.[1]?.split(" ") ?? [];
  const plural = (w: string): boolean => singularOf(w) !== w;
  return plural(first) || (second !== undefined && !PHRASE_END.test(second) && plural(second));
}
const PHRASE_END =
  /^(on|in|at|to|down|up|off|out|with|of|for|from|by|back|over|into|through|away|again|home|low|around)$/;

/** "Stay the night", "take the long way": idioms that only work with "the". */
const ACT_KEEPS_THE =
  /^(night|day|light|dark|way|long|whole|same|other|world|sun|moon|sky|past|end|rest|most|time|weekend|morning)$/;

/** Places a texture word may go into: a stock place ending "the <noun>", not a dark or a light. */
const BARE_SETTING =
  /^(dark|light|cold|rain|snow|sunshine|sun|moon|sky|night|crowd|morning|heat|wind|air|world|past|way|dawn)$/;
function placeTexture(place: PPlace, palette: Palette, rng: Rng, usage: Usage): string | null {
  if (place.composed) return thingTexture(place.composed, palette, rng, usage);
  if (place.source === "description") return null;
  const m = /\bthe (\w+)$/.exec(place.pp);
  if (!m || BARE_SETTING.test(m[1] as string)) return null;
  const options = palette.placeTextures.filter((a) => a !== m[1]);
  return options.length > 0 ? rng.pick(options) : null;
}

/** The thing's own adjective or the mood's: "among pale headlights", "till hazy headlights …". */
function thingTexture(
  c: { noun: string; adjs: string[] },
  palette: Palette,
  rng: Rng,
  usage: Usage,
): string | null {
  const own = c.adjs.filter(
    (a) => !echoes(a, c.noun) && adjSuits(a, c.noun) && !leftOut(usage, "adj", c.noun, a),
  );
  const text = own.length > 0 && rng.chance(0.5) ? rng.pick(own) : lentAdj(c.noun, palette, rng);
  return text && !echoes(text, c.noun) ? text : null;
}

const fitCache = new WeakMap<Palette, Map<string, PImage[]>>();
/** The palette's images that fit a template's image slot (cached per palette). */
function fittingImages(t: Template, v: ImageVar, palette: Palette): PImage[] {
  let m = fitCache.get(palette);
  if (!m) fitCache.set(palette, (m = new Map()));
  const key = `${t.id}/${v}`;
  let list = m.get(key);
  if (!list) {
    const need = t.images[v];
    list = need ? palette.images.filter((img) => imageFits(img, need)) : [];
    m.set(key, list);
  }
  return list;
}

/** Now and then an image gets one of its adjectives even where the template didn't ask. */
function withAdjective(
  x: BoundImage,
  asked: boolean,
  rng: Rng,
  chance: number,
  palette: Palette,
  usage: Usage,
): BoundImage {
  // In a one-slot frame a stock image always gets an adjective: "the city lights" alone would
  // make the same line in every song about a city.
  const p = chance >= 0.6 && !x.img.fromDescription ? 1 : chance;
  if (asked || x.img.adjs.length === 0 || !rng.chance(p)) return x;
  return { ...x, adj: pickAdj(x.img, palette, rng, usage), decorate: true };
}

/**
 * An adjective for a thing: its own ("pale headlights") or, half the time, one of the mood's
 * many shades, so the same thing is not sung with the same few words in every song. A name and
 * a thing the description described keep to their own words.
 */
function pickAdj(img: PImage, palette: Palette, rng: Rng, usage: Usage): Tagged | null {
  const fit = img.adjs.filter(
    (a) =>
      !echoes(a.text, img.noun) &&
      adjSuits(a.text, img.noun) &&
      !(a.lent && leftOut(usage, "adj", img.noun, a.text)),
  );
  const own = fit.length > 0 ? rng.pick(fit) : null;
  if (img.proper || img.definiteOnly || (own && rng.chance(0.5))) return own;
  const text = lentAdj(img.noun, palette, rng);
  if (!text || img.lemmas.includes(text) || echoes(text, img.noun)) return own;
  return { text, valence: 0 };
}

/** One of the mood's shades that the thing can have: no "rusted blankets", no "velvet coffee". */
function lentAdj(noun: string, palette: Palette, rng: Rng): string | null {
  const suited = palette.shades.filter((a) => adjSuits(a, noun));
  return suited.length > 0 ? rng.pick(suited) : null;
}

/** An adjective that says its noun again: "moonlit moonlight", "sunny sunlight", "misty mist". */
function echoes(adj: string, noun: string): boolean {
  const stem = adj.slice(0, 4);
  return noun
    .split(" ")
    .some((w) => w === adj || sameStem(w, adj) || (stem.length === 4 && w.startsWith(stem)));
}

/** The last slot or word of a template decides the rhyme. */
export function endPart(t: Template): string | Slot {
  for (let i = t.parts.length - 1; i >= 0; i--) {
    const p = t.parts[i] as string | Slot;
    if (typeof p !== "string") return p;
    // A closing "?" is not the rhyme word.
    const words = p
      .trim()
      .split(/\s+/)
      .filter((w) => /[a-z0-9]/i.test(w));
    if (words.length > 0) return words.at(-1) as string;
  }
  return "";
}

/**
 * Every way to fill a template's final slot, with the word it would end on: the writer filters
 * these by rhyme and then samples the rest of the line around the chosen ending.
 */
export function endOptions(t: Template, palette: Palette): { fixed: Binding; end: string }[] {
  const p = endPart(t);
  const lastWord = (s: string): string =>
    (s.split(/\s+/).at(-1) ?? "").toLowerCase().replace(/[^a-z']/g, "");
  if (typeof p === "string") return [{ fixed: {}, end: lastWord(p) }];
  const out: { fixed: Binding; end: string }[] = [];
  switch (p.kind) {
    case "img": {
      const need = t.images[p.v];
      for (const img of palette.images)
        if (need && imageFits(img, need))
          out.push({ fixed: { [p.v]: { img, verb: null, adj: null } }, end: lastWord(img.noun) });
      break;
    }
    case "verb": {
      const need = t.images[p.v];
      for (const img of palette.images) {
        if (!need || !imageFits(img, need)) continue;
        for (const verb of img.verbs) {
          out.push({
            fixed: { [p.v]: { img, verb, adj: null } },
            end: lastWord(verbPhrase(img, verb, p.form)),
          });
        }
      }
      break;
    }
    case "place":
      for (const place of palette.places)
        out.push({ fixed: { place }, end: lastWord(p.form === "np" ? place.np : place.pp) });
      break;
    case "time":
      for (const time of palette.times)
        if (!oneThing(t) || fitsOneThing(time))
          out.push({
            fixed: { time },
            end: lastWord(p.past && time.composed ? time.composed.past : time.text),
          });
      break;
    case "act": {
      const form = p.form === "pp" ? "participle" : p.form;
      for (const act of palette.acts)
        if (!t.toldAct || canBeTold(act))
          out.push({ fixed: { act }, end: lastWord(conjugatePhrase(act.base, form)) });
      break;
    }
    case "feel":
      for (const feel of palette.feel) out.push({ fixed: { feel }, end: lastWord(feel) });
      break;
    case "subj":
      break;
  }
  return out;
}
