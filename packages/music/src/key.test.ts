import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { GENRES, MOODS } from "./profiles";
import { renderSong } from "./render";
import { estimateKey, keyMatches } from "./test-utils";
import { noteName } from "./theory";

// Every mood × genre pair (8 × 9 = 72) with two seeds of its own: the tonic is drawn from the seed,
// so shared seeds would test one or two tonics only; these cover all twelve and every mode a pair
// allows. Engine 2 (SoundFont instruments, mixed and mastered), 10 s renders.
const renders = MOODS.flatMap((mood, m) =>
  GENRES.flatMap((genre, g) =>
    [0, 1].map((s) => ({ mood, genre, seed: 1002 + 2 * (m * GENRES.length + g) + s })),
  ),
);

describe("the key heard in the audio", () => {
  it.each(renders)(
    "$mood $genre (seed $seed) is heard in its key, its relative, or its mode's parent scale",
    async ({ mood, genre, seed }) => {
      const c = compose({
        creationMode: "description",
        description: "city lights after midnight",
        mood,
        genre,
        seed,
        durationSec: 10,
      });
      const est = estimateKey(await renderSong(c));
      expect(
        keyMatches(est, c.key),
        `${c.key.name} heard as ${noteName(est.tonicPc)} ${est.quality}`,
      ).toBe(true);
    },
  );

  it("accepts the key, its relative and a mode's parent scale, and rejects neighbouring keys", () => {
    const bbMajor = { tonicPc: 10, quality: "major", mode: "ionian" } as const;
    expect(keyMatches({ tonicPc: 10, quality: "major" }, bbMajor)).toBe(true);
    expect(keyMatches({ tonicPc: 7, quality: "minor" }, bbMajor)).toBe(true);
    expect(keyMatches({ tonicPc: 5, quality: "major" }, bbMajor)).toBe(false);
    expect(keyMatches({ tonicPc: 3, quality: "major" }, bbMajor)).toBe(false);
    // D dorian has C major's notes (and A minor's); D major and F major do not.
    const dDorian = { tonicPc: 2, quality: "minor", mode: "dorian" } as const;
    expect(keyMatches({ tonicPc: 2, quality: "minor" }, dDorian)).toBe(true);
    expect(keyMatches({ tonicPc: 0, quality: "major" }, dDorian)).toBe(true);
    expect(keyMatches({ tonicPc: 9, quality: "minor" }, dDorian)).toBe(true);
    expect(keyMatches({ tonicPc: 2, quality: "major" }, dDorian)).toBe(false);
    expect(keyMatches({ tonicPc: 5, quality: "major" }, dDorian)).toBe(false);
    // Bb mixolydian has Eb major's notes, which is also F dorian.
    expect(
      keyMatches(
        { tonicPc: 5, quality: "minor", mode: "dorian" },
        { tonicPc: 10, quality: "major", mode: "mixolydian" },
      ),
    ).toBe(true);
    // A major key is held to its tonic or relative: C major heard as D dorian is a wrong tonic.
    expect(
      keyMatches(
        { tonicPc: 2, quality: "minor", mode: "dorian" },
        { tonicPc: 0, quality: "major", mode: "ionian" },
      ),
    ).toBe(false);
  });
});
