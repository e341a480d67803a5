import { describe, expect, it } from "vitest";
import { isMusicInputError } from "../errors";
import { sectionEvents } from "../render/events";
import { sectionTargets } from "../render/song";
import type { Composition, Engine2Composition } from "../types";
import { voiceInfo } from "../voice/voices";
import { coverComposition } from "./cover";
import { composeEngine2 } from "./index";
import { originalOf } from "./origin";
import { extendComposition, replaceSectionComposition } from "./studio";

const song = (extra: Partial<Parameters<typeof composeEngine2>[0]> = {}): Engine2Composition =>
  composeEngine2({
    creationMode: "description",
    description: "city lights after midnight",
    mood: "Happy",
    genre: "Pop",
    seed: 7,
    durationSec: 40,
    ...extra,
  });

/** The events section `i` renders from, for the channels of `parts` (new silent parts aside). */
function eventsOf(c: Engine2Composition, i: number, channels: Set<number>): string {
  return JSON.stringify(sectionEvents(c, i).filter((e) => channels.has(e.channel)));
}
const channelsOf = (c: Engine2Composition): Set<number> => new Set(c.parts.map((p) => p.channel));
const leadIn = (c: Engine2Composition, k: number): number[][] => {
  const s = c.sections[k]!;
  return c.parts
    .find((p) => p.id === c.melodyPart)!
    .notes.filter((n) => n[0] >= s.startBeat - 1e-9 && n[0] < s.startBeat + s.beats - 1e-9)
    .map((n) => [n[0] - s.startBeat, n[2]]);
};

/** Calls `f` and returns the MusicInputError's field (fails when nothing or something else is thrown). */
function inputErrorField(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (isMusicInputError(err)) return err.field;
    throw err;
  }
  throw new Error("expected a MusicInputError");
}

describe("replaceSectionComposition", () => {
  const original = song({ vocals: "sung" });
  const frozen = JSON.stringify(original);
  const k = 2;
  const replaced = replaceSectionComposition(original, { section: k, seed: 99 });

  it("renders every other section from exactly the original's events", () => {
    const channels = channelsOf(original);
    original.sections.forEach((_, i) => {
      if (i !== k) expect(eventsOf(replaced, i, channels)).toBe(eventsOf(original, i, channels));
    });
    expect(replaced.sections.map((s) => [s.kind, s.startBeat, s.endSec, s.loudnessLu])).toEqual(
      original.sections.map((s) => [s.kind, s.startBeat, s.endSec, s.loudnessLu]),
    );
    expect(sectionTargets(replaced)).toEqual(sectionTargets(original));
    expect(JSON.stringify(original)).toBe(frozen);
  });

  it("recomposes the section: a new tune and new events, same key, tempo, band and voice", () => {
    const channels = channelsOf(original);
    expect(eventsOf(replaced, k, channels)).not.toBe(eventsOf(original, k, channels));
    expect(leadIn(replaced, k)).not.toEqual(leadIn(original, k));
    expect(leadIn(replaced, k).length).toBeGreaterThan(0);
    expect(replaced.key).toEqual(original.key);
    expect(replaced.tempo).toBe(original.tempo);
    expect(replaced.vocals).toEqual(original.vocals);
    for (const p of original.parts) {
      const q = replaced.parts.find((x) => x.id === p.id)!;
      expect([q.program, q.bank, q.channel]).toEqual([p.program, p.bank, p.channel]);
    }
  });

  it("keeps the section's words with the new tune, every sung line pointing at its notes", () => {
    const s = replaced.sections[k]!;
    const lines = (c: Engine2Composition) =>
      c.lyrics!.lines.filter(
        (l) => l.startBeat >= s.startBeat && l.startBeat < s.startBeat + s.beats,
      );
    expect(lines(replaced).map((l) => l.text)).toEqual(lines(original).map((l) => l.text));
    const lead = replaced.parts.find((p) => p.id === replaced.melodyPart)!;
    for (const line of replaced.lyrics!.lines) {
      const first = lead.notes[line.notes[0]!]!;
      expect(first[0]).toBeCloseTo(line.startBeat, 1);
    }
    expect(replaced.lyrics!.lines.length).toBe(original.lyrics!.lines.length);
  });

  it("sings given words in the section", () => {
    const words = "Neon rivers carry me home\nEvery window hums along";
    const r = replaceSectionComposition(original, { section: k, seed: 3, lyrics: words });
    const s = r.sections[k]!;
    const sung = r.lyrics!.lines.filter(
      (l) => l.startBeat >= s.startBeat && l.startBeat < s.startBeat + s.beats,
    );
    expect(sung.map((l) => l.text)).toEqual(words.split("\n"));
    expect(r.lyrics!.sections[s.lyricSection!]!.lines).toEqual(words.split("\n"));
    expect(r.lyrics!.text).toContain("Neon rivers carry me home");
  });

  it("gives an instrumental song a voice for the words it is given there, and nowhere else", () => {
    const inst = song({ vocals: "instrumental", seed: 11 });
    const r = replaceSectionComposition(inst, { section: 1, seed: 4, lyrics: "Hold the line" });
    expect(r.vocals).not.toBeNull();
    expect(r.lyrics!.lines.map((l) => l.text)).toEqual(["Hold the line"]);
    const [lo, hi] = voiceInfo(r.vocals!.voice).range;
    const lead = r.parts.find((p) => p.id === r.melodyPart)!;
    for (const k of r.lyrics!.lines[0]!.notes) {
      expect(lead.notes[k]![2]).toBeGreaterThanOrEqual(lo);
      expect(lead.notes[k]![2]).toBeLessThanOrEqual(hi);
    }
  });

  it("is deterministic, and another seed gives another section", () => {
    expect(JSON.stringify(replaceSectionComposition(original, { section: k, seed: 99 }))).toBe(
      JSON.stringify(replaced),
    );
    const other = replaceSectionComposition(original, { section: k, seed: 100 });
    expect(leadIn(other, k)).not.toEqual(leadIn(replaced, k));
  });

  it("a shuffled song's section swapped to the train beat keeps the train's sixteenth snares", () => {
    const shuffled = song({ genre: "Country", seed: 4 });
    expect(shuffled.humanize.swing).toBeGreaterThanOrEqual(0.3);
    const verse = shuffled.sections.findIndex((s) => s.kind === "verse");
    const snaresIn = (c: Engine2Composition): number[] => {
      const s = c.sections[verse]!;
      return c.parts
        .find((p) => p.id === "drums")!
        .notes.filter((n) => n[2] === 38 && n[0] >= s.startBeat && n[0] < s.startBeat + s.beats)
        .map((n) => n[0] - s.startBeat);
    };
    // The train beat is the one groove with a snare on every eighth or more.
    const trains = [1, 2, 3, 4, 5, 6]
      .map((seed) => snaresIn(replaceSectionComposition(shuffled, { section: verse, seed })))
      .filter((snares) => snares.length >= (8 * shuffled.sections[verse]!.bars) / 2);
    expect(trains.length).toBeGreaterThan(0);
    for (const snares of trains) {
      const between = snares.filter((t) => Math.abs((t % 0.5) - 0.25) < 0.05);
      expect(between.length).toBeGreaterThan(snares.length / 3);
    }
  });

  it("rejects an unknown section, a bad seed, too many or empty words, and engine-1 scores", () => {
    for (const section of [-1, 1.5, original.sections.length, Number.NaN]) {
      expect(inputErrorField(() => replaceSectionComposition(original, { section, seed: 1 }))).toBe(
        "section",
      );
    }
    expect(
      inputErrorField(() => replaceSectionComposition(original, { section: 0, seed: -3 })),
    ).toBe("seed");
    const tooMany = Array.from({ length: 40 }, (_, i) => `line number ${i}`).join("\n");
    expect(
      inputErrorField(() =>
        replaceSectionComposition(original, { section: k, seed: 1, lyrics: tooMany }),
      ),
    ).toBe("lyrics");
    expect(
      inputErrorField(() =>
        replaceSectionComposition(original, { section: k, seed: 1, lyrics: " \n " }),
      ),
    ).toBe("lyrics");
    const engine1 = {
      ...original,
      engineVersion: "harmoniq-engine-1.1.0",
    } as unknown as Composition;
    expect(
      inputErrorField(() =>
        replaceSectionComposition(engine1 as Engine2Composition, { section: 0, seed: 1 }),
      ),
    ).toBe("composition");
    expect(JSON.stringify(original)).toBe(frozen);
  });
});

describe("extendComposition", () => {
  const original = song({ vocals: "sung", seed: 21 });
  const frozen = JSON.stringify(original);
  const extended = extendComposition(original, { durationSec: 30, seed: 5 });
  const n = original.sections.length;

  it("plays the original first: its sections and events, and the master treats them as before", () => {
    expect(extended.durationSec).toBeCloseTo(original.durationSec + 30, 3);
    expect(extended.sections.slice(0, n - 1)).toEqual(original.sections.slice(0, n - 1));
    const channels = channelsOf(original);
    for (let i = 0; i < n; i++) {
      // The original's last section stops at its last bar (its ring-out becomes the continuation).
      const cut = (c: Engine2Composition) =>
        JSON.stringify(
          sectionEvents(c, i).filter(
            (e) => channels.has(e.channel) && e.beat < original.totalBeats - 1e-9,
          ),
        );
      expect(cut(extended)).toBe(cut(original));
    }
    expect(sectionTargets(extended).slice(0, n)).toEqual(sectionTargets(original));
    expect(JSON.stringify(original)).toBe(frozen);
  });

  it("continues with new sections in the same key, tempo, band and voice, ending where asked", () => {
    const added = extended.sections.slice(n);
    expect(added.length).toBeGreaterThan(1);
    expect(added[0]!.startBeat).toBe(original.totalBeats);
    expect(added[added.length - 1]!.endSec).toBe(extended.durationSec);
    expect([extended.key, extended.tempo, extended.style.palette, extended.vocals]).toEqual([
      original.key,
      original.tempo,
      original.style.palette,
      original.vocals,
    ]);
    // New music: no new section's tune is a copy of one of the original's.
    const tunes = original.sections.map((_, i) => JSON.stringify(leadIn(original, i)));
    added.forEach((_, j) => {
      const tune = leadIn(extended, n + j);
      if (tune.length > 0) expect(tunes).not.toContain(JSON.stringify(tune));
    });
  });

  it("continues the words with new lines (none of the original's) sung on the new notes", () => {
    const join = original.totalBeats;
    const newLines = extended.lyrics!.lines.filter((l) => l.startBeat >= join);
    expect(newLines.length).toBeGreaterThan(0);
    const old = new Set(original.lyrics!.lines.map((l) => l.text.toLowerCase()));
    for (const l of newLines) expect(old.has(l.text.toLowerCase())).toBe(false);
    const lead = extended.parts.find((p) => p.id === extended.melodyPart)!;
    for (const l of newLines)
      expect(lead.notes[l.notes[0]!]![0]).toBeGreaterThanOrEqual(join - 1e-9);
  });

  it("continues an instrumental song instrumentally, and sings given words when sung", () => {
    const inst = song({ vocals: "instrumental", seed: 8 });
    const e = extendComposition(inst, { durationSec: 20, seed: 2 });
    expect(e.vocals).toBeNull();
    expect(e.lyrics?.lines.filter((l) => l.startBeat >= inst.totalBeats) ?? []).toEqual([]);
    const words = "[Verse]\nWe kept the engine running\nAll the way to morning";
    const w = extendComposition(original, { durationSec: 20, seed: 2, lyrics: words });
    const sung = w
      .lyrics!.lines.filter((l) => l.startBeat >= original.totalBeats)
      .map((l) => l.text);
    expect(sung).toEqual(["We kept the engine running", "All the way to morning"]);
  });

  it("is deterministic", () => {
    expect(JSON.stringify(extendComposition(original, { durationSec: 30, seed: 5 }))).toBe(
      JSON.stringify(extended),
    );
  });

  it("rejects an extension beyond the length limit or too short, too many words, and words for an instrumental", () => {
    expect(inputErrorField(() => extendComposition(original, { durationSec: 201, seed: 1 }))).toBe(
      "durationSec",
    );
    expect(inputErrorField(() => extendComposition(original, { durationSec: 2, seed: 1 }))).toBe(
      "durationSec",
    );
    expect(
      inputErrorField(() => extendComposition(original, { durationSec: Number.NaN, seed: 1 })),
    ).toBe("durationSec");
    const tooMany = Array.from({ length: 40 }, (_, i) => `line number ${i}`).join("\n");
    expect(
      inputErrorField(() =>
        extendComposition(original, { durationSec: 20, seed: 1, lyrics: tooMany }),
      ),
    ).toBe("lyrics");
    const inst = song({ vocals: "instrumental", seed: 8 });
    expect(
      inputErrorField(() => extendComposition(inst, { durationSec: 20, seed: 1, lyrics: "la la" })),
    ).toBe("lyrics");
    expect(JSON.stringify(original)).toBe(frozen);
  });
});

describe("coverComposition", () => {
  const original = song({ vocals: "sung", seed: 31, mood: "Happy", genre: "Pop" });
  const frozen = JSON.stringify(original);

  it('keep "melody": the same tune and words in the new mood, genre and voice', () => {
    const cover = coverComposition(original, {
      mood: "Melancholic",
      genre: "Jazz",
      voice: "atlas",
      seed: 4,
      keep: "melody",
    });
    expect([cover.mood, cover.genre, cover.vocals]).toEqual([
      "Melancholic",
      "Jazz",
      { voice: "atlas" },
    ]);
    expect(cover.key.quality).toBe("minor");
    expect(cover.lyrics!.lines).toEqual(original.lyrics!.lines);
    const a = original.parts.find((p) => p.id === "lead")!.notes;
    const b = cover.parts.find((p) => p.id === "lead")!.notes;
    // Same rhythm, note for note; the pitches follow the same scale degrees in the new key.
    expect(b.map((n) => [n[0], n[1]])).toEqual(a.map((n) => [n[0], n[1]]));
    expect(b.map((n) => n[2])).not.toEqual(a.map((n) => n[2]));
    const [lo, hi] = voiceInfo("atlas").range;
    const sung = cover.lyrics!.lines.flatMap((l) => l.notes.map((k) => b[k]![2]));
    expect(sung.filter((p) => p >= lo && p <= hi).length / sung.length).toBeGreaterThan(0.9);
    expect(cover.style.palette).not.toBe(original.style.palette);
    expect(JSON.stringify(original)).toBe(frozen);
  });

  it("a cover is a score of its own, marked as a cover, even of an extended song", () => {
    const extended = extendComposition(original, { durationSec: 20, seed: 5 });
    expect(extended.origin?.pass).toBe("extend");
    const cover = coverComposition(extended, {
      mood: "Chill",
      genre: "Jazz",
      seed: 6,
      keep: "melody",
    });
    // No origin: the render worker must not splice it into the extended song's audio.
    expect(cover.origin).toBeNull();
    expect(originalOf(cover)).toBeNull();
    expect(cover.cover).toEqual({ keep: "melody" });
    expect(cover.sections.length).toBe(extended.sections.length);
    // A fresh song ("words") is not marked a cover.
    expect(
      coverComposition(original, { mood: "Hype", genre: "Rock", seed: 4, keep: "words" }).cover ??
        null,
    ).toBeNull();
  });

  it('keep "words": the same words with new music; "nothing": a fresh song', () => {
    const words = coverComposition(original, {
      mood: "Hype",
      genre: "Rock",
      seed: 4,
      keep: "words",
    });
    expect(words.lyrics!.text).toBe(original.lyrics!.text);
    expect(words.genre).toBe("Rock");
    const fresh = coverComposition(original, {
      mood: "Chill",
      genre: "EDM",
      seed: 4,
      keep: "nothing",
    });
    expect(fresh.genre).toBe("EDM");
    expect(fresh.lyrics?.text).not.toBe(original.lyrics!.text);
  });

  it("is deterministic and rejects bad options", () => {
    const opts = { mood: "Melancholic", genre: "Jazz", seed: 4, keep: "melody" } as const;
    expect(JSON.stringify(coverComposition(original, opts))).toBe(
      JSON.stringify(coverComposition(original, opts)),
    );
    expect(
      inputErrorField(() => coverComposition(original, { ...opts, mood: "Grumpy" as never })),
    ).toBe("mood");
    expect(
      inputErrorField(() => coverComposition(original, { ...opts, genre: "Polka" as never })),
    ).toBe("genre");
    expect(
      inputErrorField(() => coverComposition(original, { ...opts, keep: "tempo" as never })),
    ).toBe("keep");
    expect(
      inputErrorField(() => coverComposition(original, { ...opts, voice: "bono" as never })),
    ).toBe("voice");
    const wordless = { ...original, lyrics: null, vocals: null };
    expect(inputErrorField(() => coverComposition(wordless, { ...opts, keep: "words" }))).toBe(
      "keep",
    );
    expect(inputErrorField(() => coverComposition(wordless, { ...opts, voice: "ember" }))).toBe(
      "voice",
    );
    expect(JSON.stringify(original)).toBe(frozen);
  });
});

describe("originalOf: a pass's score rebuilds the score it was made from", () => {
  const original = song({ vocals: "sung", seed: 41 });
  it("gives back the original exactly, through chains of passes, and null for other scores", () => {
    const replaced = replaceSectionComposition(original, {
      section: 1,
      seed: 2,
      lyrics: "Hold on",
    });
    const extended = extendComposition(replaced, { durationSec: 20, seed: 3 });
    const again = replaceSectionComposition(extended, {
      section: extended.sections.length - 2,
      seed: 4,
    });
    expect(again.origin!.pass).toBe("replace-section");
    expect(extended.origin!.pass).toBe("extend");
    expect(JSON.stringify(originalOf(again))).toBe(JSON.stringify(extended));
    expect(JSON.stringify(originalOf(extended))).toBe(JSON.stringify(replaced));
    expect(JSON.stringify(originalOf(replaced))).toBe(JSON.stringify(original));
    expect(originalOf(original)).toBeNull();
    // Stored as JSON and read back, it still rebuilds.
    const stored = JSON.parse(JSON.stringify(again)) as Engine2Composition;
    expect(JSON.stringify(originalOf(originalOf(stored)!))).toBe(JSON.stringify(replaced));
  });
});
