/** The composer: request → Composition. New songs use engine 2; engine 1 stays for stored songs. */
import type { CompositionRequest, Engine2Composition } from "./types";
import { composeEngine2 } from "./compose/index";

export { ENGINE2_VERSION as ENGINE_VERSION } from "./types";
export { composeEngine1, ENGINE1_VERSION } from "./compose/engine1";
export { composeEngine2 } from "./compose/index";
export { vocalNotes } from "./compose/vocal-notes";
export { extendComposition, replaceSectionComposition, MIN_EXTENSION_SEC } from "./compose/studio";
export type { ExtendOptions, ReplaceSectionOptions } from "./compose/studio";
export { coverComposition, COVER_KEEPS } from "./compose/cover";
export { originalOf } from "./compose/origin";
export type { CoverKeep, CoverOptions } from "./compose/cover";

/** Compose a new song (engine 2). */
export function compose(request: CompositionRequest): Engine2Composition {
  return composeEngine2(request);
}
