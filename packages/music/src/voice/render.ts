/**
 * The singing voice: lyrics sung on a melody, as one mono track for the whole song.
 *
 * Route: Flite (CMU, BSD-style licence) speaks each phrase from the syllables' own phones, on one
 * steady pitch near the melody's middle, with its clustergen vocoder (so the speaker's formants
 * are intact); TD-PSOLA then moves every phone to its sung time and every pulse onto the sung
 * pitch contour (glides, scoops, vibrato), consonants before the beat and vowels on it; breaths go
 * between phrases. No reverb: the mixer adds it.
 */
import { createRng, hashString } from "../prng";
import { addBreath } from "./breath";
import { CONTROL_RATE, midiAt, pitchContour } from "./contour";
import { findPitchMarks } from "./epochs";
import { speakPhrases } from "./flite-speech";
import { layOut, phraseSyllables, type PlannedPhone } from "./layout";
import { syllablesOnNotes, VoiceInputError } from "./notes";
import { psola } from "./psola";
import { resample } from "./resample";
import { TIMBRES } from "./timbre";
import type { VocalNote } from "./types";
import { isVoiceId, voiceInfo, type VoiceId } from "./voices";
import { buildWarp } from "./warp";

export interface RenderVoiceOptions {
  voice: VoiceId;
  /** Output sample rate, Hz (default 44100). */
  sampleRate?: number;
}

/** Seconds of audio after the last note ends (the voice's decay). */
export const RELEASE_SEC = 0.3;
/** Peak level of the rendered voice (about −6 dBFS); the mixer sets the final gain. */
export const PEAK_LEVEL = 0.5;

const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

/**
 * Largest |sample|. A function of its own: a running peak that a closure below also read lived
 * boxed on the heap, a new number for every sample of the song.
 */
function peakOf(xs: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < xs.length; i++) peak = Math.max(peak, Math.abs(xs[i] as number));
  return peak;
}

/** Sing `notes` with `voice`. Same notes and options → same samples. */
export function renderVoice(
  notes: readonly VocalNote[],
  options: RenderVoiceOptions,
): Float32Array {
  if (!isVoiceId(options?.voice)) {
    throw new VoiceInputError(`unknown voice: ${String(options?.voice)}`);
  }
  const sampleRate = options.sampleRate ?? 44100;
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192000) {
    throw new VoiceInputError(`sampleRate must be an integer from 8000 to 192000`);
  }
  const syllables = syllablesOnNotes(notes);
  const lastEnd = notes.reduce((end, n) => Math.max(end, n.startSec + n.durSec), 0);
  const length = notes.length === 0 ? 0 : Math.ceil((lastEnd + RELEASE_SEC) * sampleRate);
  if (syllables.length === 0) return new Float32Array(length);

  const timbre = TIMBRES[options.voice];
  const sung = syllables.flatMap((s) => s.notes);
  // Flite speaks on the melody's middle pitch (duration-weighted), so PSOLA moves pulses least.
  const byPitch = [...sung].sort((a, b) => a.midi - b.midi);
  const total = sung.reduce((t, n) => t + (n.end - n.start), 0);
  let acc = 0;
  let reference = byPitch[0]!.midi;
  for (const n of byPitch) {
    acc += n.end - n.start;
    reference = n.midi;
    if (acc >= total / 2) break;
  }
  const [low, high] = voiceInfo(options.voice).range;
  const f0 = hz(Math.min(high, Math.max(low, reference)));

  const phrasing = phraseSyllables(syllables);
  const speech = speakPhrases(timbre.speaker, phrasing.phrases, f0);
  const layout = layOut(syllables, phrasing, (p, i) => {
    const phone = speech.phrases[p]?.[i];
    return phone ? phone.end - phone.start : 0.08;
  });
  const gainOf = (phone: PlannedPhone) => {
    const velocity = syllables[phone.syllable]!.notes[0]!.velocity;
    return (0.55 + 0.45 * (velocity / 127)) * (phone.vowel ? 1 : timbre.consonantGain);
  };
  const warp = buildWarp(layout.phones, speech, gainOf);
  const seed = hashString(
    `${options.voice}|${notes.map((n) => `${n.startSec},${n.durSec},${n.midi},${n.velocity},${n.syllable?.text ?? "-"}`).join(";")}`,
  );
  const rng = createRng(seed);
  const totalSec = length / sampleRate;
  const contour = pitchContour(sung, totalSec + 1 / CONTROL_RATE, rng.fork("pitch"));
  const marks = findPitchMarks(speech.samples, speech.sampleRate, f0);
  const rate = speech.sampleRate;
  const voice = psola({
    source: speech.samples,
    sampleRate: rate,
    marks,
    warp,
    f0At: (t) => hz(midiAt(contour, t)),
    length: Math.ceil(totalSec * rate),
    formantScale: timbre.formantScale,
    aperiodicity: timbre.aperiodicity,
    aperiodicSpread: timbre.aperiodicSpread,
  });
  const out = resample(voice, rate, sampleRate, length);

  const peak = peakOf(out);
  if (peak === 0) return out;
  // Breaths before phrases that follow a rest long enough to take one.
  const breathRng = rng.fork("breath");
  layout.phraseStarts.forEach((start, p) => {
    const previousEnd =
      p === 0
        ? 0
        : Math.max(...layout.phones.filter((ph) => ph.phrase === p - 1).map((ph) => ph.t1));
    const gap = start - previousEnd;
    if (gap < 0.3) return;
    const dur = Math.min(0.45, gap - 0.12);
    addBreath(out, sampleRate, start - 0.04, dur, timbre.breath * peak, breathRng);
  });
  const scale = PEAK_LEVEL / peakOf(out);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * scale;
  return out;
}
