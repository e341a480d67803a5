import { describe, expect, it } from "vitest";
import {
  CREATION_MODES,
  GENRES,
  isCreationMode,
  isGenre,
  isMessageRole,
  isMood,
  isSectionKind,
  MESSAGE_ROLES,
  MOODS,
  SECTION_KINDS,
} from "./index";

describe("vocabulary", () => {
  it("lists each value once", () => {
    for (const list of [MOODS, GENRES, CREATION_MODES, SECTION_KINDS, MESSAGE_ROLES]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it("has guards that accept exactly the listed values", () => {
    const cases = [
      [isMood, MOODS],
      [isGenre, GENRES],
      [isCreationMode, CREATION_MODES],
      [isSectionKind, SECTION_KINDS],
      [isMessageRole, MESSAGE_ROLES],
    ] as const;
    for (const [guard, values] of cases) {
      for (const value of values) expect(guard(value)).toBe(true);
      for (const other of ["", "happy", "VERSE", "nope", null, undefined, 1, {}, ["Pop"]]) {
        expect(guard(other)).toBe(false);
      }
    }
  });
});
