import { describe, expect, it } from "vitest";
import { PARSED } from "./grammar";
import { stockness, stockPairs, templatePairs } from "./stock";

describe("stock word pairs", () => {
  it("counts the pairs a template says by itself, across its optional words", () => {
    const all = Object.values(PARSED).flat();
    const pairs = all.map((t) => templatePairs(t));
    // Every template says some fixed pair, and the common frames share theirs.
    expect(pairs.filter((p) => p.size > 0).length).toBeGreaterThan(all.length / 2);
    expect(stockPairs().get("in the") ?? 0).toBeGreaterThan(5);
  });

  it("scores a line of shared pairs above a line of the song's own words", () => {
    expect(stockness("I'm still waiting in the light")).toBeGreaterThan(
      stockness("muddy jerseys glow beside the scoreboard"),
    );
    expect(stockness("")).toBe(0);
  });
});
