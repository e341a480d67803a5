// Property: whatever input a caller sends to any procedure (anonymous, as the owner of the
// fixtures, or as a stranger), a refusal is a 4xx TRPCError (never INTERNAL_SERVER_ERROR) and a
// refused call changes no row. The procedures are enumerated from the router, so a new
// procedure without an input template here fails the suite.
import { makeSong } from "@harmoniq/db/testing";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../trpc/root";
import { codeOf, createTestApi, type TestApi } from "../testing/api";
import { hostileInput } from "../testing/arbitraries";
import { changedTables, snapshotTables, tableNames } from "../testing/table-snapshot";

/** Fixed for reproducibility; FUZZ_SEED=<n> replays another run, FUZZ_RUNS=<n> runs longer. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

const ROOMY = { points: 1_000_000, durationSec: 60, message: "limited" };

/** A valid 1 × 1 PNG, base64 (song.setCover's template). */
const ONE_PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

let api: TestApi;
let fx: Awaited<ReturnType<typeof makeFixtures>>;
let tables: string[];

async function makeFixtures() {
  const owner = await api.user();
  const stranger = await api.user();
  const publicSong = await makeSong(api.db, owner.id, { isPublic: true, title: "Public song" });
  const ownSong = await makeSong(api.db, owner.id, { isPublic: false, title: "Own song" });
  const privateSong = await makeSong(api.db, owner.id, { isPublic: false, title: "Private song" });
  const publicList = await owner.caller.playlist.create({ name: "Public list", isPublic: true });
  const privateList = await owner.caller.playlist.create({ name: "Private list" });
  await owner.caller.playlist.addSong({ playlistId: publicList.id, songId: publicSong.id });
  await owner.caller.playlist.addSong({ playlistId: publicList.id, songId: ownSong.id });
  const conversation = await owner.caller.chat.create({ title: "Chat" });
  const comment = await owner.caller.comment.create({ songId: publicSong.id, content: "first" });
  const key = await owner.caller.apiKey.create({ name: "fixture key" });
  const appPassword = await owner.caller.user.createAppPassword({ name: "fixture player" });
  return {
    owner,
    stranger,
    publicSong,
    ownSong,
    privateSong,
    publicList,
    privateList,
    conversation,
    comment,
    key,
    appPassword,
  };
}

type Template = Record<string, unknown> | undefined;
/**
 * A valid input per procedure (built from the fixtures), the seed of its near-valid inputs.
 * `destructive` procedures never get their valid input unchanged, so the fixtures survive.
 */
const templates: Record<string, { input: () => Template; destructive?: boolean }> = {
  "user.me": { input: () => undefined },
  "user.byHandle": { input: () => ({ handle: fx.owner.handle, limit: 5, cursor: null }) },
  "user.follow": { input: () => ({ userId: fx.owner.id }) },
  "user.unfollow": { input: () => ({ userId: fx.owner.id }) },
  "user.followers": { input: () => ({ userId: fx.owner.id, limit: 5, cursor: null }) },
  "user.following": { input: () => ({ userId: fx.stranger.id, limit: 5, cursor: null }) },
  "user.updateProfile": { input: () => ({ name: "Fuzzed Name", bio: "a bio" }) },
  "user.deleteAccount": {
    input: () => ({ confirmHandle: fx.owner.handle }),
    destructive: true,
  },
  "song.create": {
    input: () => ({
      creationMode: "description",
      description: "rain",
      title: "T",
      durationSec: 10,
      vocals: "sung",
      voice: "atlas",
      takes: 2,
    }),
  },
  "song.voices": { input: () => undefined },
  "song.byId": { input: () => ({ id: fx.publicSong.id }) },
  "song.update": { input: () => ({ id: fx.ownSong.id, title: "Title", description: "About" }) },
  "song.delete": { input: () => ({ id: fx.privateSong.id }), destructive: true },
  "song.setCover": { input: () => ({ id: fx.ownSong.id, image: ONE_PIXEL_PNG }) },
  "song.removeCover": { input: () => ({ id: fx.ownSong.id }) },
  "song.mine": { input: () => ({ limit: 5, cursor: null }) },
  "song.feed": { input: () => ({ sort: "top", q: "song", genre: "Pop", limit: 5, cursor: null }) },
  "song.like": { input: () => ({ id: fx.publicSong.id }) },
  "song.unlike": { input: () => ({ id: fx.publicSong.id }) },
  "song.repost": { input: () => ({ id: fx.publicSong.id }) },
  "song.unrepost": { input: () => ({ id: fx.publicSong.id }) },
  "song.play": { input: () => ({ id: fx.publicSong.id }) },
  "song.extend": { input: () => ({ id: fx.publicSong.id, durationSec: 20, seed: 2 }) },
  "song.replaceSection": { input: () => ({ id: fx.publicSong.id, section: 1, seed: 2 }) },
  "song.remix": {
    input: () => ({ id: fx.publicSong.id, title: "Remix", seed: 3, vocals: "instrumental" }),
  },
  "comment.list": { input: () => ({ songId: fx.publicSong.id, limit: 5, cursor: null }) },
  "comment.create": { input: () => ({ songId: fx.publicSong.id, content: "nice", atSec: 1.5 }) },
  "comment.delete": { input: () => ({ id: fx.comment.id }), destructive: true },
  "playlist.create": { input: () => ({ name: "List", description: "d", isPublic: false }) },
  "playlist.byId": { input: () => ({ id: fx.publicList.id, limit: 5, cursor: null }) },
  "playlist.mine": { input: () => ({ limit: 5, cursor: null }) },
  "playlist.update": { input: () => ({ id: fx.publicList.id, name: "Name", description: "d" }) },
  "playlist.delete": { input: () => ({ id: fx.privateList.id }), destructive: true },
  "playlist.addSong": {
    input: () => ({ playlistId: fx.privateList.id, songId: fx.publicSong.id }),
  },
  "playlist.removeSong": {
    input: () => ({ playlistId: fx.privateList.id, songId: fx.publicSong.id }),
  },
  "playlist.moveSong": {
    input: () => ({ playlistId: fx.publicList.id, songId: fx.ownSong.id, toIndex: 0 }),
  },
  "chat.list": { input: () => ({ limit: 5, cursor: null }) },
  "chat.create": { input: () => ({ title: "New chat" }) },
  "chat.byId": { input: () => ({ id: fx.conversation.id, limit: 5, cursor: null }) },
  "chat.rename": { input: () => ({ id: fx.conversation.id, title: "Renamed" }) },
  "chat.delete": { input: () => ({ id: fx.conversation.id }), destructive: true },
  "chat.send": { input: () => ({ conversationId: fx.conversation.id, content: "a verse" }) },
  "chat.makeSong": { input: () => ({ id: fx.conversation.id }) },
  "user.appPasswords": { input: () => undefined },
  "user.createAppPassword": { input: () => ({ name: "player" }) },
  "user.revokeAppPassword": { input: () => ({ id: fx.appPassword.id }), destructive: true },
  "apiKey.list": { input: () => undefined },
  "apiKey.create": { input: () => ({ name: "key" }) },
  "apiKey.revoke": { input: () => ({ id: fx.key.id }), destructive: true },
  "notification.list": { input: () => ({ limit: 5, cursor: null }) },
  "notification.unreadCount": { input: () => undefined },
  "notification.markRead": { input: () => ({ ids: [fx.comment.id] }) },
  "notification.onUnreadCount": { input: () => undefined },
  "stats.mine": { input: () => ({ days: 7 }) },
};

type Who = "anonymous" | "owner" | "stranger";
type Procedure = (input: unknown) => Promise<unknown>;

function procedureOf(who: Who, path: string): Procedure {
  const caller =
    who === "anonymous" ? api.anonymous() : who === "owner" ? fx.owner.caller : fx.stranger.caller;
  let node: unknown = caller;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  return node as Procedure;
}

/** Calls and, for streams, reads the first events (enough to pass the checks done up front). */
async function invoke(procedure: Procedure, input: unknown): Promise<unknown> {
  const value = await procedure(input);
  if (value && typeof value === "object" && Symbol.asyncIterator in value) {
    const iterator = (value as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await iterator.return?.(undefined);
  }
  return value;
}

const describeInput = (input: unknown) => {
  try {
    const text = JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
    return text === undefined ? String(input) : text.slice(0, 300);
  } catch {
    return String(input).slice(0, 300);
  }
};

beforeAll(async () => {
  api = await createTestApi({
    limits: { songCreate: ROOMY, comment: ROOMY, chatSend: ROOMY, coverUpload: ROOMY },
  });
  fx = await makeFixtures();
  tables = await tableNames(api.test);
}, 120_000);
afterAll(async () => {
  await api?.close();
});

describe("bad input to every procedure", () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it("has an input template for every procedure of the router", () => {
    expect(procedures.filter((p) => !(p in templates))).toEqual([]);
    expect(Object.keys(templates).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it.each(procedures)(
    "%s: refuses hostile input with a 4xx and changes no row",
    async (path) => {
      const template = templates[path];
      if (!template) throw new Error(`No input template for ${path}: add one to this test`);
      const arbitrary = fc.tuple(
        fc.constantFrom<Who>("anonymous", "owner", "stranger"),
        hostileInput(template.input(), { keepValid: !template.destructive }),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([who, input]) => {
          // Renders started by earlier accepted calls write to `songs`: let them finish first.
          await api.services.songs.idle();
          const before = await snapshotTables(api.test, tables);
          let error: unknown = null;
          try {
            await invoke(procedureOf(who, path), input);
          } catch (caught) {
            error = caught;
          }
          if (error === null) return;
          const what = `${path} as ${who} with ${describeInput(input)}`;
          expect(error, `${what}: not a TRPCError`).toBeInstanceOf(TRPCError);
          const status = getHTTPStatusCodeFromError(error as TRPCError);
          expect(
            status >= 400 && status < 500,
            `${what}: ${(error as TRPCError).code} (${status}) ${String((error as TRPCError).cause ?? "").slice(0, 160)}`,
          ).toBe(true);
          await api.services.songs.idle();
          const after = await snapshotTables(api.test, tables);
          expect(changedTables(before, after), `${what}: a refused call changed rows`).toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    },
    // Generous: a timed-out property would go on calling in the background and disturb the
    // next procedure's snapshots.
    Math.max(120_000, RUNS * 5_000),
  );
});

describe("bad input found by the fuzzer (regressions)", () => {
  it("text with a NUL byte or a lone surrogate is BAD_REQUEST, not a 500 from PostgreSQL", async () => {
    const me = await api.user();
    for (const title of ["a\u0000b", "\uD800", "x\uDFFFy"]) {
      expect(await codeOf(me.caller.playlist.create({ name: title }))).toBe("BAD_REQUEST");
      expect(await codeOf(me.caller.user.updateProfile({ bio: title }))).toBe("BAD_REQUEST");
      expect(await codeOf(me.caller.chat.create({ title }))).toBe("BAD_REQUEST");
      expect(await codeOf(api.anonymous().user.byHandle({ handle: title }))).toBe("BAD_REQUEST");
    }
    // Well-formed emoji (surrogate pairs) are fine.
    expect((await me.caller.playlist.create({ name: "Songs 🎵" })).name).toBe("Songs 🎵");
  });

  it("an empty profile update is a no-op, not an UPDATE with nothing to set", async () => {
    const me = await api.user({ name: "Kept Name" });
    expect(await me.caller.user.updateProfile({})).toMatchObject({ name: "Kept Name" });
    // A boxed number is an object to zod: the same empty patch.
    expect(await codeOf(me.caller.user.updateProfile(new Number(1) as never))).toBe("OK");
  });

  it("a comment's atSec too small for PostgreSQL's real is kept to the millisecond", async () => {
    const me = await api.user();
    const comment = await me.caller.comment.create({
      songId: fx.publicSong.id,
      content: "right at the start",
      atSec: 1.69e-77,
    });
    expect(comment.atSec).toBe(0);
    const pinned = await me.caller.comment.create({
      songId: fx.publicSong.id,
      content: "there",
      atSec: 12.345678,
    });
    expect(pinned.atSec).toBeCloseTo(12.346, 3);
  });

  it("an API key name within 60 characters but over 60 UTF-16 units is BAD_REQUEST, not a 500", async () => {
    const me = await api.user();
    const name = `${"🔑".repeat(20)}${"k".repeat(30)}`; // 50 characters, 70 code units
    expect(await codeOf(me.caller.apiKey.create({ name }))).toBe("BAD_REQUEST");
    expect(await me.caller.apiKey.list()).toEqual([]);
    expect((await me.caller.apiKey.create({ name: "🔑".repeat(30) })).name).toBe("🔑".repeat(30));
  });

  it("deeply nested or huge inputs are refused before any work", async () => {
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(await codeOf(api.anonymous().song.feed(deep as never))).toBe("BAD_REQUEST");
    const huge = { ids: Array.from({ length: 100_000 }, () => "x") };
    expect(await codeOf(api.anonymous().song.feed(huge as never))).toBe("BAD_REQUEST");
  });
});
