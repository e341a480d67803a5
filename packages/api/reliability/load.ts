// Closed-loop traffic against the app over HTTP: one virtual user per worker, each sending its
// next request when the last one answered. Every call is timed and classified; what the server
// acknowledged is kept in a ledger so durability can be checked afterwards.
import {
  apiClient,
  isServerFailure,
  outcomeOf,
  signUp,
  type Outcome,
  type SignedUpUser,
} from "./client";

export const OPS = [
  "feed.new",
  "feed.top",
  "feed.search",
  "song.byId",
  "song.like",
  "song.play",
  "comment.create",
  "song.create",
  "chat.send",
  "playlist.add",
  "playlist.move",
  "playlist.remove",
] as const;
export type Op = (typeof OPS)[number];
/** `song.like` toggles: it sends song.unlike when the user already likes the song. */
export type Mix = Partial<Record<Op, number>>;

export const SOAK_MIX: Mix = {
  "feed.new": 14,
  "feed.top": 10,
  "feed.search": 10,
  "song.byId": 14,
  "song.like": 15,
  "song.play": 12,
  "comment.create": 5,
  "song.create": 1.5,
  "chat.send": 2.5,
  "playlist.add": 6,
  "playlist.move": 5,
  "playlist.remove": 4,
};

export const WRITE_MIX: Mix = {
  "song.like": 30,
  "song.play": 15,
  "comment.create": 10,
  "song.create": 5,
  "playlist.add": 16,
  "playlist.move": 14,
  "playlist.remove": 10,
};

const DESCRIPTIONS = [
  "a late train through the rain, city lights on the window",
  "summer night by the sea, a small radio playing",
  "morning coffee before the city wakes",
  "an old road trip song for friends far away",
  "snow falling on a quiet mountain town",
];
const SEARCH_WORDS = ["rain", "city", "sea", "night", "road", "snow", "morning", "train"];
const CHAT_PROMPTS = [
  "write a verse about rain on the window",
  "write a chorus about leaving home",
  "write a verse about the sea at night",
];

/** The abuse limits the server applies per user, kept under on the client so traffic stays valid. */
const COMMENTS_PER_MINUTE = 15; // server: 20
const CHATS_PER_MINUTE = 45; // server: 60
export const SONG_CREATES_PER_USER = 24; // server: 30 an hour

export interface CallRecord {
  op: Op;
  /** Start, ms since the epoch. */
  at: number;
  ms: number;
  outcome: Outcome;
}

/** What the server may hold for a thing after ambiguous writes (answered with an error). */
type Possible<T> = T[];

export interface Worker {
  index: number;
  user: SignedUpUser;
  playlistId: string;
  conversationId: string;
  /** The playlist's song order the server may hold (one entry unless a write was ambiguous). */
  playlist: Possible<string[]>;
  /** Per song, whether this user likes it, as far as the server has said. */
  likes: Map<string, Possible<boolean>>;
  commentsAcked: string[];
  songsAcked: string[];
  recent: { comments: number[]; chats: number[] };
  songsCreated: number;
}

export interface LoadState {
  baseUrl: string;
  workers: Worker[];
  /** Public songs everyone can like, play, comment on and add to playlists. */
  songPool: string[];
  records: CallRecord[];
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const OK: Outcome = { kind: "ok" };

/** Signs up `count` users, each with a playlist, a conversation and `songsEach` public songs. */
export async function prepareLoad(
  baseUrl: string,
  options: { users: number; songsEach?: number },
): Promise<LoadState> {
  const state: LoadState = { baseUrl, workers: [], songPool: [], records: [] };
  for (let i = 0; i < options.users; i++) {
    // One at a time: sign-ups hash passwords, which is slow on purpose.
    const user = await signUp(baseUrl, i + 1);
    const playlist = await user.client.playlist.create.mutate({
      name: `Load ${i}`,
      isPublic: true,
    });
    const conversation = await user.client.chat.create.mutate({ title: `Load ${i}` });
    const worker: Worker = {
      index: i,
      user,
      playlistId: playlist.id,
      conversationId: conversation.id,
      playlist: [[]],
      likes: new Map(),
      commentsAcked: [],
      songsAcked: [],
      recent: { comments: [], chats: [] },
      songsCreated: 0,
    };
    for (let s = 0; s < (options.songsEach ?? 2); s++) {
      const song = await user.client.song.create.mutate(songRequest());
      worker.songsCreated += 1;
      worker.songsAcked.push(song.id);
      state.songPool.push(song.id);
    }
    state.workers.push(worker);
  }
  return state;
}

function songRequest() {
  return {
    creationMode: "description" as const,
    description: pick(DESCRIPTIONS),
    durationSec: 10,
    isPublic: true,
  };
}

/** Keeps timestamps of the last minute; true when one more stays under `perMinute`. */
function withinRate(times: number[], perMinute: number, now: number): boolean {
  while (times.length > 0 && times[0]! < now - 61_000) times.shift();
  return times.length < perMinute;
}

function chooseOp(worker: Worker, mix: Mix, now: number): Op {
  const entries = Object.entries(mix) as [Op, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  let op = entries[0]![0];
  for (const [name, weight] of entries) {
    roll -= weight;
    if (roll <= 0) {
      op = name;
      break;
    }
  }
  const allowed =
    (op === "comment.create" && !withinRate(worker.recent.comments, COMMENTS_PER_MINUTE, now)) ||
    (op === "chat.send" && !withinRate(worker.recent.chats, CHATS_PER_MINUTE, now)) ||
    (op === "song.create" && worker.songsCreated >= SONG_CREATES_PER_USER)
      ? false
      : true;
  if (allowed) return op;
  // Over a limit: a write the limits do not cover, or a read when the mix has no such write.
  return mix["song.like"] ? "song.like" : "song.byId";
}

/** Adds `next` (computed from each possible state) to what the server may hold. */
function ambiguous<T>(possible: Possible<T>, next: (state: T) => T): Possible<T> {
  const all = [...possible, ...possible.map(next)];
  const unique = new Map(all.map((state) => [JSON.stringify(state), state]));
  return [...unique.values()].slice(0, 64);
}

const moved = (order: string[], songId: string, toIndex: number) => {
  const rest = order.filter((id) => id !== songId);
  rest.splice(toIndex, 0, songId);
  return rest;
};

/**
 * One call of `op` for `worker`. Returns how it ended; the ledger records what was
 * acknowledged, and what may or may not have happened when the answer was an error.
 */
async function runOp(state: LoadState, worker: Worker, op: Op): Promise<Outcome> {
  const { client } = worker.user;
  const song = pick(state.songPool);
  const now = Date.now();
  let settle: (ok: boolean) => void = () => {};
  try {
    if (op.startsWith("playlist.") && worker.playlist.length > 1) {
      // After an ambiguous write, read the truth first: only this worker edits its playlist.
      const current = await client.playlist.byId.query({ id: worker.playlistId });
      worker.playlist = [current.songs.map((entry) => entry.song.id)];
    }
    const order = worker.playlist[0]!;
    switch (op) {
      case "feed.new":
        await client.song.feed.query({ sort: "new", limit: 20 });
        break;
      case "feed.top":
        await client.song.feed.query({ sort: "top", limit: 20 });
        break;
      case "feed.search":
        await client.song.feed.query({ q: pick(SEARCH_WORDS), limit: 20 });
        break;
      case "song.byId":
        await client.song.byId.query({ id: song });
        break;
      case "song.like": {
        const likes = worker.likes.get(song) ?? [false];
        const want = !likes[likes.length - 1];
        settle = (ok) => worker.likes.set(song, ok ? [want] : ambiguous(likes, () => want));
        const result = want
          ? await client.song.like.mutate({ id: song })
          : await client.song.unlike.mutate({ id: song });
        if (result.liked !== want) throw new Error(`like answered liked=${result.liked}`);
        break;
      }
      case "song.play":
        await client.song.play.mutate({ id: song });
        break;
      case "comment.create": {
        worker.recent.comments.push(now);
        const comment = await client.comment.create.mutate({
          songId: song,
          content: `comment ${worker.index}-${now}`,
          atSec: Math.floor(Math.random() * 8),
        });
        worker.commentsAcked.push(comment.id);
        break;
      }
      case "song.create": {
        worker.songsCreated += 1;
        const created = await client.song.create.mutate(songRequest());
        worker.songsAcked.push(created.id);
        state.songPool.push(created.id);
        break;
      }
      case "chat.send": {
        worker.recent.chats.push(now);
        let done = false;
        const events = await client.chat.send.mutate({
          conversationId: worker.conversationId,
          content: pick(CHAT_PROMPTS),
        });
        for await (const event of events) if (event.type === "done") done = true;
        if (!done) throw new Error("the reply stream ended without its last message");
        break;
      }
      case "playlist.add":
      case "playlist.move":
      case "playlist.remove": {
        const kind =
          order.length === 0 ? "playlist.add" : order.length >= 25 ? "playlist.remove" : op;
        let next: (state: string[]) => string[];
        let call: () => Promise<string[]>;
        if (kind === "playlist.add") {
          const candidates = state.songPool.filter((id) => !order.includes(id));
          if (candidates.length === 0) break;
          const songId = pick(candidates);
          next = (s) => (s.includes(songId) ? s : [...s, songId]);
          call = async () =>
            (
              await client.playlist.addSong.mutate({ playlistId: worker.playlistId, songId })
            ).songs.map((entry) => entry.song.id);
        } else if (kind === "playlist.move") {
          const songId = pick(order);
          const toIndex = Math.floor(Math.random() * order.length);
          next = (s) => (s.includes(songId) && toIndex < s.length ? moved(s, songId, toIndex) : s);
          call = async () =>
            (
              await client.playlist.moveSong.mutate({
                playlistId: worker.playlistId,
                songId,
                toIndex,
              })
            ).map((entry) => entry.song.id);
        } else {
          const songId = pick(order);
          next = (s) => s.filter((id) => id !== songId);
          call = async () =>
            (
              await client.playlist.removeSong.mutate({ playlistId: worker.playlistId, songId })
            ).songs.map((entry) => entry.song.id);
        }
        const before = worker.playlist;
        settle = (ok) => {
          if (!ok) worker.playlist = ambiguous(before, next);
        };
        // Acknowledged: the server's answer is the playlist's order from now on.
        worker.playlist = [await call()];
        settle = () => {};
        break;
      }
    }
    settle(true);
    return OK;
  } catch (error) {
    settle(false);
    return outcomeOf(error);
  }
}

/**
 * Runs every worker in a loop until `shouldStop()`; `onCall` sees each call as it ends.
 * Resolves when every worker has finished its last call.
 */
export async function runLoad(
  state: LoadState,
  options: { mix: Mix; shouldStop: () => boolean; onCall?: (record: CallRecord) => void },
): Promise<void> {
  await Promise.all(
    state.workers.map(async (worker) => {
      while (!options.shouldStop()) {
        const op = chooseOp(worker, options.mix, Date.now());
        const at = Date.now();
        const start = performance.now();
        const outcome = await runOp(state, worker, op);
        const record: CallRecord = { op, at, ms: performance.now() - start, outcome };
        state.records.push(record);
        options.onCall?.(record);
        // After a failure, do not spin: a real client backs off a little.
        if (isServerFailure(outcome)) await new Promise((done) => setTimeout(done, 50));
      }
    }),
  );
}

/** An anonymous client for checks. */
export const anonymousClient = (baseUrl: string) => apiClient(baseUrl);
