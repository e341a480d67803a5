/**
 * From laid-out phones and where Flite spoke them to the PSOLA warp. Consonants play at the
 * (slightly faster) sung rate; a vowel keeps its first and last few tens of milliseconds at
 * speaking rate (the formant transitions to its neighbours carry the consonants) and stretches
 * the steady middle over the note; a diphthong holds its first quality and glides at the end.
 */
import type { Speech } from "./flite-speech";
import type { PlannedPhone } from "./layout";
import type { WarpSegment } from "./psola";

const EDGE = 0.05;
const EDGE_SHARE = 0.25;

export function buildWarp(
  phones: readonly PlannedPhone[],
  speech: Speech,
  gainOf: (phone: PlannedPhone) => number,
): WarpSegment[] {
  const out: WarpSegment[] = [];
  for (const phone of phones) {
    const spoken = speech.phrases[phone.phrase]?.[phone.index];
    if (!spoken) throw new Error(`no spoken phone for ${phone.flite}`);
    const gain = gainOf(phone);
    const { t0, t1 } = phone;
    const { start: s0, end: s1 } = spoken;
    const sung = t1 - t0;
    const said = s1 - s0;
    if (sung <= 0) continue;
    if (!phone.vowel || sung <= said) {
      out.push({ t0, t1, s0, s1, gain });
      continue;
    }
    // Source cut points (head | steady part | tail) and where they land in sung time.
    const head = Math.min(EDGE, EDGE_SHARE * said);
    const tailSaid = phone.diphthong ? 0.45 * said : Math.min(EDGE, EDGE_SHARE * said);
    const tailSung = phone.diphthong ? Math.min(0.35 * sung, tailSaid * 1.5) : tailSaid;
    out.push({ t0, t1: t0 + head, s0, s1: s0 + head, gain });
    out.push({ t0: t0 + head, t1: t1 - tailSung, s0: s0 + head, s1: s1 - tailSaid, gain });
    out.push({ t0: t1 - tailSung, t1, s0: s1 - tailSaid, s1, gain });
  }
  return out;
}
