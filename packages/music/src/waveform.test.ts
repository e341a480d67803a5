import { describe, expect, it } from "vitest";
import { decodeWaveform, encodeWaveform } from "./waveform";

describe("waveform text", () => {
  it("round-trips peaks within one step of 1/255 for every length", () => {
    for (const length of [0, 1, 2, 3, 4, 199, 200]) {
      const peaks = Array.from({ length }, (_, i) => ((i * 37) % 100) / 100);
      const decoded = decodeWaveform(encodeWaveform(peaks));
      expect(decoded).toHaveLength(length);
      decoded.forEach((value, i) =>
        expect(Math.abs(value - peaks[i]!)).toBeLessThanOrEqual(1 / 255),
      );
    }
  });

  it("is compact text and rejects malformed input", () => {
    expect(encodeWaveform(new Array(200).fill(0.5))).toHaveLength(267);
    expect(decodeWaveform("not*valid")).toEqual([]);
    expect(decodeWaveform(null)).toEqual([]);
    expect(encodeWaveform([2, -1, Number.NaN])).toBe(encodeWaveform([1, 0, 0]));
  });
});
