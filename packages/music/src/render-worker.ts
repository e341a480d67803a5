/** Worker-thread entry: renders compositions posted by the render pool. */
import { parentPort } from "node:worker_threads";
import { computePeaks } from "./peaks";
import { renderWav } from "./synth";
import type { Composition } from "./types";

export type RenderWorkerRequest =
  | { type: "render"; id: number; composition: Composition; peaks: number }
  | { type: "crash"; id: number };

export type RenderWorkerResponse =
  | { id: number; ok: true; wav: Uint8Array; peaks: number[]; durationSec: number }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  port.on("message", (msg: RenderWorkerRequest) => {
    if (msg.type === "crash") {
      // Test hook: simulate a hard crash of this worker.
      process.exit(70);
    }
    try {
      const wav = renderWav(msg.composition);
      const peaks = computePeaks(wav, msg.peaks);
      const res: RenderWorkerResponse = { id: msg.id, ok: true, wav, peaks, durationSec: (wav.length - 44) / 4 / 44100 };
      port.postMessage(res, [wav.buffer as ArrayBuffer]);
    } catch (err) {
      const res: RenderWorkerResponse = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
      port.postMessage(res);
    }
  });
}
