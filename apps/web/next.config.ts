import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source; Next compiles them with the app.
  transpilePackages: ["@harmoniq/api", "@harmoniq/auth", "@harmoniq/db", "@harmoniq/music"],
  // Loaded by Node at run time: native/WASM files and dynamic requires that bundling breaks.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "sharp",
    "rate-limiter-flexible",
    "drizzle-orm",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
