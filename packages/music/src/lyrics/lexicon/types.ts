/**
 * The writer's vocabulary: images (nouns that come with their own verbs and adjectives, so a
 * noun slot only ever receives a noun and it does something a listener can picture), places,
 * times and things a singer does. Banks are written in a compact notation parsed once at load.
 */

/** +1 bright, -1 dark, 0 either: lets a happy song skip "bitter" and a sad one skip "sparkle". */
export type Valence = -1 | 0 | 1;

export interface Tagged {
  text: string;
  valence: Valence;
  /** Lent by the mood rather than the thing's own: each song keeps only some (banItems). */
  lent?: true;
}

export interface ImageEntry {
  /** The noun as sung: "headlights", "coffee", "trophy". */
  noun: string;
  /** sg: a countable thing ("a trophy"); pl: sung as a plural ("the headlights"); mass: "rain". */
  number: "sg" | "pl" | "mass";
  /** Verb phrases in their base form ("roll in"); conjugated by the head verb. */
  verbs: Tagged[];
  /** Adjectives that suit this noun ("cold" coffee, "pale" headlights). */
  adjs: Tagged[];
  topic: string;
}

export interface PlaceEntry {
  /** "along the coast" */
  pp: string;
  /** "the coast" */
  np: string;
  topic: string;
}

export interface TimeEntry {
  /** "at sunset", "tonight", "after midnight" */
  text: string;
  /** The time as a noun for "the night we…" ("night", "summer"), when it has one. */
  noun: string | null;
  topic: string;
}

export interface ActEntry {
  /** A verb phrase in its base form, done by the singer: "keep the radio low". */
  base: string;
  valence: Valence;
  topic: string;
}

export interface Topic {
  id: string;
  /** Lemmas (singular nouns, base verbs, adjectives) or two-word phrases that call this topic. */
  triggers: string[];
  images: ImageEntry[];
  places: PlaceEntry[];
  times: TimeEntry[];
  acts: ActEntry[];
}

/** The notation a bank is written in (see parse.ts in this folder). */
export interface TopicSource {
  triggers: string;
  img: string[];
  place?: string[];
  time?: string[];
  act?: string[];
}
