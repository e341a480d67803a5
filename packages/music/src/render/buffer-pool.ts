/**
 * Float32 buffers handed from section to section of one render. A section needs some twenty
 * section-long arrays (stems, sends, mix, trial); fresh ones cost the kernel's page faults on first
 * touch and make V8 collect its whole heap for the external memory (a 180 s song allocated about
 * 600 MB of them). Reused ones only need zeroing.
 */
export class BufferPool {
  private readonly free: Float32Array[] = [];
  /** Free buffers kept at most; one that would be the next is dropped instead. */
  private readonly keep: number;

  constructor(keep = 48) {
    this.keep = keep;
  }

  /** A zeroed array of `n` samples (a view on a reused buffer when one is large enough). */
  take(n: number): Float32Array {
    const buf = this.reuse(n);
    if (!buf) return this.fresh(n);
    buf.fill(0);
    return buf;
  }

  /** An array of `n` samples holding anything: for callers that write every sample. */
  scratch(n: number): Float32Array {
    return this.reuse(n) ?? this.fresh(n);
  }

  /** A copy of `src`. */
  copy(src: Float32Array): Float32Array {
    const buf = this.scratch(src.length);
    buf.set(src);
    return buf;
  }

  /** Hands arrays back; the caller must not touch them (or views on them) afterwards. */
  give(...arrays: Float32Array[]): void {
    for (const a of arrays) {
      if (this.free.length >= this.keep) return;
      if (a.buffer.byteLength === 0) continue;
      // Given twice, one buffer would be handed to two takers.
      if (this.free.some((f) => f.buffer === a.buffer)) continue;
      // The whole underlying buffer: a view's tail is free too.
      this.free.push(new Float32Array(a.buffer, 0, a.buffer.byteLength >> 2));
    }
  }

  /**
   * A new zeroed array; while the pool keeps buffers, its buffer is rounded up to whole steps of
   * 2^16 samples (1.5 s) so that it fits the slightly longer sections that follow.
   */
  private fresh(n: number): Float32Array {
    if (this.keep === 0 || !(n > 0)) return new Float32Array(n);
    return new Float32Array(Math.ceil(n / 65536) * 65536).subarray(0, n);
  }

  /** The smallest free buffer that holds `n` samples, as an `n`-long view, or null. */
  private reuse(n: number): Float32Array | null {
    if (!(n > 0)) return null;
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const len = this.free[i]!.length;
      if (len >= n && (best < 0 || len < this.free[best]!.length)) best = i;
    }
    if (best < 0) return null;
    const buf = this.free[best]!;
    this.free[best] = this.free[this.free.length - 1]!;
    this.free.pop();
    return buf.subarray(0, n);
  }
}
