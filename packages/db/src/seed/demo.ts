import { eq } from "drizzle-orm";
import type { DbOrTx } from "../database";
import { GENRES, MOODS, type Genre, type Mood } from "../constants";
import { user } from "../schema";
import { addComment } from "../storage/comments";
import { addSongToPlaylist, createPlaylist } from "../storage/playlists";
import { likeSong } from "../storage/likes";
import { recordPlay } from "../storage/plays";
import { createSong } from "../storage/songs";
import { refreshTrendingScores } from "../storage/trending";
import { createUser } from "../storage/users";

// A small, realistic demo: five artists, a public song for every mood × genre pair, a few
// private drafts, likes with a popularity skew, timed comments and playlists. Deterministic,
// so two seeded machines look the same. Songs start `queued`: the app renders them.

const ARTISTS = [
  { handle: "aurora_keys", name: "Aurora Keys", bio: "Late-night piano and city lights." },
  { handle: "dj_meridian", name: "DJ Meridian", bio: "Festival energy, bedroom studio." },
  { handle: "hollow_pines", name: "Hollow Pines", bio: "Folk songs about roads and rivers." },
  { handle: "velvet_static", name: "Velvet Static", bio: "R&B with a little tape hiss." },
  { handle: "iron_tide", name: "Iron Tide", bio: "Loud guitars, soft hearts." },
] as const;

const IMAGES: Record<Mood, string[]> = {
  Happy: ["sunflowers", "a summer kitchen", "bicycles by the sea"],
  Confident: ["a crown of neon", "the top floor", "a red convertible"],
  Motivational: ["the last mile", "a mountain sunrise", "an empty stadium"],
  Melancholic: ["rain on the window", "an old letter", "the station at night"],
  Dreamy: ["the ocean at night", "clouds of violet", "a slow moon"],
  Chill: ["a sunday balcony", "coffee and vinyl", "palm shadows"],
  Romantic: ["a candlelit street", "your hand in mine", "a paper boat"],
  Hype: ["the party downtown", "a thunder drop", "strobe lights"],
};

const TITLE_WORDS: Record<Mood, string[]> = {
  Happy: ["Golden", "Bright Side", "Sunny Day"],
  Confident: ["Unstoppable", "Own the Night", "Crowned"],
  Motivational: ["Rise Again", "Keep Going", "Higher Ground"],
  Melancholic: ["Letters", "Grey Morning", "Gone Quiet"],
  Dreamy: ["Moonwater", "Drift", "Violet Hours"],
  Chill: ["Slow Sunday", "Easy Tide", "Lo-Fi Balcony"],
  Romantic: ["Two Candles", "Stay Close", "Paper Boats"],
  Hype: ["Voltage", "Drop the Sky", "Riot Lights"],
};

export interface SeedSummary {
  users: number;
  songs: number;
  likes: number;
  comments: number;
  playlists: number;
  skipped: boolean;
}

export async function seedDemo(db: DbOrTx): Promise<SeedSummary> {
  const [existing] = await db
    .select({ id: user.id })
    .from(user)
    .where(eq(user.handle, ARTISTS[0].handle));
  if (existing) return { users: 0, songs: 0, likes: 0, comments: 0, playlists: 0, skipped: true };

  const artists = [];
  for (const artist of ARTISTS) {
    artists.push(
      await createUser(db, { ...artist, email: `${artist.handle}@demo.harmoniq.local` }),
    );
  }

  const songIds: string[] = [];
  let n = 0;
  for (const [m, mood] of MOODS.entries()) {
    for (const [g, genre] of GENRES.entries()) {
      const artist = artists[(m + g) % artists.length]!;
      const image = IMAGES[mood][(m + g) % 3]!;
      const title = `${TITLE_WORDS[mood][g % 3]!}${g >= 3 ? ` (${genre as Genre} Version)` : ""}`;
      const song = await createSong(db, artist.id, {
        title,
        description: `A ${mood.toLowerCase()} ${genre} song about ${image}.`,
        mood,
        genre,
        creationMode: "description",
        isPublic: true,
        durationSec: 30 + ((m * 7 + g * 5) % 60),
        seed: 1000 + n,
      });
      songIds.push(song.id);
      n += 1;
    }
  }
  for (const [i, artist] of artists.entries()) {
    await createSong(db, artist.id, {
      title: `Unfinished idea ${i + 1}`,
      description: "A private sketch, not ready to share.",
      mood: MOODS[i]!,
      genre: GENRES[i]!,
      creationMode: "description",
      isPublic: false,
      durationSec: 30,
      seed: 5000 + i,
    });
  }

  // Popularity is skewed: early songs get most of the likes and plays.
  let likes = 0;
  for (const [i, songId] of songIds.entries()) {
    const fans = Math.max(0, artists.length - Math.floor(i / 12));
    for (let f = 0; f < fans; f++) {
      await likeSong(db, { songId, userId: artists[f]!.id });
      likes += 1;
    }
    for (let p = 0; p < Math.max(1, 20 - i / 4); p++) {
      await recordPlay(db, {
        songId,
        listenerKey: `seed:${p}`,
        at: new Date(Date.now() - p * 86_400_000),
      });
    }
  }

  const remarks = [
    "This chorus!",
    "Love the drop here",
    "Goosebumps",
    "The bass line is perfect",
    "Played this on repeat",
  ];
  let comments = 0;
  for (const [i, songId] of songIds.slice(0, 24).entries()) {
    await addComment(db, artists[(i + 1) % artists.length]!.id, {
      songId,
      content: remarks[i % remarks.length]!,
      atSec: 5 + (i % 20),
    });
    comments += 1;
  }

  const playlists = [
    { owner: 0, name: "Night Drive", songs: [0, 13, 27, 40, 58] },
    { owner: 1, name: "Gym Energy", songs: [63, 64, 65, 18, 19] },
    { owner: 2, name: "Rainy Day", songs: [27, 28, 29, 45, 46] },
  ];
  for (const spec of playlists) {
    const owner = artists[spec.owner]!;
    const playlist = await createPlaylist(db, owner.id, { name: spec.name, isPublic: true });
    for (const index of spec.songs) {
      await addSongToPlaylist(db, {
        playlistId: playlist.id,
        songId: songIds[index]!,
        userId: owner.id,
      });
    }
  }

  // Likes land in slots until the trending job folds them; fold and score now, so "top" and
  // "trending" are in order from the first page view.
  await refreshTrendingScores(db);

  return {
    users: artists.length,
    songs: songIds.length + artists.length,
    likes,
    comments,
    playlists: playlists.length,
    skipped: false,
  };
}
