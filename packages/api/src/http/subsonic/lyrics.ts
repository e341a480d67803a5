import { getSongScoreInputs, type Database, type LibrarySong } from "@harmoniq/db";
import { readComposition } from "../../services/composition-codec";
import type { Payload } from "./response";

// OpenSubsonic `songLyrics` (getLyricsBySongId): the lyrics the score sings, one `line` per
// sung line with its start in milliseconds (the line's first beat at the score's tempo, as the
// web app's lyrics view times them). A song stored without a score gives its lyrics unsynced.

/** The `lyricsList` of a song the viewer may hear. */
export async function songLyricsList(db: Database, song: LibrarySong): Promise<Payload> {
  const row = await getSongScoreInputs(db, song.id);
  const composition = readComposition(row?.composition ?? null);
  const base = {
    displayArtist: song.artistName,
    displayTitle: song.title,
    lang: "und",
    offset: 0,
  };
  const lines = composition?.lyrics?.lines ?? [];
  if (composition && lines.length > 0) {
    const msPerBeat = 60_000 / composition.tempo;
    return {
      structuredLyrics: [
        {
          ...base,
          synced: true,
          line: lines.map((line) => ({
            start: Math.round(line.startBeat * msPerBeat),
            value: line.text,
          })),
        },
      ],
    };
  }
  const text = (composition?.lyrics?.text ?? row?.lyrics ?? "").trim();
  const plain = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^\[.*\]$/.test(line));
  if (plain.length === 0) return { structuredLyrics: [] };
  return {
    structuredLyrics: [{ ...base, synced: false, line: plain.map((value) => ({ value })) }],
  };
}
