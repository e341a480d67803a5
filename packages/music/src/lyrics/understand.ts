/**
 * Understanding a description with compromise (parts of speech, verb forms, noun number): what
 * is in it (nouns with their modifiers), what happens (verb phrases, turned toward the singer:
 * "she left me" → "you left me"), where and when (prepositional phrases), and which topic banks
 * it calls. Words keep their role: a noun only ever becomes an image, a verb an action.
 */
import { nlp, pluralOf, singularOf, verbBase } from "./inflect";
import { TOPICS } from "./lexicon/topics";
import type { PlaceEntry, TimeEntry, Topic } from "./lexicon/types";

export type Subject = "I" | "we" | "you";

export interface DescribedNoun {
  /** The noun as it should be sung, with its compound modifier: "night shift", "waves". */
  noun: string;
  /** Singular lemma of the head: "wave". */
  lemma: string;
  number: "sg" | "pl";
  /** Adjectives (and extra noun modifiers) the description put before it: "long", "neon". */
  adjs: string[];
  /** "my", "our", "your" when the description owned it ("my dog"). */
  owner: string | null;
  /** A person or animal the song can talk to ("my dog", "my sister", "she"). */
  animate: boolean;
  /** What the description says it does, base form ("snow falling" → "fall"). */
  verbs: string[];
  /** A name ("Tokyo"): sung capitalised, without an article. */
  proper: boolean;
}

export interface DescribedAct {
  /** Verb phrase in base form with its complement: "drive home", "win the championship". */
  base: string;
  /** Head verb in base form: "drive", "win". */
  verb: string;
  /** Complement after the verb ("home", "the championship", "me"), may be empty. */
  rest: string;
  subject: Subject;
}

export interface Theme {
  text: string;
  nouns: DescribedNoun[];
  acts: DescribedAct[];
  adjectives: string[];
  places: PlaceEntry[];
  times: TimeEntry[];
  topics: Topic[];
  /** Content words in order of appearance (lowercase, as written). */
  keywords: string[];
  /** Lemmas of every content word, for "did the song use the description?". */
  lemmas: Set<string>;
  /** The one addressed as "you", when the description names someone ("my dog", "she"). */
  addressee: DescribedNoun | null;
}

/** Words that say what kind of song, not what it is about. */
const META = new Set(
  (
    "song songs track tune tunes music anthem ballad lyrics lyric vibe vibes mood genre style sound sounds beat " +
    "feel feeling feelings something thing things kind sort type lot bit way time stuff story " +
    "happy sad chill dreamy romantic confident motivational melancholic hype pop rock jazz classical edm country " +
    "metal hip hop rnb r&b soul make write want need like about"
  ).split(" "),
);

const PRONOUN_SUBJECT: Record<string, Subject> = {
  i: "I",
  "i'm": "I",
  we: "we",
  "we're": "we",
  you: "you",
  she: "you",
  he: "you",
  they: "you",
};

const OBJECT_TO_SUNG: Record<string, string> = { her: "you", him: "you", them: "you", us: "us" };

const PREPOSITIONS = new Set(
  "along by at in on under across through down past near beside behind into over around toward towards to from after before during since until till with without inside outside beneath above below between among".split(
    " ",
  ),
);
const TIME_PREPOSITIONS = new Set("after before during since until till".split(" "));
const TIME_NOUNS = new Set(
  "night day morning evening summer winter spring autumn fall sunset sunrise dawn dusk midnight weekend year afternoon season noon christmas birthday".split(
    " ",
  ),
);
/** Verbs kept out of the singer's actions ("passed away", "died"). */
const FACTS = new Set(["pass", "die", "bury", "kill"]);

const AFTER_PREP = new Set(
  "at in on of for by after before during from with without under".split(" "),
);

/** Words that read as particles/adverbs right after a verb: "drive home", "run away". */
const PARTICLES = new Set(
  "home away back out up down off around over in on alone together again".split(" "),
);
const ANIMATE = new Set(
  "dog puppy cat kitten friend friends sister brother mom mother dad father grandma grandmother grandpa grandfather son daughter baby kid kids wife husband girlfriend boyfriend lover partner team crowd horse bird".split(
    " ",
  ),
);

/** Two-word nouns of the banks ("city lights", "neon signs"), which compromise may split. */
const COMPOUNDS = new Set(
  TOPICS.flatMap((t) => t.images.map((i) => i.noun)).filter((n) => n.split(" ").length === 2),
);

interface Token {
  word: string;
  tags: Set<string>;
  /** Punctuation right after the word ends a phrase. */
  breakAfter: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const json = nlp(text).json() as { terms: { normal: string; tags: string[]; post: string }[] }[];
  for (const sentence of json) {
    for (const t of sentence.terms) {
      const word = t.normal.replace(/[^a-z0-9'&-]/g, "");
      if (!word) continue;
      const tags = new Set(t.tags);
      // compromise calls a gerund after a noun a noun ("my dog waiting"); it is the verb here.
      const previous = out.at(-1);
      if (
        /ing$/.test(word) &&
        !tags.has("Verb") &&
        previous?.tags.has("Noun") &&
        !previous.tags.has("Possessive")
      ) {
        const base = verbBase(word, "Gerund");
        if (base !== word) {
          tags.delete("Noun");
          tags.add("Verb");
          tags.add("Gerund");
        }
      }
      // "the bars close": right after an article it is a noun, whatever compromise guessed.
      if (
        previous &&
        /^(the|a|an)$/.test(previous.word) &&
        tags.has("Verb") &&
        !tags.has("Gerund")
      ) {
        tags.delete("Verb");
        tags.add("Noun");
        if (/[^s]s$/.test(word)) tags.add("Plural");
      }
      // "snow falling": a bare verb form right before a gerund is the noun doing it.
      if (previous?.tags.has("Verb") && !previous.tags.has("Gerund") && tags.has("Gerund")) {
        const before = out.at(-2);
        if (!before || before.tags.has("Determiner") || before.tags.has("Adjective")) {
          previous.tags.delete("Verb");
          previous.tags.add("Noun");
        }
      }
      if (PREPOSITIONS.has(word) && !tags.has("Verb")) {
        tags.clear();
        tags.add("Preposition");
      }
      out.push({ word, tags, breakAfter: /[,.;:!?]/.test(t.post) });
    }
    const last = out.at(-1);
    if (last) last.breakAfter = true;
  }
  return out;
}

const isDeterminer = (t: Token): boolean =>
  t.tags.has("Determiner") || t.tags.has("Possessive") || /^(a|an|the|this|that)$/.test(t.word);
const isNoun = (t: Token): boolean =>
  t.tags.has("Noun") && !t.tags.has("Pronoun") && !t.tags.has("Possessive");
const isAdjective = (t: Token): boolean =>
  t.tags.has("Adjective") || t.tags.has("Ordinal") || t.tags.has("Value");
const isVerb = (t: Token): boolean =>
  t.tags.has("Verb") &&
  !t.tags.has("Auxiliary") &&
  !t.tags.has("Copula") &&
  !t.tags.has("Modal") &&
  !t.tags.has("Particle");

function owned(possessive: string): string {
  if (possessive === "her" || possessive === "his" || possessive === "their") return "your";
  return possessive;
}

interface NounPhrase {
  start: number;
  end: number;
  text: string;
  noun: DescribedNoun;
}

/** [det|possessive]* (adj|noun)* noun — the longest run from `i`. */
function nounPhraseAt(tokens: Token[], i: number): NounPhrase | null {
  let j = i;
  const parts: string[] = [];
  let owner: string | null = null;
  while (j < tokens.length && isDeterminer(tokens[j] as Token)) {
    const t = tokens[j] as Token;
    // "my grandfather's" owns the phrase as a whole; "her" is sung to, so it becomes "your".
    if (t.tags.has("Possessive"))
      owner = owner && /'s$/.test(t.word) ? `${owner} ${t.word}` : owned(t.word);
    parts.push(t.tags.has("Possessive") ? t.word.replace(/^(her|his|their)$/, "your") : t.word);
    if (t.breakAfter) return null;
    j++;
  }
  const mods: Token[] = [];
  let head: Token | null = null;
  let headAt = -1;
  while (j < tokens.length) {
    const t = tokens[j] as Token;
    if (isNoun(t)) {
      head = t;
      headAt = j;
    } else if (isAdjective(t) && !head) {
      // adjective before the head
    } else break;
    mods.push(t);
    j++;
    if (t.breakAfter) break;
  }
  if (!head) return null;
  const before = mods.slice(0, mods.indexOf(head));
  const after = mods.slice(mods.indexOf(head) + 1);
  if (after.length > 0) return null;
  const nounAdjuncts = before.filter(isNoun);
  const adjs = before.filter((t) => !isNoun(t)).map((t) => t.word);
  // Keep one noun modifier in the compound ("night shift"); earlier ones act as adjectives.
  const compound = nounAdjuncts.at(-1);
  const extra = nounAdjuncts.slice(0, -1).map((t) => t.word);
  const plural = head.tags.has("Plural");
  const lemma = plural ? singularOf(head.word) : head.word;
  const proper = head.tags.has("ProperNoun") && !compound;
  const headText = proper ? head.word.replace(/^./, (c) => c.toUpperCase()) : head.word;
  const nounText = compound ? `${compound.word} ${head.word}` : headText;
  return {
    start: i,
    end: headAt + 1,
    text: [...parts, ...before.map((t) => t.word), head.word].join(" "),
    noun: {
      noun: nounText,
      lemma,
      number: plural ? "pl" : "sg",
      adjs: [...extra, ...adjs],
      owner,
      animate: ANIMATE.has(lemma) || ANIMATE.has(head.word) || head.tags.has("Actor"),
      verbs: [],
      proper,
    },
  };
}

export function understand(description: string): Theme {
  const text = description.trim();
  const tokens = tokenize(text);
  const nouns: DescribedNoun[] = [];
  const acts: DescribedAct[] = [];
  const adjectives: string[] = [];
  const places: PlaceEntry[] = [];
  const times: TimeEntry[] = [];
  const keywords: string[] = [];
  const lemmas = new Set<string>();
  let subject: Subject = "I";
  let addressee: DescribedNoun | null = null;
  let lastNoun: NounPhrase | null = null;
  let relativeTo: NounPhrase | null = null;
  const owners = new Set<string>();

  const addNoun = (n: DescribedNoun): void => {
    if (META.has(n.lemma) || n.lemma.length < 3) return;
    if (!nouns.some((x) => x.noun === n.noun)) nouns.push(n);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (/^(who|that|which)$/.test(t.word) && lastNoun && lastNoun.end === i) {
      relativeTo = lastNoun;
      continue;
    }
    const pronoun = PRONOUN_SUBJECT[t.word];
    if (pronoun && t.tags.has("Pronoun")) {
      subject = pronoun;
      continue;
    }
    if (t.tags.has("Preposition")) {
      const np = nounPhraseAt(tokens, i + 1);
      if (np) {
        addNoun(np.noun);
        const pp = `${t.word} ${np.text}`;
        const head = np.noun.lemma;
        const timeFor = t.word === "for" && TIME_NOUNS.has(head); // "for christmas"
        if (
          timeFor ||
          (t.word !== "about" && t.word !== "of" && t.word !== "for" && t.word !== "with")
        ) {
          if (TIME_PREPOSITIONS.has(t.word) || TIME_NOUNS.has(head))
            times.push({
              text: pp,
              noun: TIME_NOUNS.has(head) ? head : null,
              topic: "description",
            });
          else places.push({ pp, np: np.text, topic: "description" });
        }
        i = np.end - 1;
      }
      continue;
    }
    // "city lights": a noun the banks know as a compound, however compromise read it.
    const previous = tokens[i - 1];
    if (previous && isNoun(previous) && COMPOUNDS.has(`${previous.word} ${t.word}`)) {
      const np = nounPhraseAt(tokens, i - 1);
      if (np) {
        const plural = /[^s]s$/.test(t.word);
        const noun: DescribedNoun = {
          ...np.noun,
          noun: `${previous.word} ${t.word}`,
          lemma: plural ? singularOf(t.word) : t.word,
          number: plural ? "pl" : "sg",
        };
        const at = nouns.findIndex((n) => n.noun === previous.word);
        if (at >= 0) nouns.splice(at, 1);
        addNoun(noun);
      }
      continue;
    }
    if (isVerb(t) && !META.has(t.word)) {
      // "my dog waiting", "my dad who passed away": the one before the verb does it, and the
      // song sings to them; "snow falling", "a ship lost at sea": the thing does it — its verb.
      const doer = lastNoun && (lastNoun.end === i || relativeTo === lastNoun) ? lastNoun : null;
      relativeTo = null;
      const actor: Subject = doer?.noun.animate ? "you" : subject;
      const thingDoes = doer !== null && !doer.noun.animate;
      const tense = t.tags.has("Gerund")
        ? "Gerund"
        : t.tags.has("PastTense")
          ? "PastTense"
          : undefined;
      // "at harvest time": a bare verb form right after a preposition names a thing or a time,
      // not something done ("the day I harvested time").
      const before = tokens[i - 1];
      if (!tense && before && !before.breakAfter && AFTER_PREP.has(before.word)) continue;
      const verb = verbBase(t.word, tense);
      if (META.has(verb) || verb.length < 2) continue;
      const rest: string[] = [];
      let j = i + 1;
      if (!t.breakAfter) {
        const next = tokens[j];
        if (next?.tags.has("Particle") && tokens[j + 1] && !next.breakAfter) {
          // Phrasal verbs compromise knows: "falling in love", "break up with".
          rest.push(next.word);
          j++;
          const obj = tokens[j] as Token;
          if (isNoun(obj) && !obj.tags.has("Pronoun")) {
            rest.push(obj.word);
            j++;
          }
        } else if (
          next?.tags.has("Particle") ||
          (next && PARTICLES.has(next.word) && !PREPOSITIONS.has(next.word))
        ) {
          rest.push(next.word);
          j++;
        } else if (next && next.tags.has("Pronoun") && !PRONOUN_SUBJECT[next.word]) {
          rest.push(OBJECT_TO_SUNG[next.word] ?? next.word);
          j++;
        } else if (next && !next.tags.has("Preposition")) {
          const np = nounPhraseAt(tokens, j);
          if (np && np.end - np.start <= 4) {
            rest.push(np.text);
            addNoun(np.noun);
            lastNoun = np;
            j = np.end;
          } else if (next && isDeterminer(next)) {
            // compromise missed the noun ("losing the final"): keep the words as they are.
            let k = j + 1;
            while (k < tokens.length && k < j + 3 && !tokens[k]?.tags.has("Preposition")) {
              if (tokens[k - 1]?.breakAfter) break;
              k++;
            }
            if (k > j + 1) {
              rest.push(
                tokens
                  .slice(j, k)
                  .map((x) => x.word)
                  .join(" "),
              );
              j = k;
            }
          }
        }
      }
      const base = [verb, ...rest].join(" ");
      // A death is a fact to sing about, not something the song can have someone do.
      if (FACTS.has(verb)) {
        lemmas.add(verb);
        i = j - 1;
        continue;
      }
      if (thingDoes) {
        const thing = nouns.find((n) => n.noun === doer.noun.noun);
        // "a ship lost at sea": a participle describes the thing; "snow falling": it acts.
        if (thing && tense === "PastTense") thing.adjs.push(t.word);
        else if (thing && !thing.verbs.includes(base)) thing.verbs.push(base);
        lemmas.add(verb);
        i = j - 1;
        continue;
      }
      if (!acts.some((a) => a.base === base))
        acts.push({ base, verb, rest: rest.join(" "), subject: actor });
      lemmas.add(verb);
      // "drive home", "fall in love": the words after the verb count for the topic too.
      for (const w of rest.join(" ").split(" ")) if (w.length > 3) lemmas.add(singularOf(w));
      keywords.push(t.word);
      i = j - 1;
      continue;
    }
    const np = nounPhraseAt(tokens, i);
    if (np) {
      addNoun(np.noun);
      lastNoun = np;
      // A bare time phrase: "last summer", "tonight".
      if (TIME_NOUNS.has(np.noun.lemma) && np.noun.adjs.length > 0 && i > 0)
        times.push({ text: np.text, noun: np.noun.lemma, topic: "description" });
      if (np.noun.animate && !addressee) addressee = np.noun;
      i = np.end - 1;
      continue;
    }
    if (isAdjective(t) && !META.has(t.word) && t.word.length > 2) adjectives.push(t.word);
    if (t.word === "tonight") times.push({ text: "tonight", noun: "night", topic: "description" });
  }
  if (!addressee && subject === "you") {
    const she = tokens.find((t) => t.word === "she" || t.word === "he" || t.word === "they");
    if (she)
      addressee = {
        noun: "you",
        lemma: "you",
        number: "sg",
        adjs: [],
        owner: null,
        animate: true,
        verbs: [],
        proper: false,
      };
  }

  for (const n of nouns) {
    lemmas.add(n.lemma);
    // "my son's first steps" is about a son too, though less than about steps.
    for (const w of (n.owner ?? "").split(" ")) if (/'s$/.test(w)) owners.add(w.slice(0, -2));
    for (const w of n.noun.split(" ")) lemmas.add(singularOf(w));
    for (const a of n.adjs) adjectives.push(a);
  }
  for (const a of adjectives) lemmas.add(a);
  for (const t of tokens) {
    const w = t.word.replace(/'s$/, "");
    if (w.length < 3 || META.has(w) || t.tags.has("Pronoun") || t.tags.has("Preposition")) continue;
    if (t.tags.has("Determiner") || t.tags.has("Conjunction") || t.tags.has("Possessive")) continue;
    if (t.tags.has("Copula") || t.tags.has("Auxiliary")) continue;
    if (!keywords.includes(w)) keywords.push(w);
  }
  const topics = matchTopics(text.toLowerCase(), lemmas, owners);
  return {
    text,
    nouns,
    acts,
    adjectives: [...new Set(adjectives)].filter((a) => !META.has(a)),
    places,
    times,
    topics,
    keywords: orderLike(keywords, text.toLowerCase()),
    lemmas,
    addressee,
  };
}

function orderLike(words: string[], text: string): string[] {
  return [...new Set(words)].sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

/**
 * Topics whose triggers appear among the lemmas (or as a phrase), best match first. A word that
 * only owns something ("my sister's wedding") counts half, and such a topic alone is kept only
 * when nothing else matched.
 */
export function matchTopics(
  text: string,
  lemmas: ReadonlySet<string>,
  owners: ReadonlySet<string> = new Set(),
): Topic[] {
  const scored: { topic: Topic; score: number; at: number }[] = [];
  for (const topic of TOPICS) {
    let score = 0;
    let at = Infinity;
    for (const trig of topic.triggers) {
      const direct = trig.includes(" ")
        ? text.includes(trig)
        : lemmas.has(trig) || lemmas.has(pluralOf(trig));
      const owned = !direct && owners.has(trig);
      if (direct || owned) {
        score += owned ? 0.5 : trig.includes(" ") ? 2 : 1;
        const pos = text.indexOf(trig.split(" ")[0] ?? trig);
        if (pos >= 0) at = Math.min(at, pos);
      }
    }
    if (score > 0) scored.push({ topic, score, at });
  }
  scored.sort((a, b) => b.score - a.score || a.at - b.at);
  const strong = scored.filter((s) => s.score >= 1);
  return (strong.length > 0 ? strong : scored).map((s) => s.topic);
}
