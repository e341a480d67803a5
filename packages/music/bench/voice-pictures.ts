/**
 * Spectrograms of sung songs for docs/SOUND.md: the whole mix (band + voice, as a listener gets
 * it), so the voice shows above the band. Needs sox (Debian).
 * Run: pnpm exec tsx bench/voice-pictures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose } from "../src/compose";
import { renderSong } from "../src/render";
import type { CompositionRequest } from "../src/types";
import { renderVoice } from "../src/voice";
import { writeSpectrogram } from "./spectrogram";

const out = new URL("../../../docs/voice/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const tmp = join(tmpdir(), "hq-voice-pictures");
mkdirSync(tmp, { recursive: true });
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
