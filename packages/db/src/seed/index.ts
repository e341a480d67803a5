// @harmoniq/db/seed: data for development and benchmarks, never loaded by the app itself.
export { seedDemo, type SeedSummary } from "./demo";
export { seedAtScale, type ScaleSeedOptions, type ScaleSeedResult } from "./scale";
