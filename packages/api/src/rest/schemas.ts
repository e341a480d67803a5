import {
  type JsonObject,
  selectPlaylistSchema,
  selectSongCommentSchema,
  selectSongSchema,
  selectUserSchema,
  SONG_VERSION_KINDS,
  SONG_VERSIONS_LIMIT,
} from "@harmoniq/db";
import { VOICE_IDS, type Composition } from "@harmoniq/music";
import { GENRES } from "@harmoniq/vocabulary";
import { z } from "zod";

// What the public procedures return, for `.output(...)` and the OpenAPI document. The fields
// are picked from packages/db's drizzle-zod select schemas (one source for every column's
// type); only the shapes storage builds (authors, pages, counts) are written here.
//
// Objects pass unknown keys through at run time: a field added to a storage view later still
// reaches clients until it is described here, instead of being silently stripped. Their type
// is the described shape (TypeScript's object types are not exact either).

const view = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.looseObject(shape) as unknown as z.ZodObject<Shape>;

const isJsonObject = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const page = <Item extends z.ZodType>(item: Item) =>
  view({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass back as `cursor` for the next page; null on the last page." }),
  });

/** The score: the music package owns its shape, too large and too internal to document here. */
const compositionOutput = z.custom<Composition>(isJsonObject).meta({
  type: "object",
  description: "The score the synthesizer renders: tempo, key, sections, notes, lyric timing.",
});
const inferenceOutput = z.custom<JsonObject>(isJsonObject).meta({
  type: "object",
  description: "What was inferred from an uploaded picture (mood, tempo, brightness…).",
});

export const authorOutput = view(
  selectUserSchema.pick({ id: true, name: true, handle: true }).shape,
).meta({ description: "Who made it." });

export const songSummaryOutput = view({
  ...selectSongSchema.pick({
    id: true,
    title: true,
    description: true,
    mood: true,
    genre: true,
    creationMode: true,
    isPublic: true,
    status: true,
    playCount: true,
    likeCount: true,
    repostCount: true,
    commentCount: true,
    durationSec: true,
    waveform: true,
    parentId: true,
    coverKey: true,
    createdAt: true,
    updatedAt: true,
  }).shape,
  author: authorOutput,
  likedByMe: z.boolean(),
  repostedBy: authorOutput.nullable().optional().meta({
    description: "In the following feed: who you follow reposted it (null: they made it).",
  }),
}).meta({
  id: "SongSummary",
  description: "A song as lists show it: no lyrics or score.",
});

export const renderProgressOutput = view({
  fraction: z.number().min(0).max(1).meta({ description: "Share of the audio rendered, 0..1." }),
  section: z.number().int().meta({ description: "0-based index of the section being rendered." }),
  sections: z.number().int().meta({ description: "How many sections the song has." }),
  kind: z.string().meta({ description: "That section's kind.", examples: ["chorus"] }),
}).meta({
  id: "RenderProgress",
  description: "How far the song's render has got; null unless `status` is `rendering`.",
});

export const songDetailsOutput = view({
  ...songSummaryOutput.shape,
  ...selectSongSchema.pick({ ownerId: true, lyrics: true, seed: true, statusMessage: true }).shape,
  composition: compositionOutput.nullable(),
  inference: inferenceOutput.nullable(),
  progress: renderProgressOutput.nullable(),
}).meta({ id: "Song", description: "A song with its words and score." });

export const followCountsOutput = view({
  followerCount: z.number().int(),
  followingCount: z.number().int(),
  followedByMe: z.boolean(),
});

const songVersionOutput = view({
  ...selectSongSchema.pick({ id: true, title: true, isPublic: true, status: true, createdAt: true })
    .shape,
  kind: z.enum(SONG_VERSION_KINDS).meta({
    description: "How the later song was made from the earlier one.",
  }),
  author: authorOutput,
});

const songVersionsOutput = view({
  parent: songVersionOutput
    .nullable()
    .meta({ description: "The song it was made from, when you may see it." }),
  children: z.array(songVersionOutput).meta({
    description: `Songs made from it that you may see, newest first (at most ${SONG_VERSIONS_LIMIT}).`,
  }),
  childCount: z.number().int().meta({ description: "How many songs made from it you may see." }),
});

export const songByIdOutput = songDetailsOutput
  .extend({
    creator: followCountsOutput,
    takes: z
      .array(z.uuid())
      .meta({ description: "The other takes made by the same request that you may see." }),
    versions: songVersionsOutput,
    repostedByMe: z.boolean(),
  })
  .meta({ id: "SongWithCreator" });

export const createdSongOutput = songDetailsOutput
  .extend({
    takes: z.array(z.uuid()).meta({ description: "The ids of every take, in order." }),
  })
  .meta({ id: "CreatedSong" });

export const songPageOutput = page(songSummaryOutput).meta({ id: "SongPage" });

export const likeOutput = view({ liked: z.boolean(), likeCount: z.number().int() });
export const repostOutput = view({ reposted: z.boolean(), repostCount: z.number().int() });
export const unreadCountOutput = view({
  unreadCount: z.number().int().meta({ description: "Unread notifications, counted up to 100." }),
});
export const playOutput = view({ playCount: z.number().int() });
export const deletedOutput = view({ id: z.string() });

export const voicesOutput = z.array(
  view({
    id: z.enum(VOICE_IDS),
    name: z.string(),
    description: z.string(),
    range: view({ lowest: z.number().int(), highest: z.number().int() }).meta({
      description: "MIDI note numbers",
    }),
    rangeLabel: z.string().meta({ examples: ["C3–C5"] }),
  }),
);

export const commentOutput = view({
  ...selectSongCommentSchema.pick({
    id: true,
    songId: true,
    content: true,
    atSec: true,
    createdAt: true,
  }).shape,
  author: authorOutput,
}).meta({ id: "Comment" });

export const commentPageOutput = page(commentOutput).meta({ id: "CommentPage" });

const playlistBase = {
  ...selectPlaylistSchema.pick({
    id: true,
    name: true,
    description: true,
    isPublic: true,
    createdAt: true,
    updatedAt: true,
  }).shape,
  owner: authorOutput,
};

export const playlistEntryOutput = view({
  position: z.number().int().meta({ description: "0-based place in the playlist" }),
  song: songSummaryOutput,
});
export const playlistEntriesOutput = z.array(playlistEntryOutput);

export const playlistOutput = view({
  ...playlistBase,
  songs: playlistEntriesOutput,
  songCount: z
    .number()
    .int()
    .meta({ description: "How many songs you can see in it, over all pages." }),
  nextCursor: z.string().nullable(),
}).meta({ id: "Playlist" });

export const playlistSummaryOutput = view({
  ...playlistBase,
  songCount: z.number().int(),
}).meta({ id: "PlaylistSummary" });

export const playlistPageOutput = page(playlistSummaryOutput).meta({ id: "PlaylistPage" });

const profileBase = selectUserSchema.pick({
  id: true,
  name: true,
  handle: true,
  bio: true,
  image: true,
  createdAt: true,
}).shape;

export const meOutput = view({ ...profileBase, email: z.string() })
  .nullable()
  .meta({ description: "You, or null without a session or key." });

export const profileOutput = view({
  ...profileBase,
  ...followCountsOutput.shape,
  totals: view({
    songCount: z.number().int(),
    totalPlays: z.number().int(),
    totalLikes: z.number().int(),
  }).meta({ description: "Over the user's public songs." }),
  songs: songPageOutput,
  playlists: z.array(playlistSummaryOutput),
  reposts: z
    .array(songSummaryOutput.extend({ repostedAt: z.date() }))
    .meta({ description: "Public songs of others they reposted, newest first (first page only)." }),
}).meta({ id: "Profile" });

export const followStateOutput = view({
  following: z.boolean(),
  followerCount: z.number().int(),
});

export const followPageOutput = page(
  view({
    ...profileBase,
    followedAt: z.date(),
    followedByMe: z.boolean(),
  }).omit({ bio: true, createdAt: true }),
).meta({ id: "FollowPage" });

export const statsOutput = view({
  songCount: z.number().int(),
  publicSongCount: z.number().int(),
  totalPlays: z.number().int(),
  likesReceived: z.number().int(),
  commentsReceived: z.number().int(),
  playsPerDay: z.array(
    view({ day: z.string().meta({ examples: ["2026-01-31"] }), plays: z.number() }),
  ),
  songsPerGenre: z.array(view({ genre: z.enum(GENRES), count: z.number() })),
}).meta({ id: "Stats" });
