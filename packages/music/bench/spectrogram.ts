// The docs' spectrograms: sox's picture of a WAV (both channels summed), one look for all of them.
import { execFileSync } from "node:child_process";

export interface SpectrogramOptions {
  title: string;
  /** Picture size in pixels (sox's -x and -y). */
  width?: number;
  height?: number;
  /** Only this stretch of the file, in seconds. */
  trim?: { fromSec: number; lengthSec: number };
}

export function writeSpectrogram(wav: string, png: string, options: SpectrogramOptions): void {
  const trim = options.trim
    ? ["trim", String(options.trim.fromSec), String(options.trim.lengthSec)]
    : [];
  execFileSync("sox", [
    wav,
    "-n",
    "remix",
    "1,2",
    ...trim,
    "spectrogram",
    "-x",
    String(options.width ?? 900),
    "-y",
    String(options.height ?? 257),
    "-z",
    "90",
    "-t",
    options.title,
    "-o",
    png,
  ]);
}
