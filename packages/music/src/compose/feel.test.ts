import { describe, expect, it } from "vitest";
import { compose } from "../compose";
import type { Genre } from "../profiles";
import type { Engine2Composition } from "../types";

const song = (genre: Genre, seed: number): Engine2Composition =>
  compose({
    creationMode: "description",
    description: "city lights after midnight",
    mood: "Confident",
    genre,
    seed,
    durationSec: 60,
  }) as Engine2Composition;

const SEEDS = Array.from({ length: 24 }, (_, k) => 300 + k);

/** Where the drums' closed hats between the beats fall within their beat (0 = on it). */
const offBeatHats = (c: Engine2Composition): number[] =>
  c.parts
    .find((p) => p.id === "drums")!
    .notes.filter((n) => n[2] === 42)
    .map((n) => n[0] - Math.floor(n[0]))
    .filter((f) => f > 0.3 && f < 0.9);

describe("the seed chooses the feel", () => {
  it("some rock songs of one request shuffle, others play straight", () => {
    const swings = SEEDS.map((seed) => song("Rock", seed).humanize.swing);
    expect(swings.filter((s) => s >= 0.3).length).toBeGreaterThan(2);
    expect(swings.filter((s) => s < 0.1).length).toBeGreaterThan(2);
  });

  it("a shuffled song's hats between the beats fall late, near the triplet, never on sixteenths", () => {
    const songs = SEEDS.map((seed) => song("Rock", seed)).filter(
      (c) => c.style.groove !== "shuffle",
    );
    const shuffled = songs.filter((c) => c.humanize.swing >= 0.3);
    expect(shuffled.some((c) => c.style.groove.includes("sixteenths"))).toBe(true);
    for (const c of shuffled)
      for (const f of offBeatHats(c)) {
        expect(f, c.style.groove).toBeGreaterThan(0.6);
        expect(f, c.style.groove).toBeLessThan(0.75);
      }
    const straight = songs.find((c) => c.humanize.swing === 0 && offBeatHats(c).length > 0)!;
    expect(offBeatHats(straight).some((f) => Math.abs(f - 0.5) < 0.05)).toBe(true);
  });

  it("jazz's bossa plays straight or lightly swung by seed, keeping its sixteenth rims", () => {
    const bossas = SEEDS.map((seed) => song("Jazz", seed)).filter(
      (c) => c.style.groove.includes("bossa") || c.humanize.swing > 0,
    );
    const swings = bossas.map((c) => c.humanize.swing);
    expect(swings.some((s) => s === 0)).toBe(true);
    expect(swings.some((s) => s > 0.1 && s <= 0.2)).toBe(true);
    expect(swings.every((s) => s <= 0.2)).toBe(true);
    for (const c of bossas) {
      const rims = c.parts.find((p) => p.id === "drums")!.notes.filter((n) => n[2] === 37);
      expect(rims.length, c.style.groove).toBeGreaterThan(0);
      // Some of them between the eighths (a sixteenth, swung or not), not moved onto them.
      const between = rims.filter((n) => {
        const inEighth = (n[0] * 2) % 1;
        return inEighth > 0.2 && inEighth < 0.8;
      });
      expect(between.length, c.style.groove).toBeGreaterThan(rims.length / 4);
    }
  });

  it("EDM stays on the grid", () => {
    for (const seed of SEEDS.slice(0, 6)) expect(song("EDM", seed).humanize.swing).toBe(0);
  });
});
