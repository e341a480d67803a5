import { existsSync } from "node:fs";
import path from "node:path";
import { getSessionFromHeaders } from "@harmoniq/auth";
import {
  account,
  apikey,
  conversations,
  eq,
  playlists,
  session,
  songComments,
  songLikes,
  songs,
  sql,
  user,
} from "@harmoniq/db";
import { selectRows } from "@harmoniq/db/testing";
import { type Composition } from "@harmoniq/music";
import { audioKey, streamKey } from "@harmoniq/music/render";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInnerContext } from "../trpc/context";
import { createAuthHandler } from "../http/auth-handler";
import { createCaller } from "../trpc/root";
import { codeOf, createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** A real account (password, session cookie) and a caller acting through that session. */
async function signUp(name: string) {
  const handler = createAuthHandler({ auth: api.auth, services: api.services });
  const response = await handler(
    new Request(`${TEST_ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({
        name,
        email: `${name.toLowerCase()}@example.test`,
        password: "a good long password",
      }),
    }),
  );
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const current = (await getSessionFromHeaders(api.auth, new Headers({ cookie })))!;
  const caller = createCaller(
    createInnerContext({ db: api.db, session: current, services: api.services }),
  );
  return { cookie, session: current, id: current.user.id, handle: current.user.handle, caller };
}

/** Row counts of every table in the public schema, to prove a refusal changed nothing. */
async function tableCounts() {
  const tables = await selectRows<{ name: string }>(
    api.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await selectRows<{ n: number }>(
      api.db,
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    counts[name] = row!.n;
  }
  return counts;
}

const audioPath = (composition: unknown) =>
  path.join(api.dataDir, "audio", `${audioKey(composition as Composition)}.wav`);
const streamPath = (composition: unknown) =>
  path.join(api.dataDir, "audio", `${streamKey(audioKey(composition as Composition))}.mp3`);

describe("user.deleteAccount", () => {
  it("refuses without the right handle (or through an API key) and leaves every row", async () => {
    const me = await signUp("Refused");
    const song = await me.caller.song.create({
      creationMode: "lyrics",
      lyrics: "[Verse]\nstill here\nstill here",
      durationSec: 10,
    });
    await me.caller.playlist.create({ name: "Keep me" });
    const { key } = await me.caller.apiKey.create({ name: "script" });
    await api.services.songs.idle();
    const before = await tableCounts();

    const wrong = me.caller.user.deleteAccount({ confirmHandle: `${me.handle}x` });
    await expect(wrong).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(`type your handle exactly: ${me.handle}`),
    });
    expect(await codeOf(me.caller.user.deleteAccount({ confirmHandle: "" }))).toBe("BAD_REQUEST");

    const viaKey = createCaller(
      createInnerContext({
        db: api.db,
        session: (await getSessionFromHeaders(
          api.auth,
          new Headers({ authorization: `Bearer ${key}` }),
        ))!,
        services: api.services,
      }),
    );
    expect(await codeOf(viaKey.user.deleteAccount({ confirmHandle: me.handle }))).toBe("FORBIDDEN");

    expect(await tableCounts()).toEqual(before);
    expect(
      await getSessionFromHeaders(api.auth, new Headers({ cookie: me.cookie })),
    ).not.toBeNull();
    expect((await me.caller.song.byId({ id: song.id })).status).toBe("ready");
    expect(existsSync(audioPath((await me.caller.song.byId({ id: song.id })).composition))).toBe(
      true,
    );
  }, 60_000);

  it("deletes the account and all it owns, keeps others' counters exact, ends the session and removes unshared audio", async () => {
    const me = await signUp("Leaving");
    const friend = await signUp("Staying");
    const { key } = await me.caller.apiKey.create({ name: "script" });

    const mine = await me.caller.song.create({
      creationMode: "lyrics",
      lyrics: "[Verse]\nonly mine\nonly mine",
      title: "Only mine",
      durationSec: 10,
      isPublic: true,
    });
    // The same request and seed from both: one score, one shared audio file.
    const sameSong = {
      creationMode: "lyrics" as const,
      lyrics: "[Verse]\nwe both made this\nthe very same",
      title: "Twins",
      seed: 4242,
      durationSec: 10,
      isPublic: true,
    };
    const myTwin = await me.caller.song.create(sameSong);
    const friendsTwin = await friend.caller.song.create(sameSong);
    const friendsSong = await friend.caller.song.create({
      creationMode: "lyrics",
      lyrics: "[Verse]\nfriend's tune\nfriend's tune",
      durationSec: 10,
      isPublic: true,
    });
    // Songs made from pictures keep them as covers: mine alone, and one my friend also used.
    const picture = (r: number, g: number, b: number) =>
      sharp({ create: { width: 48, height: 48, channels: 3, background: { r, g, b } } })
        .png()
        .toBuffer()
        .then((png) => png.toString("base64"));
    const myPhoto = await picture(200, 40, 40);
    const sharedPhoto = await picture(40, 40, 200);
    const fromPicture = (image: string) =>
      ({ creationMode: "image", image, durationSec: 10, isPublic: true }) as const;
    await me.caller.song.create(fromPicture(myPhoto));
    await me.caller.song.create(fromPicture(sharedPhoto));
    await friend.caller.song.create(fromPicture(sharedPhoto));
    const pictureCount = async () =>
      (
        await selectRows<{ n: number }>(api.db, sql`select count(*)::int as n from song_pictures`)
      )[0]!.n;
    const picturesBefore = await pictureCount();
    await api.services.songs.idle();

    await me.caller.song.like({ id: friendsSong.id });
    await friend.caller.song.like({ id: friendsSong.id });
    await me.caller.comment.create({ songId: friendsSong.id, content: "one" });
    await me.caller.comment.create({ songId: friendsSong.id, content: "two", atSec: 2 });
    await friend.caller.comment.create({ songId: friendsSong.id, content: "mine stays" });
    await friend.caller.song.like({ id: mine.id });
    await friend.caller.comment.create({ songId: mine.id, content: "on their song" });
    const list = await me.caller.playlist.create({ name: "Mine" });
    await me.caller.playlist.addSong({ playlistId: list.id, songId: friendsSong.id });
    const friendsList = await friend.caller.playlist.create({ name: "Friend's", isPublic: true });
    await friend.caller.playlist.addSong({ playlistId: friendsList.id, songId: mine.id });
    await friend.caller.playlist.addSong({ playlistId: friendsList.id, songId: friendsSong.id });
    await me.caller.chat.create({ title: "My chat" });

    const mineComposition = (await me.caller.song.byId({ id: mine.id })).composition;
    const twinComposition = (await me.caller.song.byId({ id: myTwin.id })).composition;
    expect(audioKey(twinComposition as Composition)).toBe(
      audioKey((await friend.caller.song.byId({ id: friendsTwin.id })).composition as Composition),
    );
    expect(existsSync(audioPath(mineComposition))).toBe(true);
    expect(existsSync(audioPath(twinComposition))).toBe(true);
    // Both played once: their streams are stored beside their WAVs.
    for (const song of [mine, myTwin]) {
      const stream = await api.services.songs.stream(api.db, { songId: song.id, viewerId: me.id });
      await stream!.encoding?.done;
    }
    expect(existsSync(streamPath(mineComposition))).toBe(true);
    expect(existsSync(streamPath(twinComposition))).toBe(true);

    const result = await me.caller.user.deleteAccount({ confirmHandle: ` ${me.handle} ` });
    expect(result).toMatchObject({
      deleted: true,
      handle: me.handle,
      // Two songs from words, two from pictures; the twin's audio is shared and stays.
      songs: 4,
      audioFilesRemoved: 3,
    });

    // Every row of theirs is gone.
    const owned = async (table: Parameters<typeof sql>[1], where: ReturnType<typeof eq>) =>
      (
        await selectRows<{ n: number }>(
          api.db,
          sql`select count(*)::int as n from ${table} where ${where}`,
        )
      )[0]!.n;
    expect(await owned(user, eq(user.id, me.id))).toBe(0);
    expect(await owned(songs, eq(songs.ownerId, me.id))).toBe(0);
    expect(await owned(songLikes, eq(songLikes.userId, me.id))).toBe(0);
    expect(await owned(songComments, eq(songComments.authorId, me.id))).toBe(0);
    expect(await owned(playlists, eq(playlists.ownerId, me.id))).toBe(0);
    expect(await owned(conversations, eq(conversations.ownerId, me.id))).toBe(0);
    expect(await owned(apikey, eq(apikey.referenceId, me.id))).toBe(0);
    expect(await owned(session, eq(session.userId, me.id))).toBe(0);
    expect(await owned(account, eq(account.userId, me.id))).toBe(0);

    // The friend's song lost exactly one like and two comments; their own stay.
    const after = await friend.caller.song.byId({ id: friendsSong.id });
    expect(after).toMatchObject({ likeCount: 1, commentCount: 1 });
    expect((await friend.caller.comment.list({ songId: friendsSong.id })).items).toHaveLength(1);
    expect((await friend.caller.playlist.byId({ id: friendsList.id })).songs).toHaveLength(1);
    expect(await codeOf(friend.caller.song.byId({ id: mine.id }))).toBe("NOT_FOUND");

    // The cookie and the API key no longer sign anyone in.
    expect(await getSessionFromHeaders(api.auth, new Headers({ cookie: me.cookie }))).toBeNull();
    expect(
      await getSessionFromHeaders(api.auth, new Headers({ authorization: `Bearer ${key}` })),
    ).toBeNull();

    // Their own audio is removed; the audio the friend's identical song uses stays and plays.
    expect(existsSync(audioPath(mineComposition))).toBe(false);
    expect(existsSync(audioPath(twinComposition))).toBe(true);
    expect(existsSync(streamPath(mineComposition))).toBe(false);
    expect(existsSync(streamPath(twinComposition))).toBe(true);
    const stillPlays = await api.services.songs.audio(api.db, {
      songId: friendsTwin.id,
      viewerId: friend.id,
    });
    expect(new TextDecoder().decode(stillPlays!.bytes.subarray(0, 4))).toBe("RIFF");
    // My picture is gone; the one my friend's song also shows stays.
    expect(await pictureCount()).toBe(picturesBefore - 1);
  }, 120_000);
});
