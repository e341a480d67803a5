/**
 * The benchmark's songs: VocalNotes from the current composer (engine 1), whose lyric lines say
 * which melody note sings each syllable. This adapter stands in for the composer's own
 * `vocalNotes(composition)` until that lands; the melody is moved by octaves into the voice's
 * range. Also: the hand-written test phrases.
 */
import { compose } from "../src/compose";
import { sungSyllables } from "../src/phonetics";
import type { Genre, Mood } from "../src/profiles";
import { singLines, TEST_LINES } from "../src/voice/test-phrases";
import type { VocalNote } from "../src/voice/types";
import { voiceInfo, type VoiceId } from "../src/voice/voices";

export interface BenchSong {
  name: string;
  voice: VoiceId;
  /** The lyric lines that are sung, as written. */
  lines: string[];
  notes: VocalNote[];
  durationSec: number;
}

const MOODS: Mood[] = [
  "Happy",
  "Melancholic",
  "Chill",
  "Romantic",
  "Confident",
  "Motivational",
  "Dreamy",
  "Hype",
];
const GENRES: Genre[] = [
  "Pop",
  "Rock",
  "Hip-Hop",
  "R&B",
  "EDM",
  "Jazz",
  "Classical",
  "Country",
  "Metal",
];
const DESCRIPTIONS = [
  "a night drive through the neon city",
  "summer morning by the sea",
  "walking home alone in the rain",
  "dancing with friends until sunrise",
  "the mountains under a winter moon",
];

function fitToRange(notes: VocalNote[], voice: VoiceId): VocalNote[] {
  if (notes.length === 0) return notes;
  const [low, high] = voiceInfo(voice).range;
  const sorted = notes.map((n) => n.midi).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  let shift = 12 * Math.round(((low + high) / 2 - median) / 12);
  // Then nudge by octaves so as much as possible lies inside the range.
  const inside = (s: number) => sorted.filter((m) => m + s >= low && m + s <= high).length;
  for (const s of [shift - 12, shift + 12]) if (inside(s) > inside(shift)) shift = s;
  return notes.map((n) => ({ ...n, midi: Math.min(high, Math.max(low, n.midi + shift)) }));
}

/** VocalNotes for a composition from engine 1 (lyrics lines → melody notes). */
export function songFromComposer(
  mood: Mood,
  genre: Genre,
  seed: number,
  voice: VoiceId,
  durationSec = 60,
): BenchSong {
  const c = compose({
    creationMode: "description",
    description: DESCRIPTIONS[seed % DESCRIPTIONS.length]!,
    mood,
    genre,
    seed,
    durationSec,
  });
  const beat = 60 / c.tempo;
  const melody = c.tracks.melody;
  const notes: VocalNote[] = [];
  const lines: string[] = [];
  for (const line of c.lyrics?.lines ?? []) {
    const syllables = sungSyllables(line.text);
    if (syllables.length !== line.notes.length || syllables.length === 0) continue;
    lines.push(line.text);
    syllables.forEach((s, i) => {
      const first = line.notes[i]!;
      const next = line.notes[i + 1];
      const last = next === undefined ? first : next - 1;
      for (let k = first; k <= last; k++) {
        const [startBeat, durBeats, midi, velocity] = melody[k]!;
        notes.push({
          startSec: startBeat * beat,
          durSec: durBeats * beat,
          midi,
          velocity,
          syllable: k === first ? { text: s.text, phones: s.phones } : null,
          phraseEnd: next === undefined && k === last,
        });
      }
    });
  }
  return {
    name: `${mood} ${genre} #${seed}`,
    voice,
    lines,
    notes: fitToRange(notes, voice),
    durationSec: c.durationSec,
  };
}

/** The 20 benchmark songs: moods and genres in turn, voices alternating. */
export function benchSongs(count = 20): BenchSong[] {
  return Array.from({ length: count }, (_, i) =>
    songFromComposer(
      MOODS[i % MOODS.length]!,
      GENRES[(i * 5) % GENRES.length]!,
      i + 1,
      i % 2 === 0 ? "ember" : "atlas",
    ),
  );
}

/** The hand-written phrases, in both voices. */
export function testPhraseSongs(): BenchSong[] {
  return (["ember", "atlas"] as const).map((voice) => {
    const notes = singLines(TEST_LINES, { transpose: voice === "ember" ? 0 : -12 });
    const last = notes.at(-1)!;
    return {
      name: `test phrases (${voice})`,
      voice,
      lines: TEST_LINES.map(([text]) => text),
      notes,
      durationSec: last.startSec + last.durSec,
    };
  });
}
