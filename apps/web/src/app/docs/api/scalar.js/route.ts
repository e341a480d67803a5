import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

export const dynamic = "force-dynamic";

let bundle: Promise<Buffer> | undefined;

/**
 * Scalar's standalone bundle (4.8 MB), read once from the installed package: the reference page
 * loads no script from a CDN. Resolved from the app's own package.json (bundled route code has
 * no usable import.meta.url for createRequire).
 */
function scalarBundle(): Promise<Buffer> {
  bundle ??= (async () => {
    const entry = createRequire(join(process.cwd(), "package.json")).resolve(
      "@scalar/api-reference",
    );
    return readFile(join(entry, "..", "browser", "standalone.js"));
  })().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

export async function GET() {
  return new Response(new Uint8Array(await scalarBundle()), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    },
  });
}
