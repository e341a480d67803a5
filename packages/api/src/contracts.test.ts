import { GENRES as DB_GENRES, MOODS as DB_MOODS } from "@harmoniq/db";
import { GENRES, GENRE_PROFILES, MOODS, MOOD_PROFILES } from "@harmoniq/music";
import { describe, expect, it } from "vitest";
import { genresAgree, moodsAgree } from "./contracts";

describe("shared vocabularies", () => {
  it("has the same moods and genres in the database and the music engine", () => {
    expect(moodsAgree && genresAgree).toBe(true);
    expect([...MOODS]).toEqual([...DB_MOODS]);
    expect([...GENRES]).toEqual([...DB_GENRES]);
    expect(Object.keys(MOOD_PROFILES).sort()).toEqual([...DB_MOODS].sort());
    expect(Object.keys(GENRE_PROFILES).sort()).toEqual([...DB_GENRES].sort());
  });
});
