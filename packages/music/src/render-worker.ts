/**
 * Worker-thread entry: renders compositions posted by the render pool. The SoundFont bank is
 * loaded once per worker (on start, so the first song does not wait for it) and shared by every
 * render the worker does.
 */
import { parentPort } from "node:worker_threads";
import { encodeMp3, encodeMp3File, type WavFile } from "./mp3";
import { computePeaks } from "./peaks";
import { loadBank } from "./render/bank";
import { renderProgressAt, type RenderProgress } from "./render-progress";
import {
  renderSong,
  renderSongProgressive,
  renderSongStream,
  renderStems,
  renderStudioStems,
  streamStudioSong,
} from "./render";
import { SUNG } from "./render/sung";
import type { Composition, Engine2Composition, StemName } from "./types";
import { isEngine2 } from "./types";

export type RenderWorkerRequest =
  | {
      type: "render";
      id: number;
      composition: Composition;
      peaks: number;
      /** A studio pass's original, as stored (see RenderOptions.originalWav). */
      originalWav?: Uint8Array;
    }
  | { type: "progressive"; id: number; composition: Composition; peaks: number }
  | { type: "stems"; id: number; composition: Engine2Composition; peaks: number }
  | { type: "mp3"; id: number; wav: Uint8Array | WavFile }
  | { type: "crash"; id: number };

export type RenderWorkerResponse =
  | { id: number; ok: true; wav: Uint8Array; peaks: number[]; durationSec: number }
  | {
      id: number;
      ok: true;
      stems: { name: StemName; wav: Uint8Array }[];
      premaster: Uint8Array;
      wav: Uint8Array;
      peaks: number[];
      durationSec: number;
    }
  | { id: number; ok: true; mp3: Uint8Array }
  | { id: number; ok: "chunk"; section: number; bytes: Uint8Array }
  | { id: number; ok: "progress"; progress: RenderProgress }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  // Load the bank while the worker is idle; a failure here surfaces on the first render.
  setImmediate(() => {
    try {
      loadBank();
    } catch {
      /* reported by the render that needs it */
    }
  });
  port.on("message", (msg: RenderWorkerRequest) => {
    if (msg.type === "crash") {
      // Test hook: simulate a hard crash of this worker.
      process.exit(70);
    }
    void handle(msg).catch((err: unknown) => {
      const res: RenderWorkerResponse = {
        id: msg.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      };
      port.postMessage(res);
    });
  });
}

/** A score made by a studio pass (extend, replace a section) renders as its original, spliced. */
const isStudioPass = (c: Composition): c is Engine2Composition => isEngine2(c) && Boolean(c.origin);

const durationOf = (wav: Uint8Array): number => (wav.length - 44) / 4 / 44100;

/** The song's WAV section by section (concatenated: the bytes `renderSong` gives). */
async function* wavSections(c: Composition, originalWav?: Uint8Array): AsyncGenerator<Uint8Array> {
  if (!isEngine2(c)) yield await renderSong(c, SUNG);
  else if (isStudioPass(c))
    yield* streamStudioSong(c, { ...SUNG, ...(originalWav ? { originalWav } : {}) });
  else for await (const chunk of renderSongStream(c, SUNG)) yield chunk.bytes;
}

/**
 * The song's WAV, telling `report` how far it has got before the first section and after each
 * one (the fraction of the song's frames written, ending at exactly 1).
 */
async function renderWithProgress(
  c: Composition,
  report: (progress: RenderProgress) => void,
  originalWav?: Uint8Array,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let totalFrames = 0;
  report(renderProgressAt(c, 0, 1));
  for await (const part of wavSections(c, originalWav)) {
    // The header (the first 44 bytes of the first part) says how long the song is.
    if (parts.length === 0)
      totalFrames = new DataView(part.buffer, part.byteOffset).getUint32(40, true) / 4;
    parts.push(part);
    bytes += part.length;
    report(renderProgressAt(c, (bytes - 44) / 4, totalFrames));
  }
  const wav = new Uint8Array(bytes);
  let o = 0;
  for (const p of parts) {
    wav.set(p, o);
    o += p.length;
  }
  return wav;
}

async function handle(msg: Exclude<RenderWorkerRequest, { type: "crash" }>): Promise<void> {
  if (!port) return;
  if (msg.type === "mp3") {
    let piece = 0;
    const send = (bytes: Uint8Array) => {
      const copy = bytes.slice();
      const chunk: RenderWorkerResponse = {
        id: msg.id,
        ok: "chunk",
        section: piece++,
        bytes: copy,
      };
      port.postMessage(chunk, [copy.buffer as ArrayBuffer]);
    };
    const mp3 =
      msg.wav instanceof Uint8Array
        ? await encodeMp3(msg.wav, send)
        : await encodeMp3File(msg.wav.path, send);
    const res: RenderWorkerResponse = { id: msg.id, ok: true, mp3 };
    port.postMessage(res, [mp3.buffer as ArrayBuffer]);
    return;
  }
  if (msg.type === "render") {
    const wav = await renderWithProgress(
      msg.composition,
      (progress) => {
        const res: RenderWorkerResponse = { id: msg.id, ok: "progress", progress };
        port.postMessage(res);
      },
      msg.originalWav,
    );
    const res: RenderWorkerResponse = {
      id: msg.id,
      ok: true,
      wav,
      peaks: computePeaks(wav, msg.peaks),
      durationSec: durationOf(wav),
    };
    port.postMessage(res, [wav.buffer as ArrayBuffer]);
    return;
  }
  if (msg.type === "progressive") {
    const parts: Uint8Array[] = [];
    const send = (bytes: Uint8Array, section: number) => {
      parts.push(bytes);
      const copy = bytes.slice();
      const chunk: RenderWorkerResponse = { id: msg.id, ok: "chunk", section, bytes: copy };
      port.postMessage(chunk, [copy.buffer as ArrayBuffer]);
    };
    if (isStudioPass(msg.composition)) {
      // The original's audio before the new stretch comes first, at once.
      let piece = 0;
      for await (const bytes of streamStudioSong(msg.composition, SUNG)) send(bytes, piece++);
    } else {
      await renderSongProgressive(msg.composition, send, SUNG);
    }
    const wav = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      wav.set(p, o);
      o += p.length;
    }
    const res: RenderWorkerResponse = {
      id: msg.id,
      ok: true,
      wav,
      peaks: computePeaks(wav, msg.peaks),
      durationSec: durationOf(wav),
    };
    port.postMessage(res, [wav.buffer as ArrayBuffer]);
    return;
  }
  if (!isEngine2(msg.composition)) throw new Error("stems need an engine-2 song");
  // A studio pass's stems are spliced like its audio, so they line up with the song.
  const r = isStudioPass(msg.composition)
    ? await renderStudioStems(msg.composition, SUNG)
    : await renderStems(msg.composition, SUNG);
  const res: RenderWorkerResponse = {
    id: msg.id,
    ok: true,
    stems: r.stems,
    premaster: r.premaster,
    wav: r.wav,
    peaks: computePeaks(r.wav, msg.peaks),
    durationSec: durationOf(r.wav),
  };
  port.postMessage(res, [
    r.wav.buffer as ArrayBuffer,
    r.premaster.buffer as ArrayBuffer,
    ...r.stems.map((s) => s.wav.buffer as ArrayBuffer),
  ]);
}
