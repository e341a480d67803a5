/**
 * Phones → syllables by the maximal-onset principle: each vowel is a nucleus, and the consonants
 * between two vowels go to the later syllable as long as they form an onset English allows.
 */
import { splitStress, type Consonant, type Phone, type Stress, type Vowel } from "./arpabet";

export interface PhoneticSyllable {
  onset: Consonant[];
  nucleus: Vowel;
  coda: Consonant[];
  stress: Stress;
}

/** Onsets English words begin with (two and three consonants); any single consonant but NG is one. */
const CLUSTERS = new Set(
  (
    "P R,P L,B R,B L,T R,T W,D R,D W,K R,K L,K W,G R,G L,G W,F R,F L,TH R,TH W,SH R,S P,S T,S K," +
    "S M,S N,S L,S W,S F,P Y,B Y,F Y,K Y,M Y,V Y,HH Y,L Y,N Y,S P R,S P L,S T R,S K R,S K W,S K L,S P Y,S K Y," +
    "V W,SH W,SH L,SH M,SH N,Z W,G Y,D Y,T Y,TH Y"
  ).split(","),
);

function isOnset(consonants: readonly Consonant[]): boolean {
  if (consonants.length === 0) return true;
  if (consonants.length === 1) return consonants[0] !== "NG";
  return CLUSTERS.has(consonants.join(" "));
}

/** `["HH", "AH0", "L", "OW1"]` → [{ onset: [HH], nucleus: AH, coda: [], stress: 0 }, { onset: [L], … }]. */
export function syllabify(tokens: readonly string[]): PhoneticSyllable[] {
  const phones: { phone: Phone; stress: Stress | null }[] = tokens.map(splitStress);
  const nuclei = phones.flatMap((p, i) => (p.stress === null ? [] : [i]));
  if (nuclei.length === 0) return [];
  const syllables: PhoneticSyllable[] = [];
  // Boundaries: the consonant run between two nuclei is split so the right part is a legal onset.
  let start = 0;
  for (let k = 0; k < nuclei.length; k++) {
    const at = nuclei[k] as number;
    const next = nuclei[k + 1];
    let end = phones.length;
    if (next !== undefined) {
      const between = phones.slice(at + 1, next).map((p) => p.phone as Consonant);
      let split = 0;
      while (split < between.length && !isOnset(between.slice(split))) split++;
      end = at + 1 + split;
    }
    const nucleus = phones[at] as { phone: Phone; stress: Stress };
    syllables.push({
      onset: phones.slice(start, at).map((p) => p.phone as Consonant),
      nucleus: nucleus.phone as Vowel,
      coda: phones.slice(at + 1, end).map((p) => p.phone as Consonant),
      stress: nucleus.stress,
    });
    start = end;
  }
  return syllables;
}
