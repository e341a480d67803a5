/** Heuristic English syllable counting and splitting (no dictionary needed, deterministic). */

const EXCEPTIONS: Record<string, number> = {
  the: 1, a: 1, i: 1, fire: 1, hour: 1, our: 1, every: 2, everything: 3, everyone: 3, people: 2,
  beautiful: 3, heaven: 2, being: 2, quiet: 2, create: 2, idea: 3, poem: 2, lion: 2, science: 2,
  really: 2, area: 3, cruel: 2, real: 1, naive: 2, chaos: 2, oh: 1, yeah: 1, ooh: 1, whoa: 1,
  something: 2, sometimes: 2, somewhere: 2, someone: 2, forever: 3, maybe: 2, tonight: 2,
  ocean: 2, mountain: 2, violin: 3, piano: 3, radio: 3, video: 3, crying: 2, dying: 2, trying: 2,
  flying: 2, lying: 2, flower: 2, power: 2, shower: 2, tower: 2, higher: 2, desire: 2, lives: 1,
  eyes: 1, smile: 1, while: 1, alive: 2, inside: 2, outside: 2, goodbye: 2, little: 2, table: 2,
  wanted: 2, needed: 2, waited: 2, ended: 2, started: 2, faded: 2, jumped: 1, loved: 1, moved: 1,
  names: 1, places: 2, faces: 2, roses: 2, sees: 1, business: 2, wednesday: 2, different: 3,
  family: 3, evening: 2, interesting: 3, chocolate: 2, camera: 3, memory: 3, history: 3,
};

function cleanWord(word: string): string {
  return word.toLowerCase().replace(/[^a-z']/g, "").replace(/'/g, "");
}

/** Syllables in one word (at least 1 for any word with a letter or digit). */
export function countWordSyllables(word: string): number {
  const w = cleanWord(word);
  if (w.length === 0) return /[0-9]/.test(word) ? Math.max(1, word.replace(/[^0-9]/g, "").length) : 0;
  const known = EXCEPTIONS[w];
  if (known !== undefined) return known;
  if (w.length <= 3) return 1;
  let s = w.replace(/([^aeiouy])e(ly|ness|ment|ful|less)$/, "$1$2");
  s = s.replace(/(?:[^laeiouy]es|[^laeiouyt]ed|[^laeiouy]e)$/, "");
  s = s.replace(/^y/, "");
  const groups = s.match(/[aeiouy]{1,2}/g);
  const n = groups ? groups.length : 0;
  return Math.max(1, n);
}

/** Split text into words (keeps internal apostrophes and hyphens). */
export function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((t) => /[A-Za-z0-9]/.test(t));
}

/** Syllables in a line or any text. */
export function countSyllables(text: string): number {
  let n = 0;
  for (const w of splitWords(text)) n += countWordSyllables(w);
  return n;
}

/**
 * Split one word into `countWordSyllables(word)` pieces; the pieces joined give the word back
 * exactly (punctuation stays attached).
 */
export function splitWordSyllables(word: string): string[] {
  const n = countWordSyllables(word);
  if (n <= 1) return [word];
  const lower = word.toLowerCase();
  const starts: number[] = [];
  const re = /[aeiouy]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(lower)) !== null) {
    // Skip a leading "y" acting as a consonant and a final silent "e".
    if (m.index === 0 && m[0] === "y") continue;
    const end = m.index + m[0].length;
    if (m[0] === "e" && /^[^a-z]*$/.test(lower.slice(end)) && starts.length > 0) continue;
    starts.push(m.index);
  }
  if (starts.length >= n) {
    const cuts: number[] = [];
    for (let k = 1; k < n; k++) {
      const s = starts[k] ?? 0;
      const prevEnd = starts[k - 1] ?? 0;
      // Put one consonant on the following syllable when there is one.
      const cut = s - 1 > prevEnd && /[a-z]/.test(lower[s - 1] ?? "") ? s - 1 : s;
      cuts.push(cut);
    }
    const pieces: string[] = [];
    let from = 0;
    for (const c of cuts) {
      if (c <= from) continue;
      pieces.push(word.slice(from, c));
      from = c;
    }
    pieces.push(word.slice(from));
    if (pieces.length === n) return pieces;
  }
  // Fallback: near-equal chunks.
  const out: string[] = [];
  const size = word.length / n;
  for (let k = 0; k < n; k++) out.push(word.slice(Math.round(k * size), Math.round((k + 1) * size)));
  return out.filter((p) => p.length > 0).length === n ? out : [word];
}

/** A line as sung syllables, in order; joining them with the original spacing rebuilds the words. */
export function lineSyllables(line: string): string[] {
  const out: string[] = [];
  for (const w of splitWords(line)) out.push(...splitWordSyllables(w));
  return out;
}
