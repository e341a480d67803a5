// Malformed HTTP: every broken request gets a clean 4xx with a JSON error, never a 500 or a
// hang. http.test.ts already covers a declared oversized body (413), a GET batch of 21 (400),
// "{not json", a forged cookie and "Bearer hq_nope"; these are the remaining shapes.
import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../trpc/root";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { anyValue, nastyText } from "../testing/arbitraries";
import { createHttpHarness, url, type HttpHarness } from "../testing/http-harness";
import { snapshotTables, tableNames } from "../testing/table-snapshot";

let api: TestApi;
let http: HttpHarness;
let cookie: string;

beforeAll(async () => {
  api = await createTestApi();
  http = createHttpHarness(api);
  ({ cookie } = await http.browserUser("malformed@example.test"));
});
afterAll(async () => {
  await api?.close();
});

/** A 4xx whose body is a JSON error (tRPC's shape or the guards' `{ error: { code } }`). */
async function expectCleanRefusal(response: Response, label: string, status?: number) {
  const text = await response.text();
  if (status !== undefined) expect(response.status, `${label}: ${text.slice(0, 200)}`).toBe(status);
  expect(response.status, `${label}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${label}: ${text.slice(0, 200)}`).toBeLessThan(500);
  expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
  const body = JSON.parse(text) as unknown;
  expect(body, label).toHaveProperty("error");
  expect(text, label).not.toMatch(/ at .*\.(ts|js):\d+|select |insert into/i);
}

/** One chunk after another, with no Content-Length: the size is only known by reading. */
function streamOf(chunks: number, chunkBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
}

const post = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  http.trpc(
    new Request(url(`/api/trpc/${path}`), {
      method: "POST",
      headers: { cookie, origin: TEST_ORIGIN, ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit),
  );

describe("malformed HTTP", () => {
  it("wrong or missing content types are refused with a JSON 415 and create nothing", async () => {
    const tables = await tableNames(api.test);
    const before = await snapshotTables(api.test, tables);
    const body = JSON.stringify({ json: { name: "typed wrong" } });
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=zzz",
      "application/xml",
      "application/octet-stream",
      "",
    ]) {
      const response = await post("playlist.create", body, { "content-type": contentType });
      await expectCleanRefusal(response, `content-type "${contentType}"`, 415);
    }
    expect(await snapshotTables(api.test, tables)).toEqual(before);
  });

  it("a body over the limit without Content-Length (chunked) is 413", async () => {
    const response = await post("playlist.create", streamOf(100, 1024), {
      "content-type": "application/json",
    });
    await expectCleanRefusal(response, "chunked 100 KiB", 413);
  });

  it("a POST batch over the cap is 400", async () => {
    const calls = Array(21).fill("playlist.create").join(",");
    const inputs = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [i, { json: { name: `n${i}` } }]),
    );
    const response = await post(`${calls}?batch=1`, JSON.stringify(inputs), {
      "content-type": "application/json",
    });
    await expectCleanRefusal(response, "batch of 21", 400);
  });

  it("broken, hostile or empty JSON bodies are refused", async () => {
    const bodies: [string, string][] = [
      ["empty", ""],
      ["null", "null"],
      ["number", "42"],
      ["truncated", '{"json":{"name":"x"'],
      ["deeply nested", "[".repeat(50_000) + "]".repeat(50_000)],
      ["NUL in text", JSON.stringify({ json: { name: "a\u0000b" } })],
      ["lone surrogate", '{"json":{"name":"\\ud800"}}'],
      [
        "superjson meta pointing at __proto__",
        '{"json":{"name":"x"},"meta":{"values":{"__proto__.polluted":["undefined"]}}}',
      ],
      ["superjson bigint meta", '{"json":"12345678901234567890","meta":{"values":["bigint"]}}'],
    ];
    for (const [label, body] of bodies) {
      const response = await post("playlist.create", body, { "content-type": "application/json" });
      await expectCleanRefusal(response, label);
    }
    // Bytes that are not UTF-8 are decoded with U+FFFD replacements: never a 500.
    const invalidUtf8 = await post(
      "playlist.create",
      new Uint8Array([...Buffer.from('{"json":{"name":"'), 0xff, 0xfe, ...Buffer.from('"}}')]),
      { "content-type": "application/json" },
    );
    expect(invalidUtf8.status).toBeLessThan(500);
    // An own "__proto__" key is dropped by superjson (never assigned as a prototype).
    const proto = await post(
      "playlist.create",
      '{"json":{"name":"proto","__proto__":{"admin":true,"isPublic":true}}}',
      { "content-type": "application/json" },
    );
    expect(proto.status).toBeLessThan(500);
    if (proto.ok) {
      const created = (await proto.json()) as { result: { data: { json: { isPublic: boolean } } } };
      expect(created.result.data.json.isPublic).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("wrong methods and unknown procedures are refused", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { name: "x" } }));
    // A mutation over GET (a link or an <img> could trigger it): 405.
    await expectCleanRefusal(
      await http.trpc(
        new Request(url(`/api/trpc/playlist.create?input=${input}`), { headers: { cookie } }),
      ),
      "GET on a mutation",
      405,
    );
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await http.trpc(
        new Request(url("/api/trpc/playlist.create"), {
          method,
          headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
          body: JSON.stringify({ json: { name: "x" } }),
        }),
      );
      await expectCleanRefusal(response, method);
    }
    await expectCleanRefusal(
      await http.call("song.nope", undefined, { method: "GET" }),
      "unknown procedure",
      404,
    );
    await expectCleanRefusal(
      await http.call("__proto__.toString", undefined, { method: "GET" }),
      "prototype path",
      404,
    );
  });

  it("a streaming procedure called without a streaming client is refused and stores nothing", async () => {
    const headers = { cookie, origin: TEST_ORIGIN };
    const conversation = await http.dataOf<{ id: string }>(
      http.call("chat.create", {}, { headers }),
    );
    const tables = await tableNames(api.test);
    const before = await snapshotTables(api.test, tables);
    // A plain JSON request (no `trpc-accept: application/jsonl`) cannot carry a stream.
    const response = await http.call(
      "chat.send",
      { conversationId: conversation.id, content: "write a verse" },
      { headers },
    );
    await expectCleanRefusal(response, "chat.send without streaming", 415);
    expect(await snapshotTables(api.test, tables)).toEqual(before);
  });

  it("forged cookies and garbage credentials make an anonymous caller (401 on private data), never a 500", async () => {
    const credentials: Record<string, string>[] = [
      { cookie: "better-auth.session_token=" },
      { cookie: `better-auth.session_token=${"A".repeat(8_000)}` },
      { cookie: "better-auth.session_token=%E0%A4%A" },
      { cookie: "better-auth.session_token=a.b.c.d; better-auth.session_token=e.f" },
      { cookie: "__Secure-better-auth.session_token=forged.sig" },
      { authorization: "Bearer " },
      { authorization: `Bearer hq_${"x".repeat(10_000)}` },
      { authorization: "Bearer hq_ x" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer ' OR 1=1 --" },
      { authorization: "bearer hq_lowercase_scheme" },
      { authorization: "Bearer hq_a", cookie: "better-auth.session_token=forged.value" },
    ];
    for (const headers of credentials) {
      const response = await http.call("song.mine", undefined, { method: "GET", headers });
      await expectCleanRefusal(response, JSON.stringify(headers).slice(0, 80), 401);
    }
  });

  it("property: any request to any procedure is answered below 500, errors as JSON", async () => {
    const procedures = Object.keys(appRouter._def.procedures);
    const serialized = anyValue.map((value) => {
      try {
        return JSON.stringify(superjson.serialize(value)) ?? "null";
      } catch {
        return String(value);
      }
    });
    const request = fc.record({
      method: fc.constantFrom("GET", "POST"),
      procedures: fc.array(fc.constantFrom(...procedures), { minLength: 1, maxLength: 3 }),
      body: fc.oneof(
        serialized,
        nastyText,
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      credentials: fc.constantFrom<Record<string, string>>(
        {},
        { cookie },
        { authorization: "Bearer hq_garbage" },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, procedures: calls, body, credentials }) => {
        const batch = calls.length > 1;
        const path = `/api/trpc/${calls.join(",")}${batch ? "?batch=1" : ""}`;
        const batchBody = batch
          ? JSON.stringify(Object.fromEntries(calls.map((_, i) => [i, safeJson(body)])))
          : body;
        const response =
          method === "GET"
            ? await http.trpc(
                new Request(
                  url(
                    `${path}${batch ? "&" : "?"}input=${encodeURIComponent(wellFormed(batchBody))}`,
                  ),
                  { headers: credentials },
                ),
              )
            : await http.trpc(
                new Request(url(path), {
                  method: "POST",
                  headers: {
                    "content-type": "application/json",
                    origin: TEST_ORIGIN,
                    ...credentials,
                  },
                  body: batchBody,
                }),
              );
        // A subscription the caller may open (notification.onUnreadCount, signed in) streams
        // server-sent events until the client leaves: read its first event, then leave.
        if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
          expect(response.status).toBe(200);
          const reader = response.body!.getReader();
          const first = await reader.read();
          expect(new TextDecoder().decode(first.value ?? new Uint8Array())).toMatch(/\S/);
          await reader.cancel();
          return;
        }
        const text = await response.text();
        expect(
          response.status,
          `${method} ${path} ${batchBody.slice(0, 200)}: ${text.slice(0, 300)}`,
        ).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get("content-type")).toMatch(/^application\/json/);
          expect(() => JSON.parse(text) as unknown, text.slice(0, 200)).not.toThrow();
        }
        // Streams (chat.send) are drained by reading the text above.
      }),
      {
        seed: Number(process.env.FUZZ_SEED ?? 20_261_125),
        numRuns: Number(process.env.FUZZ_RUNS ?? 24) * 8,
      },
    );
  }, 300_000);
});

/** What a client can put in a URL: lone surrogates become U+FFFD (encodeURIComponent throws). */
const wellFormed = (text: string) => text.replace(/\p{Cs}/gu, "\uFFFD");

/** The body as JSON if it parses, else as a string. */
function safeJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
