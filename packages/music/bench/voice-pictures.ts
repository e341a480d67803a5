/**
 * Spectrograms of the voice for docs/SOUND.md: the hand-written test phrases and the first
 * composer song of each voice from the voice benchmark, voice alone; then two finished songs
 * (the whole mix, band + voice, as a listener gets it), so the voice shows above the band.
 * Needs sox (Debian).
 * Run: pnpm exec tsx bench/voice-pictures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose } from "../src/compose";
import { renderSong } from "../src/render";
import type { CompositionRequest } from "../src/types";
import { renderVoice } from "../src/voice";
import { encodeWav } from "../src/wav";
import { writeSpectrogram } from "./spectrogram";
import { benchSongs, testPhraseSongs, type BenchSong } from "./voice-songs";

const out = new URL("../../../docs/voice/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const tmp = join(tmpdir(), "hq-voice-pictures");
mkdirSync(tmp, { recursive: true });

// The voice alone: the test phrases whole, the composer songs from their first note.
const [emberSong, atlasSong] = benchSongs(2) as [BenchSong, BenchSong];
const solo: [string, BenchSong, number][] = [
  ...testPhraseSongs().map((song): [string, BenchSong, number] => [
    `test-phrases-${song.voice}`,
    song,
    0,
  ]),
  ["song-ember", emberSong, emberSong.notes[0]!.startSec],
  ["song-atlas", atlasSong, atlasSong.notes[0]!.startSec],
];
for (const [name, song, from] of solo) {
  const wav = join(tmp, `${name}.wav`);
  const y = renderVoice(song.notes, { voice: song.voice, sampleRate: 44100 });
  writeFileSync(wav, encodeWav(y, y));
  const lengthSec = Math.min(12, y.length / 44100 - from);
  const png = join(out, `${name}.png`);
  writeSpectrogram(wav, png, {
    title: `${song.voice}, voice alone: ${song.name}, ${from.toFixed(1)}-${(from + lengthSec).toFixed(1)} s`,
    width: 1200,
    height: 400,
    trim: { fromSec: from, lengthSec },
  });
  console.log(png);
}

const songs: [string, CompositionRequest][] = [
  [
    "mix-ember",
    {
      creationMode: "description",
      description: "summer morning by the sea",
      mood: "Happy",
      genre: "Pop",
      seed: 1,
      durationSec: 60,
      vocals: "sung",
      voice: "ember",
    },
  ],
  [
    "mix-atlas",
    {
      creationMode: "description",
      description: "walking home alone in the rain",
      mood: "Melancholic",
      genre: "Country",
      seed: 2,
      durationSec: 60,
      vocals: "sung",
      voice: "atlas",
    },
  ],
];
// A window from the first sung phrase on, wide enough to read syllables.
const FROM_SEC = 8;
const LENGTH_SEC = 12;
for (const [name, req] of songs) {
  const wav = join(tmp, `${name}.wav`);
  writeFileSync(
    wav,
    await renderSong(compose(req), {
      vocals: (notes, voice) => renderVoice(notes, { voice, sampleRate: 44100 }),
    }),
  );
  const png = join(out, `${name}.png`);
  writeSpectrogram(wav, png, {
    title: `${req.voice}, mix: ${req.genre} (${req.mood}) #${req.seed}, ${FROM_SEC}-${FROM_SEC + LENGTH_SEC} s`,
    width: 1200,
    height: 400,
    trim: { fromSec: FROM_SEC, lengthSec: LENGTH_SEC },
  });
  console.log(png);
}
rmSync(tmp, { recursive: true, force: true });
