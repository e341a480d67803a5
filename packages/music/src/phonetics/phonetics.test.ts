import { describe, expect, it } from "vitest";
import {
  letterToSound,
  lineStresses,
  pronounce,
  rhymeKey,
  spellSyllables,
  sungSyllables,
  syllabify,
  wordSyllableCount,
  wordsRhyme,
} from "./index";

describe("syllabify", () => {
  it("gives consonants between vowels to the later syllable when English allows the onset", () => {
    const [first, second] = syllabify(["HH", "AH0", "L", "OW1"]);
    expect(first).toEqual({ onset: ["HH"], nucleus: "AH", coda: [], stress: 0 });
    expect(second).toEqual({ onset: ["L"], nucleus: "OW", coda: [], stress: 1 });
  });

  it("splits a cluster English cannot begin a word with (m|p in 'empty', s|t|r in 'extra')", () => {
    const empty = syllabify("EH1 M P T IY0".split(" "));
    expect(empty.map((s) => [s.onset.join(" "), s.coda.join(" ")])).toEqual([
      ["", "M P"],
      ["T", ""],
    ]);
    const extra = syllabify("EH1 K S T R AH0".split(" "));
    expect(extra.map((s) => s.onset.join(" "))).toEqual(["", "S T R"]);
  });

  it("refuses a token that is not ARPAbet", () => {
    expect(() => syllabify(["XX1"])).toThrow(/ARPAbet/);
  });
});

describe("pronounce", () => {
  it("reads the dictionary first", () => {
    const p = pronounce("Fire!");
    expect(p.source).toBe("dictionary");
    expect(p.syllables.map((s) => s.nucleus)).toEqual(["AY", "ER"]);
  });

  it("derives inflections and compounds from dictionary stems", () => {
    expect(pronounce("streetlights").source).not.toBe("rules");
    expect(wordSyllableCount("heartbreaker")).toBe(3);
  });

  it("falls back to letter-to-sound rules for invented words", () => {
    const p = pronounce("zorblate");
    expect(p.source).toBe("rules");
    expect(p.syllables.length).toBe(2);
    expect(letterToSound("brane")).toEqual(["B", "R", "EY1", "N"]);
  });

  it("counts syllables as a singer would", () => {
    const counts = Object.fromEntries(
      [
        "the",
        "every",
        "beautiful",
        "fire",
        "city",
        "tonight",
        "championship",
        "coast",
        "shift",
      ].map((w) => [w, wordSyllableCount(w)]),
    );
    expect(counts).toEqual({
      the: 1,
      every: 3,
      beautiful: 3,
      fire: 2,
      city: 2,
      tonight: 2,
      championship: 4,
      coast: 1,
      shift: 1,
    });
  });

  it("reads entries that carry a comment in the dictionary", () => {
    expect(pronounce("aalborg").syllables.map((s) => s.nucleus)).toEqual(["AO", "AO"]);
  });

  it("has no syllables for a token without letters", () => {
    expect(pronounce("—").syllables).toEqual([]);
  });
});

describe("stress and rhyme", () => {
  it("demotes function words so the meter reads as sung", () => {
    expect(lineStresses("driving to the sea")).toEqual([1, 0, 0, 0, 1]);
  });

  it("rhymes on the last stressed vowel onwards", () => {
    expect(rhymeKey("tonight")).toBe("AY T");
    expect(wordsRhyme("night", "light")).toBe(true);
    expect(wordsRhyme("desire", "fire")).toBe(true);
    expect(wordsRhyme("night", "night")).toBe(false);
    expect(wordsRhyme("night", "rain")).toBe(false);
  });
});

describe("spelling", () => {
  it("splits a word into as many pieces as it has sounds, joining back exactly", () => {
    for (const word of ["beautiful,", "tonight", "fire", "championship", "shift", "yellow"]) {
      const pieces = spellSyllables(word, wordSyllableCount(word));
      expect(pieces.join("")).toBe(word);
      expect(pieces).toHaveLength(wordSyllableCount(word));
    }
  });

  it("gives every sung syllable its spelling, word and phones", () => {
    const line = sungSyllables("Driving home — along the coast");
    expect(line.map((s) => s.text)).toEqual(["Dri", "ving", "home", "a", "long", "the", "coast"]);
    expect(line.map((s) => s.word)).toEqual([0, 0, 1, 2, 2, 3, 4]);
    expect(line.filter((s) => s.wordStart)).toHaveLength(5);
    expect(line[6]?.phones).toEqual({ onset: ["K"], nucleus: "OW", coda: ["S", "T"], stress: 1 });
  });
});
