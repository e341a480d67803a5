/**
 * Before/after pictures for docs/SOUND.md: the same requests rendered by engine 1 and engine 2,
 * as sox spectrograms in docs/sound/. Needs sox (Debian). Run: pnpm exec tsx bench/pictures.ts
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose, composeEngine1 } from "../src/compose";
import { renderEngine1Wav, renderSong } from "../src/render";
import type { CompositionRequest } from "../src/types";
import { writeSpectrogram } from "./spectrogram";

const out = new URL("../../../docs/sound/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const tmp = join(tmpdir(), "hq-pictures");
mkdirSync(tmp, { recursive: true });
const songs: [string, CompositionRequest][] = [
  [
    "metal",
    {
      creationMode: "description",
      description: "iron and fire",
      mood: "Hype",
      genre: "Metal",
      seed: 12,
      durationSec: 40,
    },
  ],
  [
    "classical",
    {
      creationMode: "description",
      description: "autumn rain on the lake",
      mood: "Melancholic",
      genre: "Classical",
      seed: 5,
      durationSec: 40,
    },
  ],
  [
    "edm",
    {
      creationMode: "description",
      description: "festival lights",
      mood: "Hype",
      genre: "EDM",
      seed: 3,
      durationSec: 40,
    },
  ],
  [
    "jazz",
    {
      creationMode: "description",
      description: "smoky bar at night",
      mood: "Chill",
      genre: "Jazz",
      seed: 8,
      durationSec: 40,
    },
  ],
];
for (const [name, req] of songs) {
  const one = join(tmp, `${name}-engine1.wav`);
  const two = join(tmp, `${name}-engine2.wav`);
  writeFileSync(one, renderEngine1Wav(composeEngine1(req)));
  writeFileSync(two, await renderSong(compose(req)));
  for (const [file, label] of [
    [one, "engine 1"],
    [two, "engine 2"],
  ] as const) {
    const png = join(out, `${name}-${label.replace(" ", "")}.png`);
    writeSpectrogram(file, png, { title: `${req.genre} (${req.mood}), ${label}` });
    console.log(png);
  }
}
rmSync(tmp, { recursive: true, force: true });
