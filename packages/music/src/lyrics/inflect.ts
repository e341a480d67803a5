/**
 * Word forms: verb conjugation and noun number from compromise's lexicon (no parsing, so it is
 * fast), and "a"/"an" by the word's first sound from the pronouncing dictionary.
 */
import nlp from "compromise";
import { dictionary } from "cmu-pronouncing-dictionary";
import { pronounce } from "../phonetics";

const world = nlp.world();
const { methods, model } = world as unknown as {
  methods: {
    two: {
      transform: {
        verb: {
          conjugate(verb: string, model: unknown): Record<string, string | undefined>;
          toInfinitive(verb: string, model: unknown, tense?: string): string;
        };
        noun: {
          toPlural(noun: string, model: unknown): string;
          toSingular(noun: string, model: unknown): string;
        };
      };
    };
  };
  model: unknown;
};

export interface VerbForms {
  base: string;
  past: string;
  /** Third person singular present ("rolls"). */
  s: string;
  ing: string;
  participle: string;
}

/** Participles compromise leaves out (it gives them only for some irregular verbs). */
const PARTICIPLES: Record<string, string> = {
  win: "won",
  lose: "lost",
  leave: "left",
  find: "found",
  hold: "held",
  keep: "kept",
  make: "made",
  say: "said",
  sing: "sung",
  run: "run",
  come: "come",
  become: "become",
  swim: "swum",
  ring: "rung",
  begin: "begun",
  sleep: "slept",
  feel: "felt",
  hear: "heard",
  tell: "told",
  burn: "burned",
};

/** Verbs whose past is the base form. */
const SAME_PAST = new Set(
  "cut put hit fit let set shut spread burst cost hurt quit cast beat bet bid read".split(" "),
);

/** "crawl" → "crawled", "tire" → "tired", "cry" → "cried", "stop" → "stopped". */
function regularPast(base: string): string {
  if (base.endsWith("e")) return `${base}d`;
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ied`;
  if (/^[^aeiou]*[aeiou][bdgmnpt]$/.test(base)) return `${base}${base.at(-1)}ed`;
  return `${base}ed`;
}

/** "fizz" → "fizzing", "tire" → "tiring", "tie" → "tying", "stop" → "stopping". */
function regularIng(base: string): string {
  if (base.endsWith("ie")) return `${base.slice(0, -2)}ying`;
  if (/[^aeiouy]e$/.test(base)) return `${base.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][bdgmnpt]$/.test(base)) return `${base}${base.at(-1)}ing`;
  return `${base}ing`;
}

/**
 * compromise's form when it is a real word and not the base by mistake ("crawl" → "crawl",
 * "snow" → "snew"), else the regular form.
 */
function checked(form: string | undefined, base: string): string {
  if (!form) return regularPast(base);
  if (form === base && !SAME_PAST.has(base)) return regularPast(base);
  if (form !== base && !dictionary[form]) return regularPast(base);
  return form;
}

/** Past tenses compromise gets wrong ("waked"). */
const PAST: Record<string, string> = {
  wake: "woke",
  lie: "lay",
  shine: "shone",
  dive: "dove",
  light: "lit",
  sneak: "snuck",
};

const verbCache = new Map<string, VerbForms>();

/** Forms of one verb given in its base form ("roll", "be" is not supported: templates avoid it). */
export function verbForms(base: string): VerbForms {
  const hit = verbCache.get(base);
  if (hit) return hit;
  const c = methods.two.transform.verb.conjugate(base, model);
  const past = PAST[base] ?? checked(c.PastTense, base);
  const forms: VerbForms = {
    base,
    past,
    s: c.PresentTense ?? `${base}s`,
    // compromise leaves some gerunds bare ("fizz" → "fizz").
    ing: c.Gerund && c.Gerund.endsWith("ing") ? c.Gerund : regularIng(base),
    participle: PARTICIPLES[base] ?? (c.Participle ? checked(c.Participle, base) : past),
  };
  verbCache.set(base, forms);
  return forms;
}

/** "driving" → "drive", "won" → "win" (compromise's inflection rules). */
const baseCache = new Map<string, string>();
export function verbBase(word: string, tense?: "PastTense" | "Gerund" | "PresentTense"): string {
  const key = `${word}|${tense ?? ""}`;
  let base = baseCache.get(key);
  if (base === undefined) {
    base = methods.two.transform.verb.toInfinitive(word.toLowerCase(), model, tense) || word;
    if (baseCache.size < 50_000) baseCache.set(key, base);
  }
  return base;
}

export type VerbForm = keyof VerbForms;

/**
 * Conjugate a verb phrase by its head (first word): "roll in" → "rolls in" / "rolled in".
 * "keep the radio low" → "kept the radio low".
 */
export function conjugatePhrase(phrase: string, form: VerbForm): string {
  // A verb of two words ("slow dance") takes the form on its second: "slow danced", not "slowed dance".
  const compound = COMPOUND_VERBS.exec(phrase);
  if (compound)
    return `${compound[1]} ${conjugatePhrase(phrase.slice(compound[1]!.length + 1), form)}`;
  const [head = "", ...rest] = phrase.split(" ");
  const conjugated = verbForms(head)[form];
  // Two verbs joined ("type and delete it"): both take the form ("typed and deleted it").
  if (rest[0] === "and" && rest[1]) rest[1] = verbForms(rest[1])[form];
  return rest.length > 0 ? `${conjugated} ${rest.join(" ")}` : conjugated;
}

const COMPOUND_VERBS = /^(slow|window|sleep|double|spring) (?=dance|shop|walk|check|clean)/;

const pluralCache = new Map<string, string>();
export function pluralOf(noun: string): string {
  let p = pluralCache.get(noun);
  if (p === undefined) {
    p = methods.two.transform.noun.toPlural(noun, model) || `${noun}s`;
    pluralCache.set(noun, p);
  }
  return p;
}

const singularCache = new Map<string, string>();
export function singularOf(noun: string): string {
  let s = singularCache.get(noun);
  if (s === undefined) {
    s = methods.two.transform.noun.toSingular(noun, model) || noun;
    if (singularCache.size < 50_000) singularCache.set(noun, s);
  }
  return s;
}

/** "an" before a vowel sound ("an hour", "a unicorn"), else "a". */
export function indefiniteArticle(phrase: string): "a" | "an" {
  const word = phrase.split(/[\s-]+/)[0] ?? phrase; // "one-way ticket" → "one"
  const first = pronounce(word).syllables[0];
  if (!first) return /^[aeiou]/i.test(word) ? "an" : "a";
  return first.onset.length === 0 ? "an" : "a";
}

/** An irregular past form compromise's lexicon knows ("ran", "won", "left"). */
export function isPastForm(word: string): boolean {
  const lexicon = (model as { one: { lexicon: Record<string, string> } }).one.lexicon;
  const tag = lexicon[word];
  return tag === "PastTense" || tag === "Participle";
}

const NOUN_TAGS = new Set(["Noun", "Singular", "Plural", "Uncountable"]);
/** A word compromise's lexicon knows as a common noun ("fire", "choir"; not "higher"). */
export function isNounWord(word: string): boolean {
  const lexicon = (model as { one: { lexicon: Record<string, string> } }).one.lexicon;
  const tag = lexicon[word.toLowerCase()];
  if (tag !== undefined) return NOUN_TAGS.has(tag);
  // Not listed: nouns are the open class, but -ly, -ing, -ed and -er words usually aren't.
  return /^[a-z]+$/.test(word) && !/(ly|ing|ed|er)$/.test(word);
}

export { nlp };
