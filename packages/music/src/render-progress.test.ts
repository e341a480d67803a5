import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { describeRenderProgress, renderProgressAt } from "./render-progress";
import { isEngine2 } from "./types";
import { SAMPLE_RATE } from "./wav";

const song = compose({
  creationMode: "description",
  description: "a slow walk by the harbour",
  seed: 8,
  durationSec: 40,
});
if (!isEngine2(song)) throw new Error("expected an engine-2 score");
const total = Math.round(song.durationSec * SAMPLE_RATE);
const framesAt = (sec: number) => Math.round(sec * SAMPLE_RATE);

describe("renderProgressAt", () => {
  it("names the section the next frame belongs to, by index and kind", () => {
    const second = song.sections[1]!;
    const mid = renderProgressAt(song, framesAt((second.startSec + second.endSec) / 2), total);
    expect(mid).toMatchObject({ section: 1, sections: song.sections.length, kind: second.kind });
    expect(mid.fraction).toBeGreaterThan(0);
    expect(mid.fraction).toBeLessThan(1);
  });

  it("counts a section as started when the audio before it is done, limiter look-ahead aside", () => {
    // The master limiter holds back a few milliseconds at the end of each rendered section.
    const atBoundary = framesAt(song.sections[2]!.startSec) - 64;
    expect(renderProgressAt(song, atBoundary, total).section).toBe(2);
  });

  it("starts at 0 in the first section and ends at 1 in the last, never beyond", () => {
    expect(renderProgressAt(song, 0, total)).toMatchObject({ fraction: 0, section: 0 });
    const last = song.sections.length - 1;
    expect(renderProgressAt(song, total, total)).toMatchObject({ fraction: 1, section: last });
    expect(renderProgressAt(song, total * 2, total)).toMatchObject({ fraction: 1, section: last });
  });
});

describe("describeRenderProgress", () => {
  it("reads a stored report against the score, clamping what the score cannot have", () => {
    expect(describeRenderProgress(song, { fraction: 0.5, section: 1 })).toEqual({
      fraction: 0.5,
      section: 1,
      sections: song.sections.length,
      kind: song.sections[1]!.kind,
    });
    const past = describeRenderProgress(song, { fraction: 2, section: 99 });
    expect(past).toMatchObject({ fraction: 1, section: song.sections.length - 1 });
  });
});
