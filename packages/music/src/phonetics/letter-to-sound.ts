/**
 * Spelling → ARPAbet for words the dictionary lacks (names, slang, typos). Greedy longest-match
 * grapheme rules with a little context (magic e, soft c/g, final y). Rough by nature: it only has
 * to give the singer plausible sounds and the lyric writer a syllable count. Stress goes on the
 * first syllable (the commonest English pattern), or the second after a weak prefix.
 */

interface Rule {
  letters: string;
  /** Phones; a vowel is written without stress (it is assigned afterwards). */
  phones: string[];
  /** Only when followed by one consonant and a final "e" (magic e: "late", "bike"). */
  magicE?: boolean;
  /** Only at the end of the word. */
  final?: boolean;
  /** Only before e, i or y (soft c and g). */
  beforeFront?: boolean;
}

const r = (
  letters: string,
  phones: string,
  extra: Omit<Rule, "letters" | "phones"> = {},
): Rule => ({
  letters,
  phones: phones ? phones.split(" ") : [],
  ...extra,
});

/** Longer graphemes first; the first matching rule wins. */
const RULES: Rule[] = [
  r("tion", "SH AH N"),
  r("sion", "ZH AH N"),
  r("ture", "CH ER"),
  r("ough", "AO"),
  r("augh", "AO"),
  r("eigh", "EY"),
  r("igh", "AY"),
  r("tch", "CH"),
  r("dge", "JH"),
  r("sch", "S K"),
  r("ing", "IH NG", { final: true }),
  r("ey", "IY", { final: true }),
  r("le", "AH L", { final: true }),
  r("es", "AH Z", { final: true }),
  r("ed", "D", { final: true }),
  r("a", "EY", { magicE: true }),
  r("e", "IY", { magicE: true }),
  r("i", "AY", { magicE: true }),
  r("o", "OW", { magicE: true }),
  r("u", "UW", { magicE: true }),
  r("y", "AY", { magicE: true }),
  r("ai", "EY"),
  r("ay", "EY"),
  r("au", "AO"),
  r("aw", "AO"),
  r("ea", "IY"),
  r("ee", "IY"),
  r("ei", "EY"),
  r("eu", "Y UW"),
  r("ew", "UW"),
  r("ie", "IY"),
  r("oa", "OW"),
  r("oe", "OW"),
  r("oi", "OY"),
  r("oy", "OY"),
  r("oo", "UW"),
  r("ou", "AW"),
  r("ow", "OW", { final: true }),
  r("ow", "AW"),
  r("ue", "UW"),
  r("ui", "UW"),
  r("ar", "AA R"),
  r("er", "ER"),
  r("ir", "ER"),
  r("ur", "ER"),
  r("or", "AO R"),
  r("ch", "CH"),
  r("ck", "K"),
  r("gh", ""),
  r("kn", "N"),
  r("ng", "NG"),
  r("ph", "F"),
  r("qu", "K W"),
  r("sh", "SH"),
  r("th", "TH"),
  r("wh", "W"),
  r("wr", "R"),
  r("x", "K S"),
  r("c", "S", { beforeFront: true }),
  r("g", "JH", { beforeFront: true }),
  r("y", "IY", { final: true }),
  r("a", "AE"),
  r("e", "EH"),
  r("i", "IH"),
  r("o", "AA"),
  r("u", "AH"),
  r("y", "Y"),
  r("b", "B"),
  r("c", "K"),
  r("d", "D"),
  r("f", "F"),
  r("g", "G"),
  r("h", "HH"),
  r("j", "JH"),
  r("k", "K"),
  r("l", "L"),
  r("m", "M"),
  r("n", "N"),
  r("p", "P"),
  r("q", "K"),
  r("r", "R"),
  r("s", "S"),
  r("t", "T"),
  r("v", "V"),
  r("w", "W"),
  r("z", "Z"),
];

const VOWEL_LETTERS = /[aeiouy]/;
const PHONE_VOWELS = new Set([
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
]);

function matches(rule: Rule, word: string, at: number): boolean {
  if (!word.startsWith(rule.letters, at)) return false;
  const after = at + rule.letters.length;
  if (rule.final && after !== word.length) return false;
  if (rule.beforeFront && !/[eiy]/.test(word[after] ?? "")) return false;
  if (rule.magicE) {
    const consonant = word[after] ?? "";
    return (
      consonant !== "" &&
      !VOWEL_LETTERS.test(consonant) &&
      word[after + 1] === "e" &&
      after + 2 === word.length
    );
  }
  return true;
}

const WEAK_PREFIXES = ["a", "be", "de", "re", "un", "in", "en", "ex", "con", "com", "pre", "pro"];

/** CMU-style tokens ("HH", "EH1", "L", "OW0") for a lowercase word of letters. */
export function letterToSound(word: string): string[] {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  const phones: string[] = [];
  let at = 0;
  while (at < w.length) {
    // A final silent e after a consonant ("stone") adds no sound.
    if (w[at] === "e" && at === w.length - 1 && at > 0 && phones.length > 0) break;
    const rule = RULES.find((candidate) => matches(candidate, w, at));
    if (!rule) {
      at++;
      continue;
    }
    phones.push(...rule.phones);
    at += rule.letters.length;
    if (rule.magicE) {
      phones.push(
        ...letterToSound(w[at] ?? "").filter((p) => !PHONE_VOWELS.has(p.replace(/\d/, ""))),
      );
      at += 2;
    }
  }
  // Collapse doubled consonants ("ll", "tt") into one phone.
  const collapsed = phones.filter((p, i) => PHONE_VOWELS.has(p) || p !== phones[i - 1]);
  if (!collapsed.some((p) => PHONE_VOWELS.has(p))) collapsed.push("AH");
  const vowelCount = collapsed.filter((p) => PHONE_VOWELS.has(p)).length;
  const stressed =
    vowelCount > 1 &&
    WEAK_PREFIXES.some((prefix) => w.startsWith(prefix) && w.length > prefix.length + 3)
      ? 1
      : 0;
  let vowelIndex = 0;
  return collapsed.map((p) => {
    if (!PHONE_VOWELS.has(p)) return p;
    const stress = vowelIndex++ === stressed ? 1 : 0;
    return `${p}${stress}`;
  });
}
