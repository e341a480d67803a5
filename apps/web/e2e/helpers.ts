import { deflateSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A small hand-made RGB PNG: a warm orange-to-red gradient. */
export function makePng(width = 48, height = 32): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = 230;
      raw[i + 1] = Math.round(60 + (140 * x) / width);
      raw[i + 2] = Math.round((40 * y) / height);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export function uniqueHandle(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`.slice(0, 30);
}

export async function signUp(
  page: Page,
  user: { name: string; email: string; handle: string; password: string },
) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel(/^Handle/).fill(user.handle);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("link", { name: `@${user.handle}` })).toBeVisible();
}

/** No serious or critical axe violation; the page's screenshot is attached either way. */
export async function checkPage(page: Page, testInfo: TestInfo, name: string) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  // Kept in test-results/ (passing runs too) and attached to the report.
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ fullPage: true, path: file });
  await testInfo.attach(`${name}.png`, { path: file, contentType: "image/png" });
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
    `axe on ${name}`,
  ).toEqual([]);
}

/** The app's one audio element is playing and has moved past 0. */
export async function expectPlaying(page: Page) {
  const audio = page.getByTestId("player-audio");
  await expect
    .poll(async () => audio.evaluate((el: HTMLAudioElement) => !el.paused && el.currentTime > 0), {
      timeout: 20_000,
    })
    .toBe(true);
  const src = await audio.evaluate((el: HTMLAudioElement) => el.currentSrc);
  const res = await page.request.get(src, { headers: { range: "bytes=0-1023" } });
  expect([200, 206]).toContain(res.status());
  // The player plays the compressed stream (the WAV is the download).
  expect(res.headers()["content-type"]).toBe("audio/mpeg");
  return src;
}
