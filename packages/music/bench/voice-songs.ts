/**
 * The benchmark's songs: the composer's own sung melodies (`vocalNotes`), and the hand-written
 * test phrases.
 */
import { compose } from "../src/compose";
import { vocalNotes } from "../src/compose/vocal-notes";
import type { Genre, Mood } from "../src/profiles";
import { isEngine2 } from "../src/types";
import { singLines, TEST_LINES } from "../src/voice/test-phrases";
import type { VocalNote } from "../src/voice/types";
import type { VoiceId } from "../src/voice/voices";

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

/** A sung song from the composer, in the given voice. */
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
    vocals: "sung",
    voice,
  });
  if (!isEngine2(c)) throw new Error("the composer returned an engine-1 score");
  const notes = vocalNotes(c);
  return {
    name: `${mood} ${genre} #${seed}`,
    voice,
    lines: c.lyrics?.lines.map((l) => l.text) ?? [],
    notes,
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
