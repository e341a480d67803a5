// Waveforms travel as text: one byte per peak (0..255), base64url. 200 peaks are 267
// characters instead of ~1.4 kB of JSON numbers, and serializers pass a string through
// without walking it. Pure and dependency-free, so browsers import it too
// (`@harmoniq/music/waveform`).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Peaks 0..1 → compact base64url text. */
export function encodeWaveform(peaks: readonly number[]): string {
  let out = "";
  for (let i = 0; i < peaks.length; i += 3) {
    const a = toByte(peaks[i]!);
    const b = i + 1 < peaks.length ? toByte(peaks[i + 1]!) : 0;
    const c = i + 2 < peaks.length ? toByte(peaks[i + 2]!) : 0;
    const n = (a << 16) | (b << 8) | c;
    const chars = i + 2 < peaks.length ? 4 : i + 1 < peaks.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Compact text → peaks 0..1 (empty for malformed input). */
export function decodeWaveform(text: string | null | undefined): number[] {
  if (!text) return [];
  const peaks: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? ALPHABET.indexOf(chunk[k]!) : 0;
      if (v < 0) return [];
      n = (n << 6) | v;
    }
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255].slice(
      0,
      Math.max(0, chunk.length - 1),
    );
    for (const byte of bytes) peaks.push(byte / 255);
  }
  return peaks;
}

function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round((Number.isFinite(value) ? value : 0) * 255)));
}
