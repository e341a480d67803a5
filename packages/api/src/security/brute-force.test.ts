// Password guessing and account enumeration. The per-account limit, and identical 401s for
// known and unknown accounts, are proven in http.test.ts ("rate limits sign-in per account…");
// these cover credential stuffing from one address and what a limited client learns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, TEST_ORIGIN, type TestApi } from "../testing/api";
import { createHttpHarness, url, type HttpHarness } from "../testing/http-harness";

let api: TestApi;
let http: HttpHarness;

beforeAll(async () => {
  api = await createTestApi({
    limits: {
      signInPerIp: { points: 4, durationSec: 600, message: "Too many sign-in attempts" },
      signInPerAccount: { points: 3, durationSec: 600, message: "Too many sign-in attempts" },
      signUpPerIp: { points: 6, durationSec: 600, message: "Too many new accounts from here" },
    },
  });
  http = createHttpHarness(api);
});
afterAll(async () => {
  await api?.close();
});

const signIn = (email: string, password: string, ip: string) =>
  http.auth(
    new Request(url("/api/auth/sign-in/email"), {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );

describe("brute force", () => {
  it("credential stuffing from one address is limited across accounts, with the same answers for known and unknown ones", async () => {
    await http.signUp("stuffed@example.test");
    const ip = "203.0.113.7";
    const answers = [];
    for (const email of ["stuffed@example.test", "ghost1@example.test", "ghost2@example.test"]) {
      const response = await signIn(email, "wrong password!", ip);
      answers.push({ status: response.status, body: await response.text() });
    }
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    await signIn("ghost3@example.test", "wrong password!", ip);
    // Over the per-address limit: known and unknown accounts get the same 429.
    const known = await signIn("stuffed@example.test", "wrong password!", ip);
    const unknown = await signIn("ghost4@example.test", "wrong password!", ip);
    expect(known.status).toBe(429);
    expect(unknown.status).toBe(429);
    expect(await known.json()).toEqual(await unknown.json());
    // Another address is not affected.
    expect((await signIn("ghost5@example.test", "wrong password!", "198.51.100.1")).status).toBe(
      401,
    );
  });

  it("a forged X-Forwarded-For entry does not dodge the per-address limit behind a proxy", async () => {
    // The proxy appends the address it saw (203.0.113.99); the attacker rotates what they send.
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const response = await signIn(
        `rotating${i}@example.test`,
        "wrong password!",
        `198.18.0.${i}, 203.0.113.99`,
      );
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
  });

  it("a limited account stays refused even with the right password (guessing cannot confirm a hit)", async () => {
    await http.signUp("guessed@example.test");
    for (let i = 0; i < 3; i++)
      await signIn("guessed@example.test", "wrong password!", `10.0.0.${i}`);
    const right = await signIn("Guessed@Example.test ", "a good long password", "10.0.1.1");
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("mass sign-up from one address is limited", async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const response = await http.auth(
        new Request(url("/api/auth/sign-up/email"), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: TEST_ORIGIN,
            "x-forwarded-for": "192.0.2.50",
          },
          body: JSON.stringify({
            name: "Bot",
            email: `bot${i}@example.test`,
            password: "a good long password",
          }),
        }),
      );
      statuses.push(response.status);
    }
    // The harness's own sign-ups come from another address ("local"), so all 6 points are here.
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
  });
});
