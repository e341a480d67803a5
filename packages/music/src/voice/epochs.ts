/**
 * Pitch marks for speech spoken on one steady pitch (as Flite makes it here): where each glottal
 * pulse lies, and which stretches are voiced. Knowing the period makes this simple and robust:
 * voicing is the correlation one period apart, and the pulses' phase is found by folding the
 * pre-emphasized energy over the period.
 */

export interface PitchMarks {
  /** Analysis period in samples. */
  period: number;
  /** Pulse positions (samples, ascending) in voiced stretches. */
  marks: Float64Array;
  /** Per sample: 1 when voiced. */
  voiced: Uint8Array;
}

const FRAME = 80; // 5 ms at 16 kHz

export function findPitchMarks(x: Float32Array, sampleRate: number, f0Hz: number): PitchMarks {
  const period = sampleRate / f0Hz;
  const lag = Math.round(period);
  const win = Math.max(2 * lag, Math.round(0.02 * sampleRate));
  const voiced = new Uint8Array(x.length);
  const frames = Math.ceil(x.length / FRAME);
  const frameVoiced = new Uint8Array(frames);
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i] as number));
  const floor = (peak * 0.01) ** 2;
  for (let f = 0; f < frames; f++) {
    const c = f * FRAME + FRAME / 2;
    const a = Math.max(0, Math.round(c - win / 2));
    const b = Math.min(x.length - lag, a + win);
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let n = a; n < b; n++) {
      const u = x[n] as number;
      const v = x[n + lag] as number;
      xy += u * v;
      xx += u * u;
      yy += v * v;
    }
    const energy = (xx + yy) / 2 / Math.max(1, b - a);
    frameVoiced[f] = energy > floor && xy / Math.sqrt(xx * yy + 1e-20) > 0.45 ? 1 : 0;
  }
  // Close one-frame holes and drop one-frame islands.
  for (let f = 1; f + 1 < frames; f++) {
    if (frameVoiced[f - 1] && frameVoiced[f + 1]) frameVoiced[f] = 1;
  }
  for (let f = 1; f + 1 < frames; f++) {
    if (!frameVoiced[f - 1] && !frameVoiced[f + 1]) frameVoiced[f] = 0;
  }
  for (let f = 0; f < frames; f++) {
    if (frameVoiced[f]) voiced.fill(1, f * FRAME, Math.min(x.length, (f + 1) * FRAME));
  }

  // Pre-emphasized energy peaks at the pulses.
  const e = new Float32Array(x.length);
  for (let n = 1; n < x.length; n++) {
    const d = (x[n] as number) - 0.95 * (x[n - 1] as number);
    e[n] = d * d;
  }
  // Flite's pulses keep one phase through a voiced stretch at exactly the requested period, so
  // one fold of the stretch's energy over the period (quarter-sample bins) places all its marks.
  const marks: number[] = [];
  const SUB = 4;
  const bins = SUB * Math.ceil(period);
  const fold = new Float64Array(bins);
  let n = 0;
  while (n < x.length) {
    if (!voiced[n]) {
      n++;
      continue;
    }
    let end = n;
    while (end < x.length && voiced[end]) end++;
    fold.fill(0);
    for (let k = n; k < end; k++) {
      const bin = Math.floor((((k - n) % period) * SUB) % bins);
      fold[bin] = (fold[bin] as number) + (e[k] as number);
    }
    // Smooth over ±1 sample so the peak is the pulse, not a noisy bin.
    let best = 0;
    let bestValue = -1;
    const used = Math.round(period * SUB);
    for (let b = 0; b < used; b++) {
      let v = 0;
      for (let d = -SUB; d <= SUB; d++) v += fold[(b + d + used) % used] as number;
      if (v > bestValue) {
        bestValue = v;
        best = b;
      }
    }
    for (let m = n + best / SUB; m < end; m += period) marks.push(m);
    n = end;
  }
  return { period, marks: Float64Array.from(marks), voiced };
}
