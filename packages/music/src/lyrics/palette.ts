/**
 * A song's palette: the images, places, times and actions one song may use, weighted so the
 * description's own words come first, then the topics it calls, then the mood's imagery.
 */
import { MOOD_PROFILES } from "../profiles";
import type { Mood } from "../profiles";
import { hashString } from "../prng";
import { calendarTimes, EVERYDAY, MOOD_BANKS, MOOD_TEXTURES } from "./lexicon/moods";
import {
  DAY_PARTS,
  MOOD_ADVERBS,
  MOOD_SHADES,
  MOOD_VERBS,
  MORE_FEELINGS,
  PLACE_SHADES,
  TIME_SHADES,
} from "./lexicon/shades";
import { adjSuits, kindActs, kindOf, kindPreps } from "./lexicon/kinds";
import { commaList } from "./lexicon/parse";
import type { ImageEntry, Tagged, TimeEntry, Topic, Valence } from "./lexicon/types";
import { conjugatePhrase, singularOf } from "./inflect";
import { COUNTED, sameStem } from "./words";
import type { DescribedNoun, Subject, Theme } from "./understand";

export interface PImage {
  /** As sung after a determiner: "headlights", "night shift", "hand" (with owner "your"). */
  noun: string;
  number: "sg" | "pl" | "mass";
  /** A determiner the noun must keep ("my" dog, "your" hand); null for free ones. */
  owner: string | null;
  /** Only with "the" ("the milky way"). */
  definiteOnly: boolean;
  /** A name ("Tokyo"): no article at all. */
  proper?: boolean;
  verbs: Tagged[];
  adjs: Tagged[];
  weight: number;
  fromDescription: boolean;
  /** Where it came from: the description, a topic it calls, or the mood's fallback imagery. */
  source: Source;
  /** The bank it came from ("drive", "mood:Happy", "description"): things of one bank go together. */
  topic: string;
  /** Lemmas of its words, to keep one line from naming the same thing twice. */
  lemmas: string[];
}

export type Source = "description" | "topic" | "mood";

export interface PPlace {
  pp: string;
  np: string;
  /** A place made of one of the song's things ("between mile markers"): preposition and noun. */
  composed?: { prep: string; noun: string; adjs: string[] };
  topic: string;
  weight: number;
  fromDescription: boolean;
  source: Source;
}

export interface PTime {
  text: string;
  noun: string | null;
  /** A "when" made of one of the song's things ("till pale headlights burn low"). */
  composed?: { conj: string; noun: string; verb: string; past: string; adjs: string[] };
  topic: string;
  weight: number;
  fromDescription: boolean;
  source: Source;
}

export interface PAct {
  base: string;
  /** An action done with one of the song's things ("fold the letters"): that thing's words. */
  composed?: { noun: string; adjs: string[]; bare: boolean; plural: boolean };
  subject: Subject;
  topic: string;
  weight: number;
  fromDescription: boolean;
  source: Source;
}

export interface Palette {
  mood: Mood;
  valence: Valence;
  theme: Theme;
  images: PImage[];
  places: PPlace[];
  times: PTime[];
  acts: PAct[];
  feel: string[];
  /** Adjectives the mood lends to stock places ("down the empty highway"). */
  placeTextures: string[];
  /** Adjectives the mood lends to any thing, line by line ("the hazy radio"). */
  shades: string[];
  /** How the singer does things ("I slowly drive home"). */
  adverbs: string[];
}

export function moodValence(mood: Mood): Valence {
  const v = MOOD_PROFILES[mood].valence;
  return v >= 0.5 ? 1 : v <= -0.3 ? -1 : 0;
}

const OWNERS = new Set(["my", "your", "our", "his", "her", "their"]);

export function lemmasOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z']+/)
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map((w) => singularOf(w.replace(/'s$/, "")));
}
const STOP = new Set("the and of for with your our my his her their its".split(" "));

function fromEntry(e: ImageEntry, weight: number, source: Source): PImage {
  const [first = "", ...rest] = e.noun.split(" ");
  const owner = OWNERS.has(first) ? first : null;
  const noun = owner ? rest.join(" ") : e.noun;
  return {
    noun,
    number: e.number,
    owner,
    definiteOnly: / of the | way$/.test(noun) || /^(last|first|other) /.test(noun),
    verbs: e.verbs,
    adjs: e.adjs,
    weight,
    fromDescription: false,
    source,
    topic: e.topic,
    lemmas: lemmasOf(noun),
  };
}

/** The bank entry for a description noun, if a topic knows it ("dog" → "old dog"). */
function entryFor(n: DescribedNoun, topics: readonly Topic[]): ImageEntry | null {
  for (const t of topics) {
    for (const e of t.images) {
      const words = e.noun.split(" ");
      const last = words.at(-1) ?? "";
      if (e.noun === n.noun || singularOf(last) === n.lemma) return e;
    }
  }
  return null;
}

function descriptionImage(n: DescribedNoun, topics: readonly Topic[]): PImage {
  const entry = entryFor(n, topics);
  // "one last show" is a title, but "a one show" is not: numbers and ordinals stay out of slots.
  const adjs: Tagged[] = n.adjs
    .filter((a) => !NOT_SLOT_ADJS.test(a))
    .map((text) => ({ text, valence: 0 as Valence }));
  const number: PImage["number"] =
    entry && entry.number === "mass" && n.number === "sg" ? "mass" : n.number;
  return {
    noun: n.noun,
    number,
    owner: n.owner,
    definiteOnly: false,
    proper: n.proper,
    verbs: [...n.verbs.map((text) => ({ text, valence: 0 as Valence })), ...(entry?.verbs ?? [])],
    adjs: [...adjs, ...(entry?.adjs ?? []).filter((a) => !n.adjs.includes(a.text))],
    weight: 4,
    fromDescription: true,
    source: "description",
    topic: "description",
    lemmas: lemmasOf(n.noun),
  };
}

const TIME_WORDS = new Set(
  "night day morning evening summer winter spring autumn fall sunset sunrise dawn dusk midnight weekend year afternoon noon late night".split(
    " ",
  ),
);

const NOT_SLOT_ADJS =
  /^(one|two|three|four|five|ten|hundred|last|first|second|third|next|only|same|other|another|own|fourth|new)$/;

const fits = (v: Valence, mood: Valence): boolean => mood === 0 || v === 0 || v === mood;

export function buildPalette(theme: Theme, mood: Mood): Palette {
  const valence = moodValence(mood);
  const bank = MOOD_BANKS[mood];
  const topics = theme.topics.slice(0, 4);
  const images: PImage[] = [];
  const seen = new Set<string>();
  const add = (img: PImage): void => {
    const key = img.noun;
    if (seen.has(key)) return;
    seen.add(key);
    img.verbs = img.verbs.filter((v) => fits(v.valence, valence));
    img.adjs = img.adjs.filter((a) => fits(a.valence, valence));
    images.push(img);
  };
  // The description's things, except people and pets (they are sung to, not described) and
  // times ("midnight", "summer" are times, not things).
  for (const n of theme.nouns)
    if (!n.animate && !TIME_WORDS.has(n.lemma) && !TIME_WORDS.has(n.noun))
      add(descriptionImage(n, topics));
  topics.forEach((t, i) => {
    for (const e of t.images) add(fromEntry(e, i === 0 ? 2 : 1.5, "topic"));
  });
  const moodWeight = topics.length > 1 ? 0.4 : topics.length > 0 ? 0.7 : 1.5;
  for (const e of bank.images) add(fromEntry(e, moodWeight, "mood"));
  for (const img of images) lendTextures(img, mood);
  for (const img of images) lendVerbs(img, mood);

  const places: PPlace[] = [];
  const d = { fromDescription: true, source: "description" as const };
  const tp = { fromDescription: false, source: "topic" as const };
  const md = { fromDescription: false, source: "mood" as const };
  for (const p of theme.places) places.push({ ...p, weight: 4, ...d });
  topics.forEach((t, i) => {
    for (const p of t.places) places.push({ ...p, weight: i === 0 ? 2 : 1.5, ...tp });
  });
  // The mood's places and actions imply a scene ("on the dance floor"): a last resort when the
  // description's topics give a scene of their own.
  const sceneWeight = topics.length === 0 ? moodWeight : 0.15;
  for (const p of bank.places) places.push({ ...p, weight: sceneWeight, ...md });

  for (const p of EVERYDAY.places) places.push({ ...p, weight: 0.15, ...md });
  places.push(...composedPlaces(images));

  const times: PTime[] = [];
  for (const t of theme.times) times.push({ ...t, weight: 4, ...d });
  topics.forEach((t, i) => {
    for (const x of t.times) times.push({ ...x, weight: i === 0 ? 2 : 1.5, ...tp });
  });
  for (const x of bank.times) times.push({ ...x, weight: moodWeight, ...md });
  for (const x of EVERYDAY.times) times.push({ ...x, weight: 0.15, ...md });
  // Named days and months: many, each rarely, so songs of one mood don't share the same "when".
  for (const x of calendarTimes(mood)) times.push({ ...x, weight: 0.04, ...md });
  for (const x of dayPartTimes(mood)) times.push({ ...x, weight: 0.05, ...md });
  times.push(...composedTimes(images));

  const acts: PAct[] = [];
  for (const a of theme.acts)
    acts.push({ base: a.base, subject: a.subject, weight: 4, topic: "description", ...d });
  topics.forEach((t, i) => {
    for (const a of t.acts)
      if (fits(a.valence, valence))
        acts.push({ base: a.base, subject: "I", weight: i === 0 ? 2 : 1.5, topic: t.id, ...tp });
  });
  for (const a of bank.acts)
    if (fits(a.valence, valence))
      acts.push({ base: a.base, subject: "I", weight: sceneWeight, topic: bank.id, ...md });
  acts.push(...composedActs(images));

  return {
    mood,
    valence,
    theme,
    images,
    places: dedupe(places, (p) => p.pp),
    times: dedupe(times, (t) => t.text),
    acts: dedupe(acts, (a) => a.base),
    feel: [...bank.feel, ...MORE_FEELINGS[mood]],
    placeTextures: PLACE_SHADES[mood],
    shades: MOOD_SHADES[mood],
    adverbs: MOOD_ADVERBS[mood],
  };
}

/**
 * Prepositions that suit being near or among several things, and only words a reader takes for
 * a preposition at once: in "a cab past kites" "past" parses as an adjective, so past, under,
 * behind and the like stay with the banks' places.
 */
const AMONG = commaList("among, between, around, through, by, amid, toward");

/**
 * Places made of the song's own plural things ("through pale headlights", "among old
 * photographs"), with every preposition that suits; each song keeps about two per thing
 * (banItems). The banks' fixed places ("at the end of the road") were the same word pairs in every
 * song that called the bank, and so were two prepositions per thing fixed for every song.
 */
function composedPlaces(images: readonly PImage[]): PPlace[] {
  const out: PPlace[] = [];
  for (const img of images) {
    if (!composable(img) || !mayGoBare(img)) continue;
    // A mass makes a place by what kind of thing it is ("through cold rain", "in soft moonlight").
    const kind = img.number === "mass" ? kindOf(img.noun) : null;
    const among = img.number === "pl" ? AMONG : kind ? kindPreps(kind) : [];
    if (among.length === 0) continue;
    for (const prep of among) {
      out.push({
        pp: `${prep} ${img.noun}`,
        np: `the ${img.noun}`,
        composed: { prep, noun: img.noun, adjs: img.adjs.map((a) => a.text) },
        topic: img.topic,
        weight: img.weight * 1.5,
        fromDescription: img.fromDescription,
        source: img.source,
      });
    }
  }
  return out;
}

const WHEN = commaList("when, while, till, until, as, before, after, once, whenever, as soon as");

/**
 * A "when" made of the song's own things doing what they do ("till pale headlights burn low",
 * "as soon as cold rain falls"), bare plurals and masses only, every joiner and two verbs each;
 * each song keeps about four per thing (banItems).
 */
function composedTimes(images: readonly PImage[]): PTime[] {
  const out: PTime[] = [];
  for (const img of images) {
    if (!composable(img) || !mayGoBare(img) || img.verbs.length === 0) continue;
    const h = hashString(img.noun, 13);
    const verbs = new Set([img.verbs[(h >>> 4) % img.verbs.length], img.verbs[0]]);
    for (const conj of WHEN)
      for (const v of verbs) {
        if (!conj || !v) continue;
        const verb = img.number === "pl" ? v.text : conjugatePhrase(v.text, "s");
        out.push({
          text: `${conj} ${img.noun} ${verb}`,
          noun: null,
          composed: {
            conj,
            noun: img.noun,
            verb,
            past: conjugatePhrase(v.text, "past"),
            adjs: img.adjs.map((a) => a.text),
          },
          topic: img.topic,
          weight: img.weight * 0.5,
          fromDescription: img.fromDescription,
          source: img.source,
        });
      }
  }
  return out;
}

/**
 * What the singer does with the song's own things, by what kind of thing each is ("fold the
 * letters", "turn up the radio"), every action its kind allows; each song keeps about two per
 * thing (banItems). The banks' fixed actions ("hail a cab") were the same word pairs in every song
 * that called the bank.
 */
function composedActs(images: readonly PImage[]): PAct[] {
  const out: PAct[] = [];
  for (const img of images) {
    if (!composable(img)) continue;
    const kind = kindOf(img.noun);
    for (const p of kind ? kindActs(kind) : []) {
      out.push({
        base: p.replace("{}", `the ${img.noun}`),
        composed: {
          noun: img.noun,
          adjs: img.adjs.map((a) => a.text),
          bare: mayGoBare(img),
          plural: img.number === "pl",
        },
        subject: "I",
        topic: img.topic,
        weight: img.weight * COMPOSED_ACT_WEIGHT,
        fromDescription: img.fromDescription,
        source: img.source,
      });
    }
  }
  return out;
}

/**
 * A thing a place or an action can be made of: not someone's ("my dog"), not a name, not one
 * said only with "the", not counted ("among two hands" reads wrong).
 */
const composable = (img: PImage): boolean =>
  !img.owner && !img.proper && !img.definiteOnly && !COUNTED.test(img.noun);

/** Several things or a mass that read as such may go without "the" ("read old letters"). */
function mayGoBare(img: PImage): boolean {
  const last = img.noun.split(" ").at(-1) ?? "";
  return img.number !== "sg" && (img.number === "pl") === (singularOf(last) !== last);
}
const COMPOSED_ACT_WEIGHT = 0.5;

/**
 * Parts of a day in the mood's colours ("one hazy evening", "on quiet mornings"): many, each
 * rarely, like the named days, so a "when" is seldom the same in two songs. The plural keeps
 * them clear of "on a", one of the commonest word pairs.
 */
function dayPartTimes(mood: Mood): TimeEntry[] {
  // One of these or of the named days per song (they share the calendar's usage key).
  const topic = `calendar:parts:${mood}`;
  const shades = TIME_SHADES[mood];
  return DAY_PARTS.flatMap((part) =>
    shades.flatMap((s) => [`one ${s} ${part}`, `on ${s} ${part}s`]),
  ).map((text) => ({ text, noun: null, topic }));
}

/**
 * The mood's texture adjectives that suit a bank's thing, lent to it, so "the radio" is not
 * always "the old radio". Each song keeps about six of them (banItems picks which), so songs of
 * one mood don't all sing the same ones. The description's own things keep their words.
 */
function lendTextures(img: PImage, mood: Mood): void {
  if (img.source === "description" || img.proper || img.definiteOnly) return;
  for (const text of MOOD_TEXTURES[mood])
    if (
      adjSuits(text, img.noun) &&
      !img.adjs.some((a) => a.text === text) &&
      !img.lemmas.some((l) => sameStem(l, text)) &&
      !sameStem(img.noun, text)
    )
      img.adjs.push({ text, valence: 0, lent: true });
}

/**
 * The mood's verbs, lent to a bank's thing that already does something ("the radio waits",
 * "old headlights linger"): its own one or two verbs made the same word pairs in every song about
 * it. Each song keeps about six (banItems). The description's own things keep their verbs (a
 * championship does not linger).
 */
function lendVerbs(img: PImage, mood: Mood): void {
  if (img.source === "description" || img.proper || img.verbs.length === 0) return;
  for (const text of MOOD_VERBS[mood])
    if (!img.verbs.some((x) => x.text === text) && !img.lemmas.some((l) => text.includes(l)))
      img.verbs.push({ text, valence: 0, lent: true });
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
