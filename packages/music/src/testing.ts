/** `@harmoniq/music/testing`: hooks for other packages' tests (never used by the product). */
export { crashOneWorkerForTesting } from "./render-pool";
export { differingFrames, wavCorrelation } from "./test-utils";
