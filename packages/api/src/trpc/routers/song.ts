import {
  deleteSong,
  getFeed,
  getFollowCounts,
  getFollowingFeed,
  getSong,
  getSongVersions,
  insertSongSchema,
  likeSong,
  listOtherTakes,
  notifyRemix,
  repostSong,
  listSongsByOwner,
  recordPlay,
  SONG_FEED_SORTS,
  unlikeSong,
  unrepostSong,
  updateSong,
  updateSongSchema,
  type SongDetails,
} from "@harmoniq/db";
import {
  COVER_KEEPS,
  coverComposition,
  describeRenderProgress,
  extendComposition,
  isEngine2,
  MAX_DURATION_SEC,
  MAX_LYRICS_CHARS,
  MIN_DURATION_SEC,
  MIN_EXTENSION_SEC,
  replaceSectionComposition,
  VOICE_IDS,
  VOICES,
  type Composition,
} from "@harmoniq/music";
import { MAX_IMAGE_BYTES } from "@harmoniq/music/image";
import { GENRES, MOODS, VOCALS } from "@harmoniq/vocabulary";
import { readComposition } from "../../services/composition-codec";
import { notifyWatchers } from "../../services/notification-signals";
import { removeSongCover, uploadSongCover } from "../../services/songs/song-cover-upload";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, limitedProcedure, protectedProcedure, publicProcedure } from "../init";
import { idInput, pageInput } from "./inputs";
import {
  createdSongOutput,
  deletedOutput,
  likeOutput,
  repostOutput,
  playOutput,
  songByIdOutput,
  songDetailsOutput,
  songPageOutput,
  voicesOutput,
} from "../../rest/schemas";

/** How a song with words is performed, and by which voice (both stored in its score). */
const performanceInput = z.object({
  vocals: z.enum(VOCALS, 'Choose "sung" or "instrumental" for the vocals').optional(),
  voice: z.enum(VOICE_IDS, `Choose a voice from song.voices (${VOICE_IDS.join(", ")})`).optional(),
});

/** Base64 of at most MAX_IMAGE_BYTES; the music package checks that it is really a picture. */
const imageInput = z
  .base64("The picture must be base64-encoded")
  .max(
    Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4,
    `The picture must be at most ${MAX_IMAGE_BYTES / 1_000_000} MB`,
  );

/** How many takes one request makes (each a song of its own); 1 unless asked. */
const takesInput = z.union([z.literal(1), z.literal(2)], {
  error: "takes must be 1 or 2",
});

export const createSongInput = insertSongSchema
  .pick({
    creationMode: true,
    title: true,
    description: true,
    lyrics: true,
    mood: true,
    genre: true,
    isPublic: true,
    seed: true,
    durationSec: true,
  })
  .partial({ title: true, mood: true, genre: true, isPublic: true, seed: true, durationSec: true })
  .extend({ image: imageInput.optional(), takes: takesInput.optional(), ...performanceInput.shape })
  .strict()
  .superRefine((input, ctx) => {
    const needed = { description: "description", lyrics: "lyrics", image: "image" } as const;
    const field = needed[input.creationMode];
    if (!input[field]) {
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `A ${field} is required to create a song from ${field === "image" ? "a picture" : `a ${field}`}`,
      });
    }
  });

const remixInput = idInput
  .extend(
    insertSongSchema
      .pick({ mood: true, genre: true, seed: true, title: true, isPublic: true })
      .partial().shape,
  )
  .extend(performanceInput.shape)
  .extend({
    /** A cover keeps melody and words ("melody", default), only the words, or nothing. */
    keep: z.enum(COVER_KEEPS, 'Keep "melody", "words" or "nothing"').optional(),
  })
  .strict();

/** The options every studio pass shares: a seed, a title and the new song's visibility. */
const passInput = idInput.extend(
  insertSongSchema.pick({ seed: true, title: true, isPublic: true }).partial().shape,
);
const passLyrics = z
  .string()
  .trim()
  .min(1, "The words are empty")
  .max(MAX_LYRICS_CHARS, `The words must be at most ${MAX_LYRICS_CHARS} characters`);

const extendInput = passInput
  .extend({
    durationSec: z
      .number()
      .int("Seconds to add must be a whole number")
      .min(MIN_EXTENSION_SEC, `Extend by at least ${MIN_EXTENSION_SEC} seconds`)
      .max(MAX_DURATION_SEC, `Songs can be at most ${MAX_DURATION_SEC} seconds long`),
    lyrics: passLyrics.optional(),
  })
  .strict();

const replaceSectionInput = passInput
  .extend({
    section: z.number().int("A section is a whole number").min(0, "Sections count from 0"),
    lyrics: passLyrics.optional(),
  })
  .strict();

const NOTE_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"] as const;
const noteName = (midi: number) => `${NOTE_NAMES[midi % 12]}${Math.floor(midi / 12) - 1}`;

/** The voices, as `song.voices` lists them (the range both as MIDI notes and as note names). */
const VOICE_LIST = VOICES.map((v) => ({
  id: v.id,
  name: v.name,
  description: v.description,
  range: { lowest: v.range[0], highest: v.range[1] },
  rangeLabel: `${noteName(v.range[0])}–${noteName(v.range[1])}`,
}));

const feedInput = pageInput
  .extend({
    sort: z.enum(SONG_FEED_SORTS).optional(),
    genre: z.enum(GENRES).optional(),
    mood: z.enum(MOODS).optional(),
    q: z.string().max(200).optional(),
  })
  .strict()
  .refine(
    (input) =>
      input.sort !== "following" ||
      (input.genre === undefined && input.mood === undefined && !input.q?.trim()),
    { message: "The Following feed cannot be searched or filtered", path: ["sort"] },
  );

/** A song the caller can see, with its score: studio passes start from it. */
async function visibleScore(
  ctx: { db: Parameters<typeof getSong>[0]; userId: string },
  id: string,
) {
  const parent = await getSong(ctx.db, { id, viewerId: ctx.userId });
  if (!parent) throw new TRPCError({ code: "NOT_FOUND", message: "Song not found" });
  if (!parent.composition) {
    throw new TRPCError({
      code: "CONFLICT",
      message: "This song is still being composed. Try again in a moment.",
    });
  }
  const score: Composition = readComposition(parent.composition);
  if (!isEngine2(score)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message:
        "This song was made by HarmoniQ's first engine, which has no sections to extend or replace. Remix it first.",
    });
  }
  return { parent, score };
}

const nextSeed = (seed: number) => (seed + 1) % 2_147_483_647;

/**
 * The score is typed by the music package; the database stores it as JSON. While the song
 * renders, `progress` says how far (the section being made, the share of the audio done), from
 * the columns the rendering instance writes.
 */
const withComposition = ({ renderedFraction, renderingSection, ...song }: SongDetails) => {
  const composition = readComposition(song.composition);
  const progress =
    song.status === "rendering" &&
    composition &&
    renderedFraction !== null &&
    renderingSection !== null
      ? describeRenderProgress(composition, {
          fraction: renderedFraction,
          section: renderingSection,
        })
      : null;
  return { ...song, composition, progress };
};

/** A new song made from someone else's (remix, cover, extension, section) tells its owner. */
async function tellParentOwner<S extends SongDetails>(db: Parameters<typeof getSong>[0], song: S) {
  if (song.parentId) {
    await notifyRemix(db, { remixId: song.id });
    notifyWatchers();
  }
  return song;
}

export const songRouter = createTRPCRouter({
  create: limitedProcedure("songCreate")
    .meta({
      openapi: {
        method: "POST",
        path: "/songs",
        tags: ["songs"],
        summary: "Create a song",
        description:
          "Composes and renders a new song (or two takes) from a description, lyrics or a picture. It starts `queued`; poll GET /songs/{id} until `status` is `ready`.",
      },
    })
    .input(createSongInput)
    .output(createdSongOutput)
    .mutation(async ({ ctx, input }) => {
      const { image, takes = 1, ...rest } = input;
      // Every take is a creation of its own for the abuse limit (the first was counted already).
      for (let take = 1; take < takes; take++) {
        await ctx.services.limits.consume("songCreate", ctx.userId);
      }
      const songs = await ctx.services.songs.createTakes(
        ctx.db,
        ctx.userId,
        { ...rest, ...(image ? { image: Buffer.from(image, "base64") } : {}) },
        takes,
      );
      // The first take, and the ids of every take of this request in order.
      return { ...withComposition(songs[0]!), takes: songs.map((song) => song.id) };
    }),

  /** The singing voices a song can be created with (`voice` in create and remix). */
  voices: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/voices",
        tags: ["songs"],
        summary: "List the singing voices",
        protect: false,
      },
    })
    .output(voicesOutput)
    .query(() => VOICE_LIST),

  byId: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/songs/{id}",
        tags: ["songs"],
        summary: "Get a song",
        description: "Someone else's private song is not found.",
        protect: false,
      },
    })
    .input(idInput)
    .output(songByIdOutput)
    .query(async ({ ctx, input }) => {
      const viewerId = ctx.session?.user.id ?? null;
      const song = await getSong(ctx.db, { id: input.id, viewerId });
      if (!song) throw new TRPCError({ code: "NOT_FOUND", message: "Song not found" });
      // The creator's follow state, for the Follow button beside their name.
      const [creator, takes, versions] = await Promise.all([
        getFollowCounts(ctx.db, { userId: song.ownerId, viewerId }),
        // The other takes made with it that this viewer may see.
        listOtherTakes(ctx.db, { id: song.id, viewerId }),
        // Where it came from and what was made from it, as far as this viewer may see.
        getSongVersions(ctx.db, { id: song.id, viewerId }),
      ]);
      return {
        ...withComposition(song),
        creator,
        takes,
        versions: versions ?? { parent: null, children: [], childCount: 0 },
      };
    }),

  update: protectedProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/songs/{id}",
        tags: ["songs"],
        summary: "Edit your song's title, description or visibility",
      },
    })
    .input(idInput.extend(updateSongSchema.shape).strict())
    .output(songDetailsOutput)
    .mutation(async ({ ctx, input }) => {
      const { id, ...patch } = input;
      const song = await updateSong(ctx.db, { id, userId: ctx.userId }, patch);
      // A remix made public is revealed in its parent owner's notifications.
      if (patch.isPublic && song.parentId) notifyWatchers();
      return withComposition(song);
    }),

  delete: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/songs/{id}",
        tags: ["songs"],
        summary: "Delete your song",
      },
    })
    .input(idInput)
    .output(deletedOutput)
    .mutation(async ({ ctx, input }) => {
      const { pictureKey, coverKey } = await deleteSong(ctx.db, {
        id: input.id,
        userId: ctx.userId,
      });
      // The photo a song was made from and its uploaded cover go with it, unless another song
      // (a take made with it) still shows them.
      await ctx.services.songs.forgetPictures(ctx.db, [pictureKey, coverKey]);
      return { id: input.id };
    }),

  setCover: limitedProcedure("coverUpload")
    .meta({
      openapi: {
        method: "PUT",
        path: "/songs/{id}/cover",
        tags: ["songs"],
        summary: "Upload your song's cover",
        description:
          "Base64 `image` (JPEG, PNG, WebP, GIF…, at most 5 MB), kept cropped square in place of the drawn or image-mode cover. The cover URL's version changes.",
      },
    })
    .input(idInput.extend({ image: imageInput }).strict())
    .output(songDetailsOutput)
    .mutation(async ({ ctx, input }) => {
      const song = await uploadSongCover(ctx.db, {
        id: input.id,
        userId: ctx.userId,
        image: Buffer.from(input.image, "base64"),
      });
      return withComposition(song);
    }),

  removeCover: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/songs/{id}/cover",
        tags: ["songs"],
        summary: "Use your song's generated cover again",
        description: "Removes the uploaded cover: the drawn or image-mode cover is shown again.",
      },
    })
    .input(idInput)
    .output(songDetailsOutput)
    .mutation(async ({ ctx, input }) =>
      withComposition(await removeSongCover(ctx.db, { id: input.id, userId: ctx.userId })),
    ),

  /** My songs, public and private, newest first. */
  mine: protectedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/me/songs",
        tags: ["songs"],
        summary: "List your songs, public and private",
      },
    })
    .input(pageInput.optional())
    .output(songPageOutput)
    .query(({ ctx, input }) =>
      listSongsByOwner(ctx.db, ctx.userId, {
        viewerId: ctx.userId,
        cursor: input?.cursor,
        limit: input?.limit,
      }),
    ),

  feed: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/songs",
        tags: ["songs"],
        summary: "Browse public songs",
        description:
          "The public feed: newest, top or trending, filtered by genre or mood, or searched with `q`. `sort=following` needs a key.",
        protect: false,
      },
    })
    .input(feedInput.optional())
    .output(songPageOutput)
    .query(({ ctx, input }) => {
      const { direction: _direction, sort, ...params } = input ?? {};
      if (sort === "following") {
        if (!ctx.session)
          throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to see who you follow" });
        return getFollowingFeed(ctx.db, {
          viewerId: ctx.session.user.id,
          cursor: params.cursor,
          limit: params.limit,
        });
      }
      return getFeed(ctx.db, { ...params, sort, viewerId: ctx.session?.user.id ?? null });
    }),

  like: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/songs/{id}/like",
        tags: ["songs"],
        summary: "Like a song",
      },
    })
    .input(idInput)
    .output(likeOutput)
    .mutation(async ({ ctx, input }) => {
      const state = await likeSong(ctx.db, { songId: input.id, userId: ctx.userId });
      notifyWatchers();
      return state;
    }),

  unlike: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/songs/{id}/like",
        tags: ["songs"],
        summary: "Unlike a song",
      },
    })
    .input(idInput)
    .output(likeOutput)
    .mutation(({ ctx, input }) => unlikeSong(ctx.db, { songId: input.id, userId: ctx.userId })),

  /** Reposts someone else's public song to my followers and profile; idempotent. */
  repost: protectedProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/songs/{id}/repost",
        tags: ["songs"],
        summary: "Repost someone else's public song to your followers",
      },
    })
    .input(idInput)
    .output(repostOutput)
    .mutation(async ({ ctx, input }) => {
      const state = await repostSong(ctx.db, { songId: input.id, userId: ctx.userId });
      notifyWatchers();
      return state;
    }),

  /** Removes my repost; idempotent. */
  unrepost: protectedProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/songs/{id}/repost",
        tags: ["songs"],
        summary: "Remove your repost",
      },
    })
    .input(idInput)
    .output(repostOutput)
    .mutation(({ ctx, input }) => unrepostSong(ctx.db, { songId: input.id, userId: ctx.userId })),

  /** Counts a play; a listener's repeated plays within the de-duplication window count once. */
  play: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/songs/{id}/plays",
        tags: ["songs"],
        summary: "Count a play",
        protect: false,
      },
    })
    .input(idInput)
    .output(playOutput)
    .mutation(async ({ ctx, input }) => {
      const listenerId = ctx.session?.user.id ?? null;
      const { playCount } = await recordPlay(ctx.db, {
        songId: input.id,
        listenerId,
        listenerKey: listenerId ?? `anon:${ctx.clientKey}`,
      });
      return { playCount };
    }),

  /** A new song from one the caller can see, with another mood, genre or seed; it keeps the words. */
  remix: limitedProcedure("songCreate")
    .meta({
      openapi: {
        method: "POST",
        path: "/songs/{id}/remix",
        tags: ["songs"],
        summary: "Remix or cover a song you can see",
      },
    })
    .input(remixInput)
    .output(songDetailsOutput)
    .mutation(async ({ ctx, input }) => {
      const parent = await getSong(ctx.db, { id: input.id, viewerId: ctx.userId });
      if (!parent) throw new TRPCError({ code: "NOT_FOUND", message: "Song not found" });
      const score = parent.composition ? readComposition(parent.composition) : null;
      const seed = input.seed ?? nextSeed(parent.seed);
      const title = input.title ?? `${parent.title.slice(0, 110)} (Remix)`;
      // A cover of an engine-2 song keeps its melody and words in the new style; "words" and
      // "nothing" (and engine-1 parents, whose scores cannot be re-voiced) compose a new song.
      const keep = input.keep ?? "melody";
      if (keep !== "nothing" && score && isEngine2(score) && input.vocals !== "instrumental") {
        const cover = coverComposition(score, {
          mood: input.mood ?? parent.mood,
          genre: input.genre ?? parent.genre,
          voice: input.voice ?? null,
          seed,
          keep,
        });
        if (cover.durationSec < MIN_DURATION_SEC) {
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: `At ${cover.genre}'s tempo this melody lasts ${cover.durationSec.toFixed(1)} s, under the ${MIN_DURATION_SEC} s a song needs. Keep only the words, or extend the song first.`,
          });
        }
        const song = await ctx.services.songs.createFromScore(ctx.db, ctx.userId, {
          composition: { ...cover, title },
          parent,
          seed,
          isPublic: input.isPublic ?? false,
        });
        return withComposition(await tellParentOwner(ctx.db, song));
      }
      // A remix keeps the parent's performance unless asked otherwise: its voice, or no voice.
      const parentVoice = score && isEngine2(score) ? (score.vocals?.voice ?? null) : null;
      const parentVocals = score && isEngine2(score) && !score.vocals ? "instrumental" : undefined;
      const song = await ctx.services.songs.create(ctx.db, ctx.userId, {
        ...(parent.lyrics && keep !== "nothing"
          ? { creationMode: "lyrics", lyrics: parent.lyrics }
          : { creationMode: "description" }),
        // A fresh song is about what the parent was about: its description, or its title.
        description:
          parent.description ?? (keep === "nothing" || !parent.lyrics ? parent.title : undefined),
        title,
        mood: input.mood ?? parent.mood,
        genre: input.genre ?? parent.genre,
        seed,
        durationSec: Math.round(parent.durationSec),
        isPublic: input.isPublic ?? false,
        vocals: input.vocals ?? parentVocals,
        voice: input.voice ?? parentVoice ?? undefined,
        parentId: parent.id,
      });
      return withComposition(await tellParentOwner(ctx.db, song));
    }),

  /** A new song that plays the original, then continues it for `durationSec` more seconds. */
  extend: limitedProcedure("songCreate")
    .input(extendInput)
    .mutation(async ({ ctx, input }) => {
      const { parent, score } = await visibleScore(ctx, input.id);
      const seed = input.seed ?? nextSeed(parent.seed);
      const extended = extendComposition(score, {
        durationSec: input.durationSec,
        seed,
        lyrics: input.lyrics ?? null,
      });
      const song = await ctx.services.songs.createFromScore(ctx.db, ctx.userId, {
        composition: {
          ...extended,
          title: input.title ?? `${parent.title.slice(0, 108)} (Extended)`,
        },
        parent,
        seed,
        isPublic: input.isPublic ?? false,
      });
      return withComposition(await tellParentOwner(ctx.db, song));
    }),

  /**
   * A new song equal to the original outside section `section` (its index in
   * `composition.sections`) and recomposed inside it, with new words if given.
   */
  replaceSection: limitedProcedure("songCreate")
    .input(replaceSectionInput)
    .mutation(async ({ ctx, input }) => {
      const { parent, score } = await visibleScore(ctx, input.id);
      const seed = input.seed ?? nextSeed(parent.seed);
      const replaced = replaceSectionComposition(score, {
        section: input.section,
        seed,
        lyrics: input.lyrics ?? null,
      });
      const label = score.sections[input.section]?.label;
      const song = await ctx.services.songs.createFromScore(ctx.db, ctx.userId, {
        composition: {
          ...replaced,
          title:
            input.title ??
            `${parent.title.slice(0, 100)} (New ${label ?? "section"})`.slice(0, 120),
        },
        parent,
        seed,
        isPublic: input.isPublic ?? false,
      });
      return withComposition(await tellParentOwner(ctx.db, song));
    }),
});
