/** ARPAbet, the phone set of the CMU pronouncing dictionary (stress digits stripped). */

export const VOWELS = [
  "AA",
  "AE",
  "AH",
  "AO",
  "AW",
  "AY",
  "EH",
  "ER",
  "EY",
  "IH",
  "IY",
  "OW",
  "OY",
  "UH",
  "UW",
] as const;
export const CONSONANTS = [
  "B",
  "CH",
  "D",
  "DH",
  "F",
  "G",
  "HH",
  "JH",
  "K",
  "L",
  "M",
  "N",
  "NG",
  "P",
  "R",
  "S",
  "SH",
  "T",
  "TH",
  "V",
  "W",
  "Y",
  "Z",
  "ZH",
] as const;

export type Vowel = (typeof VOWELS)[number];
export type Consonant = (typeof CONSONANTS)[number];
export type Phone = Vowel | Consonant;
/** 0 unstressed, 1 primary, 2 secondary. */
export type Stress = 0 | 1 | 2;

const VOWEL_SET: ReadonlySet<string> = new Set(VOWELS);
const PHONE_SET: ReadonlySet<string> = new Set([...VOWELS, ...CONSONANTS]);

export const isVowel = (phone: string): phone is Vowel => VOWEL_SET.has(phone);
export const isPhone = (phone: string): phone is Phone => PHONE_SET.has(phone);

/** "AH0" → { phone: "AH", stress: 0 }; consonants have no stress. */
export function splitStress(token: string): { phone: Phone; stress: Stress | null } {
  const digit = token.at(-1);
  if (digit === "0" || digit === "1" || digit === "2") {
    const phone = token.slice(0, -1);
    if (!isVowel(phone)) throw new Error(`not an ARPAbet vowel: ${token}`);
    return { phone, stress: Number(digit) as Stress };
  }
  if (!isPhone(token)) throw new Error(`not an ARPAbet phone: ${token}`);
  return { phone: token, stress: null };
}
