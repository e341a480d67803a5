import { describe, expect, it } from "vitest";
import { BufferPool } from "./buffer-pool";

describe("BufferPool", () => {
  it("hands back reused buffers zeroed, at the length asked for", () => {
    const pool = new BufferPool();
    const a = pool.take(1000);
    a.fill(0.5);
    pool.give(a);
    const b = pool.take(800);
    expect(b.length).toBe(800);
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((x) => x === 0)).toBe(true);
  });

  it("never hands one buffer to two takers, even when it is given back twice", () => {
    const pool = new BufferPool();
    const a = pool.take(100);
    pool.give(a, a.subarray(10));
    const b = pool.take(100);
    const c = pool.take(100);
    expect(b.buffer).not.toBe(c.buffer);
    b.fill(1);
    expect(c.every((x) => x === 0)).toBe(true);
  });

  it("copies and scratch arrays have the asked length; a pool that keeps nothing allocates", () => {
    const pool = new BufferPool();
    const src = Float32Array.from([1, 2, 3]);
    expect([...pool.copy(src)]).toEqual([1, 2, 3]);
    expect(pool.scratch(5).length).toBe(5);
    const none = new BufferPool(0);
    const x = none.take(10);
    none.give(x);
    expect(none.take(10).buffer).not.toBe(x.buffer);
    expect(() => none.take(-1)).toThrow(RangeError);
  });
});
