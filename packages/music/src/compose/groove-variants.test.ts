import { describe, expect, it } from "vitest";
import { GENRES } from "../profiles";
import { GROOVES } from "./grooves";

describe("groove variants", () => {
  it("keep the written grooves first and by name (stored scores find theirs by name)", () => {
    expect(GROOVES.Pop.slice(0, 4).map((g) => g.name)).toEqual([
      "straight",
      "four on the floor",
      "half-time",
      "syncopated",
    ]);
    expect(GROOVES.Pop[0]!.verse.closedHat).toBe("o-o-o-o-o-o-o-o-");
  });

  it("give every genre with drums more grooves to draw from, each named once", () => {
    for (const genre of GENRES) {
      const names = GROOVES[genre].map((g) => g.name);
      expect(new Set(names).size, genre).toBe(names.length);
      if (genre !== "Classical") expect(names.length, genre).toBeGreaterThanOrEqual(8);
    }
  });

  it("keep every kick the written groove has on a beat, and the bridge as written", () => {
    for (const genre of GENRES)
      for (const g of GROOVES[genre]) {
        const written = GROOVES[genre].find((w) => g.name.startsWith(`${w.name}, `));
        if (!written) continue;
        expect(g.bridge).toBe(written.bridge);
        for (const part of ["verse", "chorus"] as const) {
          const before = written[part].kick ?? "";
          const after = g[part].kick ?? "";
          for (let step = 0; step < 16; step += 4)
            if (before[step] && before[step] !== "-")
              expect(after[step], g.name).toBe(before[step]);
        }
      }
  });
});
