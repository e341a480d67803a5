import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { compose } from "./compose";
import { analyzeImage } from "./image";
import { createRenderPool, crashOneWorkerForTesting } from "./render-pool";
import type { RenderProgress } from "./render-progress";
import { renderSong, renderStudioSong } from "./render";
import { replaceSectionComposition } from "./compose/studio";
import { isEngine2 } from "./types";
import { SUNG } from "./render/sung";
import { decodeWavStereo } from "./wav";
import { audioKey, createDiskAudioStore } from "./audio-store";
import { createOpenAICompatibleProvider } from "./song-writer";
import { rhymesFor, doesRhyme, suggestTitle, writeLyrics } from "./lyrics";
import { countSyllables } from "./syllables";

const short = (seed: number) =>
  compose({
    creationMode: "description",
    description: "rain on a city window",
    seed,
    durationSec: 10,
  });

describe("render pool", () => {
  const pool = createRenderPool({ size: 2 });
  afterAll(() => pool.close());
  it("renders in a worker, same bytes as in-thread, concurrent jobs all complete", async () => {
    const comps = [1, 2, 3, 4].map(short);
    const results = await Promise.all(comps.map((c) => pool.render(c)));
    expect(
      Buffer.from(results[0]!.wav).equals(Buffer.from(await renderSong(comps[0]!, SUNG))),
    ).toBe(true);
    for (const r of results) {
      expect(Math.abs(r.durationSec - 10)).toBeLessThan(1);
      expect(r.peaks).toHaveLength(200);
    }
    expect(pool.stats().live).toBeLessThanOrEqual(2);
    expect(pool.stats().completed).toBe(4);
  });
  it("streams the first section before the song is done, and renders stems in the worker", async () => {
    const c = short(11);
    const chunks: { bytes: Uint8Array; section: number; at: number }[] = [];
    const done = await pool.renderProgressive(c, (bytes, section) =>
      chunks.push({ bytes, section, at: Date.now() }),
    );
    expect(chunks.map((ch) => ch.section)).toEqual(c.sections.map((_, i) => i));
    expect(Buffer.concat(chunks.map((ch) => ch.bytes)).equals(Buffer.from(done.wav))).toBe(true);
    expect(Buffer.from(done.wav).equals(Buffer.from(await renderSong(c, SUNG)))).toBe(true);
    const stems = await pool.renderStems(c);
    // The song has words, so it is sung: the voice is a stem of its own.
    expect(c.vocals).not.toBeNull();
    expect(stems.stems.map((st) => st.name)).toEqual([
      "drums",
      "bass",
      "harmony",
      "lead",
      "vocals",
    ]);
    expect(Buffer.from(stems.wav).equals(Buffer.from(done.wav))).toBe(true);
    expect(decodeWavStereo(stems.premaster).left.length).toBe(
      decodeWavStereo(done.wav).left.length,
    );
  });
  it("reports progress section by section, monotonic and ending at 1, with the same bytes", async () => {
    const c = compose({
      creationMode: "description",
      description: "a summer road trip",
      seed: 21,
      durationSec: 30,
    });
    const seen: RenderProgress[] = [];
    let resolved = false;
    const done = pool.render(c, {
      onProgress: (p) => {
        // Every report arrives while the render is still running.
        expect(resolved).toBe(false);
        seen.push(p);
      },
    });
    const result = await done.then((r) => ((resolved = true), r));
    expect(c.sections.length).toBeGreaterThan(2);
    // One report as it starts, then one per section.
    expect(seen).toHaveLength(c.sections.length + 1);
    expect(seen[0]).toEqual({
      fraction: 0,
      section: 0,
      sections: c.sections.length,
      kind: c.sections[0]!.kind,
    });
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.fraction).toBeGreaterThan(seen[i - 1]!.fraction);
      expect(seen[i]!.section).toBeGreaterThanOrEqual(seen[i - 1]!.section);
    }
    // After section k, the report names the section rendered next, by its kind.
    seen.slice(1, -1).forEach((p, k) => {
      expect(p.section).toBe(k + 1);
      expect(p.kind).toBe(c.sections[k + 1]!.kind);
      expect(p.fraction).toBeCloseTo(c.sections[k]!.endSec / c.durationSec, 1);
    });
    expect(seen.at(-1)).toEqual({
      fraction: 1,
      section: c.sections.length - 1,
      sections: c.sections.length,
      kind: c.sections.at(-1)!.kind,
    });
    expect(Buffer.from(result.wav).equals(Buffer.from(await renderSong(c, SUNG)))).toBe(true);
  });
  it("reports a studio pass's progress too, ending at 1 with the spliced song's bytes", async () => {
    const original = compose({
      creationMode: "description",
      description: "rain on a city window",
      seed: 31,
      durationSec: 15,
    });
    if (!isEngine2(original)) throw new Error("expected an engine-2 score");
    const replaced = replaceSectionComposition(original, { section: 1, seed: 5 });
    const seen: RenderProgress[] = [];
    const result = await pool.render(replaced, { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[0]!.fraction).toBe(0);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
      expect(seen[i]!.section).toBeGreaterThanOrEqual(seen[i - 1]!.section);
    }
    expect(seen.at(-1)).toMatchObject({ fraction: 1, section: replaced.sections.length - 1 });
    expect(
      Buffer.from(result.wav).equals(Buffer.from(await renderStudioSong(replaced, SUNG))),
    ).toBe(true);
  }, 120_000);
  it("gives a job time in proportion to its song's length", async () => {
    // 1 ms alone kills any render; 6 s per second of audio lets a 10 s song finish even under load.
    const c = compose({
      creationMode: "description",
      description: "timeout",
      seed: 4,
      durationSec: 10,
    });
    const strict = createRenderPool({ size: 1, jobTimeoutMs: 1 });
    const scaled = createRenderPool({ size: 1, jobTimeoutMs: 1, jobTimeoutMsPerAudioSec: 6_000 });
    try {
      await expect(strict.render(c)).rejects.toThrow(/timed out after 1 ms/);
      expect((await scaled.render(c)).durationSec).toBeCloseTo(c.durationSec, 0);
    } finally {
      await Promise.all([strict.close(), scaled.close()]);
    }
  }, 120_000);

  it("a crashed worker rejects its job and the pool recovers", async () => {
    await expect(crashOneWorkerForTesting(pool)).rejects.toThrow(/exited unexpectedly/);
    const r = await pool.render(short(7));
    expect(r.wav.length).toBeGreaterThan(44);
    expect(pool.stats().crashed).toBe(1);
  });
});

describe("disk audio store", () => {
  it("put/get/has with atomic writes, ensureAudio re-renders a missing file deterministically", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hq-audio-"));
    try {
      const store = createDiskAudioStore(dir);
      const c = short(11);
      const key = audioKey(c);
      expect(key).toMatch(/^[0-9a-f]{64}-harmoniq-engine/);
      expect(await store.has(key)).toBe(false);
      expect(await store.get(key)).toBeNull();
      const first = await store.ensureAudio(c);
      expect(first.rendered).toBe(true);
      expect(await store.has(key)).toBe(true);
      const again = await store.ensureAudio(c);
      expect(again.rendered).toBe(false);
      await unlink(store.pathFor(key));
      const rerendered = await store.ensureAudio(c);
      expect(rerendered.rendered).toBe(true);
      expect(Buffer.from(rerendered.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      await expect(store.put("../evil", new Uint8Array(1))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("stored WAV to MP3", () => {
  it("the render pool encodes a stored WAV from its file to the same MP3 as from its bytes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hq-audio-"));
    const pool = createRenderPool({ size: 1 });
    try {
      const store = createDiskAudioStore(dir);
      const c = short(12);
      expect(await store.file(audioKey(c))).toBeNull();
      const { key, bytes } = await store.ensureAudio(c);
      const file = await store.file(key);
      expect(file).toEqual({ path: store.pathFor(key), size: bytes.byteLength });
      const chunks: Uint8Array[] = [];
      const fromFile = await pool.encodeMp3(file!, (chunk) => chunks.push(chunk));
      expect(Buffer.from(fromFile).equals(Buffer.from(await pool.encodeMp3(bytes)))).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).equals(Buffer.from(fromFile))).toBe(true);
    } finally {
      await pool.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("image mode", () => {
  it("a bright warm picture and a dark cold one give different moods and modes", async () => {
    const warm = await sharp({
      create: { width: 96, height: 64, channels: 3, background: { r: 255, g: 190, b: 60 } },
    })
      .png()
      .toBuffer();
    const cold = await sharp({
      create: { width: 96, height: 64, channels: 3, background: { r: 15, g: 25, b: 70 } },
    })
      .jpeg()
      .toBuffer();
    const a = await analyzeImage(new Uint8Array(warm));
    const b = await analyzeImage(new Uint8Array(cold));
    expect(a.features.brightness).toBeGreaterThan(b.features.brightness);
    expect(a.features.warmth).toBeGreaterThan(0);
    expect(b.features.warmth).toBeLessThan(0);
    expect(a.mood).not.toBe(b.mood);
    expect(a.mode).toBe("major");
    expect(b.mode).toBe("minor");
    expect(a.summary).toContain(a.mood);
    const ca = compose({ creationMode: "image", image: a.features, seed: 1, durationSec: 20 });
    const cb = compose({ creationMode: "image", image: b.features, seed: 1, durationSec: 20 });
    expect(ca.mood).toBe(a.mood);
    expect(cb.mood).toBe(b.mood);
    expect(ca.key.quality).toBe("major");
    expect(cb.key.quality).toBe("minor");
    expect(ca.inferred.image?.summary).toBe(a.summary);
  });
});

describe("lyrics helpers", () => {
  it("rhymes, syllables and titles", () => {
    expect(rhymesFor("night")).toContain("light");
    expect(doesRhyme("rain", "train")).toBe(true);
    expect(countSyllables("beautiful ocean night")).toBe(6);
    const w = writeLyrics({ description: "neon city rain", mood: "Melancholic", seed: 4 });
    expect(w.text.toLowerCase()).toContain("neon");
    expect(w.text.toLowerCase()).toContain("rain");
    expect(suggestTitle({ description: "neon city rain", mood: "Melancholic", seed: 4 })).toBe(
      w.title,
    );
    // chorus lines rhyme in pairs
    const chorus = w.sections.find((s) => s.kind === "chorus")!.lines;
    const last = (l: string) =>
      l
        .split(/\s+/)
        .pop()!
        .replace(/[^a-z]/gi, "");
    expect(doesRhyme(last(chorus[0]!), last(chorus[1]!))).toBe(true);
  });
});

describe("OpenAI-compatible provider", () => {
  const input = {
    description: "ocean at night",
    mood: "Dreamy" as const,
    genre: "Pop" as const,
    seed: 1,
  };
  let mode: "ok" | "500" | "slow" = "ok";
  const requests: unknown[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      requests.push({
        url: req.url,
        auth: req.headers.authorization,
        body: JSON.parse(body) as unknown,
      });
      if (mode === "500") {
        res.writeHead(500).end("boom");
        return;
      }
      const send = () =>
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            choices: [
              {
                message: {
                  content:
                    "Title: Salt and Stars\n\n[Verse 1]\nThe tide is high\nUnder a silver sky\n\n[Chorus]\nSalt and stars\nWherever you are",
                },
              },
            ],
          }),
        );
      if (mode === "slow") setTimeout(send, 1500);
      else send();
    });
  });
  const ready = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`),
    ),
  );
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const warnings: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m) };

  it("writes lyrics through POST {base}/chat/completions", async () => {
    mode = "ok";
    const p = createOpenAICompatibleProvider({
      baseUrl: await ready,
      apiKey: "sk-test",
      model: "tiny",
      logger,
      timeoutMs: 1000,
    });
    const out = await p.writeSong(input);
    expect(out.title).toBe("Salt and Stars");
    expect(out.lyrics).toContain("[Chorus]");
    expect(out.provider).toContain("openai-compatible");
    expect(requests.at(-1)).toMatchObject({
      url: "/v1/chat/completions",
      auth: "Bearer sk-test",
      body: { model: "tiny" },
    });
  });
  it("falls back to the embedded writer on HTTP 500, with a warning", async () => {
    mode = "500";
    warnings.length = 0;
    const p = createOpenAICompatibleProvider({
      baseUrl: await ready,
      model: "tiny",
      logger,
      timeoutMs: 1000,
    });
    const out = await p.writeSong(input);
    expect(out.provider).toBe("embedded");
    expect(out.lyrics).toContain("[Verse 1]");
    expect(warnings.join()).toMatch(/HTTP 500/);
  });
  it("falls back on timeout", async () => {
    mode = "slow";
    warnings.length = 0;
    const p = createOpenAICompatibleProvider({
      baseUrl: await ready,
      model: "tiny",
      logger,
      timeoutMs: 200,
    });
    const t = Date.now();
    const out = await p.writeSong(input);
    expect(Date.now() - t).toBeLessThan(1200);
    expect(out.provider).toBe("embedded");
    expect(warnings.join()).toMatch(/timed out/);
  });
});
