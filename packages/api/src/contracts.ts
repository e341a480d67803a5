// The database and the music engine each name moods and genres; they must be the same values.
// These checks fail the type check if the lists ever drift apart.
import type { Genre as DbGenre, Mood as DbMood } from "@harmoniq/db";
import type { Genre as MusicGenre, Mood as MusicMood } from "@harmoniq/music";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const moodsAgree: Equal<DbMood, MusicMood> = true;
export const genresAgree: Equal<DbGenre, MusicGenre> = true;
