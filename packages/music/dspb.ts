import { Biquad, Compressor, Reverb, StereoEq, TruePeakLimiter } from "./src/render/dsp";
import { LoudnessMeter } from "./src/render/loudness";
const n = 44100 * 30;
const l = new Float32Array(n), r = new Float32Array(n), s = new Float32Array(n);
for (let i = 0; i < n; i++) { l[i] = Math.sin(i * 0.01) * 0.5 * ((i >> 12) & 1); r[i] = l[i]! * 0.8; s[i] = l[i]! * 0.3; }
const time = (name: string, f: () => void) => { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); console.log(name, ((u.user + u.system) / 1000).toFixed(0), "ms per 30 s"); };
time("eq3", () => new StereoEq([{ kind: "highpass", freq: 30 }, { kind: "peak", freq: 400, gainDb: -2 }, { kind: "highshelf", freq: 8000, gainDb: 2 }]).process(l.slice(), r.slice()));
time("comp", () => new Compressor({ thresholdDb: -20, ratio: 3, attackMs: 10, releaseMs: 100 }).process(l.slice(), r.slice()));
time("reverb", () => new Reverb({ decaySec: 2, preDelayMs: 20, damping: 0.4 }).process(s, l.slice(), r.slice()));
time("limiter", () => new TruePeakLimiter(-1.3).process(l.slice(), r.slice()));
time("meter", () => new LoudnessMeter().add(l, r));
