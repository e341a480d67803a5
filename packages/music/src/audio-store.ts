/** Audio storage keyed by composition hash + engine version. Disk implementation; S3 can implement the same interface. */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ENGINE_VERSION } from "./compose";
import { compositionHash } from "./hash";
import { renderSong } from "./render";
import type { Composition } from "./types";

export interface AudioStore {
  get(key: string): Promise<Uint8Array | null>;
  has(key: string): Promise<boolean>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Return the stored WAV for a composition, rendering (deterministically) and storing it when missing. */
  ensureAudio(
    composition: Composition,
    render?: (c: Composition) => Promise<Uint8Array> | Uint8Array,
  ): Promise<EnsuredAudio>;
}

export interface EnsuredAudio {
  key: string;
  bytes: Uint8Array;
  /** True when the file had to be (re-)rendered. */
  rendered: boolean;
}

/** Storage key: `<sha256 of canonical composition JSON>-<engine version>`. */
export function audioKey(composition: Composition): string {
  const version = (composition.engineVersion || ENGINE_VERSION).replace(/[^A-Za-z0-9._-]/g, "_");
  return `${compositionHash(composition)}-${version}`;
}

function assertKey(key: string): void {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(key) || key.includes(".."))
    throw new Error(`invalid audio key "${key}"`);
}

/** Shared ensureAudio logic for any store. */
export async function ensureAudio(
  store: Pick<AudioStore, "get" | "put">,
  composition: Composition,
  render: (c: Composition) => Promise<Uint8Array> | Uint8Array = (c) => renderSong(c),
): Promise<EnsuredAudio> {
  const key = audioKey(composition);
  const existing = await store.get(key);
  if (existing) return { key, bytes: existing, rendered: false };
  const bytes = await render(composition);
  await store.put(key, bytes);
  return { key, bytes, rendered: true };
}

export interface DiskAudioStore extends AudioStore {
  readonly dir: string;
  /** Absolute path of a key's file (it may not exist). */
  pathFor(key: string): string;
  /**
   * A key's stored file (complete: files are written whole, then renamed into place), for a
   * reader that reads it itself; null when there is none.
   */
  file(key: string): Promise<{ path: string; size: number } | null>;
}

export interface DiskAudioStoreOptions {
  /** The files' extension: "wav" (the default) for the song's audio, "mp3" for its stream. */
  extension?: "wav" | "mp3";
}

export function createDiskAudioStore(
  dir: string,
  { extension = "wav" }: DiskAudioStoreOptions = {},
): DiskAudioStore {
  let ready: Promise<unknown> | null = null;
  const ensureDir = (): Promise<unknown> => (ready ??= mkdir(dir, { recursive: true }));
  const pathFor = (key: string): string => {
    assertKey(key);
    return join(dir, `${key}.${extension}`);
  };
  const store: DiskAudioStore = {
    dir,
    pathFor,
    async get(key) {
      try {
        const buf = await readFile(pathFor(key));
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async has(key) {
      return (await store.file(key)) !== null;
    },
    async file(key) {
      const path = pathFor(key);
      try {
        const found = await stat(path);
        return found.isFile() ? { path, size: found.size } : null;
      } catch {
        return null;
      }
    },
    async put(key, bytes) {
      await ensureDir();
      const final = pathFor(key);
      const tmp = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, final);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
    },
    ensureAudio: (composition, render) => ensureAudio(store, composition, render),
  };
  return store;
}
