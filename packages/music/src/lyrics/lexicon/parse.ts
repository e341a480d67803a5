/**
 * The bank notation:
 * - image: `"headlights/pl: cut through the dark, glow+ | pale, warm+"` — noun (`/pl` sung as a
 *   plural, `/mass` uncountable, singular by default), its verbs in base form after `:`, its
 *   adjectives after `|`; a trailing `+` or `-` marks a bright or dark word.
 * - place: `"along the coast"` (preposition(s) + noun phrase);
 * - time: `"at sunset"`, `"tonight"`;
 * - act: `"keep the radio low"` (base form, done by the singer), `+`/`-` allowed.
 */
import type {
  ActEntry,
  ImageEntry,
  PlaceEntry,
  Tagged,
  TimeEntry,
  Topic,
  TopicSource,
  Valence,
} from "./types";

function tagged(raw: string): Tagged {
  const text = raw.trim();
  if (text.endsWith("+")) return { text: text.slice(0, -1).trim(), valence: 1 };
  if (text.endsWith("-")) return { text: text.slice(0, -1).trim(), valence: -1 };
  return { text, valence: 0 as Valence };
}

/**
 * A word list written as comma-separated text ("porch, kitchen, back door"), as the lexicon and
 * the templates write theirs.
 */
export const commaList = (raw: string | undefined): string[] =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const list = (raw: string | undefined): Tagged[] => commaList(raw).map(tagged);

export function parseImage(source: string, topic: string): ImageEntry {
  const [head = "", rest = ""] = source.split(":");
  const [verbs, adjs] = rest.split("|");
  const [noun = "", num] = head.trim().split("/");
  const number = num === "pl" ? "pl" : num === "mass" ? "mass" : "sg";
  return { noun: noun.trim(), number, verbs: list(verbs), adjs: list(adjs), topic };
}

const DETERMINERS = new Set(["the", "a", "an", "my", "your", "our", "his", "her", "their", "this"]);

export function parsePlace(pp: string, topic: string): PlaceEntry {
  const words = pp.trim().split(/\s+/);
  const at = words.findIndex((w) => DETERMINERS.has(w));
  const np = at >= 0 ? words.slice(at).join(" ") : (words.at(-1) ?? pp);
  return { pp: pp.trim(), np, topic };
}

const TIME_NOUNS = new Set(
  "night day morning evening summer winter spring autumn fall sunset sunrise dawn midnight weekend year afternoon season".split(
    " ",
  ),
);

export function parseTime(text: string, topic: string): TimeEntry {
  const last = text.trim().split(/\s+/).at(-1) ?? "";
  return { text: text.trim(), noun: TIME_NOUNS.has(last) ? last : null, topic };
}

export function parseAct(source: string, topic: string): ActEntry {
  const t = tagged(source);
  return { base: t.text, valence: t.valence, topic };
}

export function parseTopic(id: string, src: TopicSource): Topic {
  return {
    id,
    triggers: splitTriggers(src.triggers),
    images: src.img.map((s) => parseImage(s, id)),
    places: (src.place ?? []).map((s) => parsePlace(s, id)),
    times: (src.time ?? []).map((s) => parseTime(s, id)),
    acts: (src.act ?? []).map((s) => parseAct(s, id)),
  };
}

/** Triggers are separated by commas; a trigger may be two words ("night shift"). */
function splitTriggers(raw: string): string[] {
  return commaList(raw).map((s) => s.toLowerCase());
}
