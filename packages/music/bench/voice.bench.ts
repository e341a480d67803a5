/**
 * The singing voice, judged by independent tools (benchmarks, not tests):
 * - Pitch: aubio's pitch track (yinfft; our YIN when aubio is missing) on the vocals, in voiced
 *   frames that fall inside a scored note: the share within 50 cents of that note (target ≥ 90 %).
 * - Words: pocketsphinx transcribes the vocals; word recall against the sung lyrics, beside the
 *   recall for the same lyrics spoken by Debian's `flite` (slt), the ceiling (target ≥ 40 %).
 * - Speed: CPU time of renderVoice on one core, as × real time of the song and of the sung part.
 * Songs: 20 from the composer (bench/voice-songs.ts), plus the hand-written test phrases.
 * Run: pnpm bench:voice   (VOICE_BENCH_SONGS=n for fewer songs; VOICE_BENCH_RECALL_SONGS=n to
 * transcribe only the first n, as pocketsphinx takes minutes per song on a loaded machine;
 * VOICE_BENCH_OUT=dir keeps the WAVs; VOICE_BENCH_VOICE=ember|atlas keeps only that voice's songs;
 * VOICE_BENCH_CEILING=0 skips the spoken-by-flite ceiling, which doubles the transcription time)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isVoiceId, renderVoice, VOICE_IDS, voiceInfo, type VoiceId } from "../src/voice";
import type { VocalNote } from "../src/voice/types";
import { yinPitch } from "../src/voice/yin";
import { benchSongs, testPhraseSongs, type BenchSong } from "./voice-songs";

const RATE = 44100;
const count = Number(process.env.VOICE_BENCH_SONGS ?? 20);
const recallCount = Number(process.env.VOICE_BENCH_RECALL_SONGS ?? count);
const keep = process.env.VOICE_BENCH_OUT;
const onlyVoice = process.env.VOICE_BENCH_VOICE;
if (onlyVoice !== undefined && !isVoiceId(onlyVoice)) {
  throw new Error(`VOICE_BENCH_VOICE must be one of ${VOICE_IDS.join(", ")}, not "${onlyVoice}"`);
}
const withCeiling = process.env.VOICE_BENCH_CEILING !== "0";
const dir = keep ?? mkdtempSync(join(tmpdir(), "voice-bench-"));
mkdirSync(dir, { recursive: true });

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function wav16(x: Float32Array, rate: number): Buffer {
  const b = Buffer.alloc(44 + x.length * 2);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + x.length * 2, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(x.length * 2, 40);
  for (let i = 0; i < x.length; i++) {
    b.writeInt16LE(
      Math.max(-32768, Math.min(32767, Math.round((x[i] as number) * 32767))),
      44 + i * 2,
    );
  }
  return b;
}

/** [time s, Hz] of voiced frames. */
function pitchTrack(file: string, samples: Float32Array): [number, number][] {
  if (has("aubio")) {
    const out = execFileSync("aubio", ["pitch", "-m", "yinfft", "-u", "Hz", "-s", "-50", file], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    return out
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/).map(Number) as [number, number])
      .filter(([, hz]) => hz > 50);
  }
  return yinPitch(samples, RATE, { minHz: 80, maxHz: 900, bandHz: 1000 })
    .filter((f) => f.hz > 0)
    .map((f) => [f.time, f.hz]);
}

/**
 * Share of voiced frames inside a scored note that are within 50 cents of it. aubio reports a
 * pitch for noise too (an "s" reads as 3 kHz), so frames outside the voice's range widened by an
 * octave each way count as unvoiced.
 */
function pitchScore(track: [number, number][], notes: VocalNote[], voice: VoiceId) {
  let scored = 0;
  let hits = 0;
  const [low, high] = voiceInfo(voice).range;
  const minHz = 440 * 2 ** ((low - 12 - 69) / 12);
  const maxHz = 440 * 2 ** ((high + 12 - 69) / 12);
  const sorted = [...notes].sort((a, b) => a.startSec - b.startSec);
  for (const [t, hz] of track) {
    if (hz < minHz || hz > maxHz) continue;
    // The note sounding at t: the latest one started (a later note cuts an overlapping one off).
    const note = sorted.findLast((n) => t >= n.startSec && t < n.startSec + n.durSec);
    if (!note) continue;
    scored++;
    const cents = 1200 * Math.log2(hz / (440 * 2 ** ((note.midi - 69) / 12)));
    if (Math.abs(cents) <= 50) hits++;
  }
  return { scored, hits };
}

const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

function recall(reference: string[], heard: string[]): number {
  const bag = new Map<string, number>();
  for (const w of heard) bag.set(w, (bag.get(w) ?? 0) + 1);
  let hit = 0;
  for (const w of reference) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      hit++;
      bag.set(w, n - 1);
    }
  }
  return reference.length ? hit / reference.length : NaN;
}

function transcribe(file: string): string[] {
  const f16 = `${file}.16k.wav`;
  // -D: no dither, which sox otherwise adds at random and which moved recall by a few points.
  execFileSync("sox", ["-D", file, "-r", "16000", "-c", "1", "-b", "16", f16]);
  const out = execFileSync("pocketsphinx_continuous", ["-infile", f16, "-logfn", "/dev/null"], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  return words(out);
}

function spokenByFlite(lines: string[], file: string): string[] {
  execFileSync("flite", ["-voice", "slt", "-t", lines.join(", "), "-o", file]);
  return transcribe(file);
}

const canHear = has("pocketsphinx_continuous") && has("sox") && has("flite");
if (!canHear) console.log("pocketsphinx/sox/flite missing: word recall skipped");

// Warm-up: compile Flite's WebAssembly and the JIT.
renderVoice(testPhraseSongs()[0]!.notes, { voice: "ember" });

interface Row {
  song: string;
  voice: string;
  "sung s": string;
  "× RT song": string;
  "× RT sung": string;
  "pitch ok": string;
  "sung recall": string;
  "spoken recall": string;
}
const rows: Row[] = [];
const totals = {
  scored: 0,
  hits: 0,
  cpu: 0,
  song: 0,
  sung: 0,
  sungRecall: [] as number[],
  spoken: [] as number[],
};
const ofVoice = (s: BenchSong) => !onlyVoice || s.voice === onlyVoice;
const composed = benchSongs(count).filter(ofVoice);
const songs: BenchSong[] = [...composed, ...testPhraseSongs().filter(ofVoice)];
/** "20 songs", or "10 ember songs" when one voice's are benched. */
const songsLabel = `${composed.length} ${onlyVoice ? `${onlyVoice} ` : ""}songs`;
const recallLabel = `${Math.min(recallCount, composed.length)} ${onlyVoice ? `${onlyVoice} ` : ""}songs`;
for (const [i, song] of songs.entries()) {
  const c0 = process.cpuUsage();
  const y = renderVoice(song.notes, { voice: song.voice, sampleRate: RATE });
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const songSec = y.length / RATE;
  const sungSec = song.notes.reduce((s, n) => s + n.durSec, 0);
  const file = join(dir, `song-${String(i + 1).padStart(2, "0")}-${song.voice}.wav`);
  writeFileSync(file, wav16(y, RATE));
  const { scored, hits } = pitchScore(pitchTrack(file, y), song.notes, song.voice);
  const isBench = i < composed.length;
  if (isBench) {
    totals.scored += scored;
    totals.hits += hits;
    totals.cpu += cpu;
    totals.song += songSec;
    totals.sung += sungSec;
  }
  let sungRecall = NaN;
  let spokenRecall = NaN;
  if (canHear && (i < recallCount || !isBench)) {
    const reference = song.lines.flatMap(words);
    sungRecall = recall(reference, transcribe(file));
    if (withCeiling) {
      spokenRecall = recall(reference, spokenByFlite(song.lines, `${file}.spoken.wav`));
    }
    if (isBench) {
      totals.sungRecall.push(sungRecall);
      if (withCeiling) totals.spoken.push(spokenRecall);
    }
  }
  const row: Row = {
    song: song.name,
    voice: song.voice,
    "sung s": sungSec.toFixed(1),
    "× RT song": (songSec / cpu).toFixed(0),
    "× RT sung": (sungSec / cpu).toFixed(0),
    "pitch ok": scored ? pct(hits / scored) : "-",
    "sung recall": pct(sungRecall),
    "spoken recall": pct(spokenRecall),
  };
  rows.push(row);
  console.log(`done ${i + 1}/${songs.length}: ${JSON.stringify(row)}`);
}
console.log(
  `\nSinging voice: ${songsLabel} from the composer + test phrases (pitch by ${has("aubio") ? "aubio yinfft" : "YIN"})`,
);
console.table(rows);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const summary = {
  pitch: totals.hits / totals.scored,
  sungRecall: mean(totals.sungRecall),
  spokenRecall: mean(totals.spoken),
  rtSong: totals.song / totals.cpu,
  rtSung: totals.sung / totals.cpu,
};
console.log(
  `\nOver the ${songsLabel}: pitch within 50 cents ${pct(summary.pitch)} of voiced frames (target ≥ 90 %); ` +
    `word recall (${recallLabel}) sung ${pct(summary.sungRecall)} vs spoken by flite ${pct(summary.spokenRecall)} (target ≥ 40 %); ` +
    `speed ${summary.rtSong.toFixed(0)}× real time of the song, ${summary.rtSung.toFixed(0)}× of the sung notes (target ≥ 60×).`,
);
console.log(
  `median sung recall ${pct(median(totals.sungRecall))}; WAVs in ${dir}${keep ? "" : " (removed)"}`,
);
const bench = (name: string, value: number, unit: string, target: string) =>
  console.log(
    `BENCH ${JSON.stringify({ suite: "music", name, value: Number(value.toFixed(3)), unit, baseline: null, baselineName: null, ratio: null, target })}`,
  );
bench(`voice pitch within 50 cents (${songsLabel})`, 100 * summary.pitch, "%", ">= 90 %");
bench(
  `voice sung word recall, pocketsphinx (${recallLabel})`,
  100 * summary.sungRecall,
  "%",
  ">= 40 %",
);
if (withCeiling) {
  bench("flite spoken word recall, same lyrics (ceiling)", 100 * summary.spokenRecall, "%", "");
}
// One voice's songs are named apart, so they are never read as the whole bench's speed.
const ofOne = onlyVoice ? ` (${onlyVoice} songs)` : "";
bench(`voice render speed, song length per CPU s${ofOne}`, summary.rtSong, "x", ">= 60x");
bench(`voice render speed, sung notes per CPU s${ofOne}`, summary.rtSung, "x", "");
if (!keep) rmSync(dir, { recursive: true, force: true });
