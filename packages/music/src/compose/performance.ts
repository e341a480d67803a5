/**
 * Phase 7 — performance: the players. Swing, timing and velocity spread by genre (none on EDM's
 * grid; the two rhythm guitars are humanized separately, so the doubled part is really two
 * takes), expression swells (CC11) on pads and sustained leads, vibrato (CC1) on long notes,
 * pitch bends into guitar-lead notes, sustain pedal on pianos, and the mix placement of each part
 * (level, pan, reverb send).
 */
import type { Rng } from "../prng";
import type { Genre } from "../profiles";
import type { BendEvent, ControllerEvent, NoteTuple, Part, StemName } from "../types";
import type { ArrangementPlan, ArrangedPart } from "./arrangement";
import type { PlannedSection } from "./form";
import type { StylePlan } from "./style";

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

interface Placement {
  channel: number;
  stem: Exclude<StemName, "vocals">;
  volume: number;
  pan: number;
  reverb: number;
}

const PLACEMENT: Record<string, Placement> = {
  lead: { channel: 0, stem: "lead", volume: 112, pan: 0, reverb: 0.3 },
  counter: { channel: 1, stem: "harmony", volume: 82, pan: 0.55, reverb: 0.4 },
  keys: { channel: 2, stem: "harmony", volume: 86, pan: -0.5, reverb: 0.3 },
  pad: { channel: 3, stem: "harmony", volume: 76, pan: 0.35, reverb: 0.5 },
  rhythmL: { channel: 4, stem: "harmony", volume: 90, pan: -0.85, reverb: 0.15 },
  rhythmR: { channel: 5, stem: "harmony", volume: 90, pan: 0.85, reverb: 0.15 },
  bass: { channel: 6, stem: "bass", volume: 100, pan: 0, reverb: 0 },
  arp: { channel: 7, stem: "harmony", volume: 70, pan: 0.7, reverb: 0.45 },
  mute: { channel: 8, stem: "harmony", volume: 92, pan: -0.6, reverb: 0.1 },
  drums: { channel: 9, stem: "drums", volume: 108, pan: 0, reverb: 0.18 },
  perc: { channel: 10, stem: "drums", volume: 88, pan: -0.35, reverb: 0.45 },
};

/** CC72 release time per part (64 = the instrument's own release). */
const RELEASE: Record<string, number> = {
  arp: 36,
  keys: 48,
  rhythmL: 40,
  rhythmR: 40,
  mute: 32,
  counter: 56,
  pad: 56,
  drums: 48,
};

/** Per-genre level changes (CC7 steps) on top of the defaults. */
const BALANCE: Partial<Record<Genre, Partial<Record<string, number>>>> = {
  Metal: { rhythmL: 4, rhythmR: 4, mute: 6, lead: 6, drums: -4, pad: 24 },
  Rock: { rhythmL: 6, rhythmR: 6, mute: 4, drums: -4, pad: 12, keys: 6 },
  Classical: { pad: 18, counter: 10, keys: 4 },
  Jazz: { drums: -10, keys: 6 },
  "Hip-Hop": { bass: 8, drums: 0, pad: 4 },
  EDM: { pad: 14, arp: 10, bass: 6 },
  "R&B": { keys: 6, pad: 6 },
  Country: { rhythmL: 6, rhythmR: 4, bass: -8 },
};

/**
 * Per-genre pan positions (−1 left … 1 right) over the defaults. A jazz combo has no doubled
 * guitars or pads to spread, so its width comes from where the players stand: piano left, vibes
 * or the second keys right, the horn right of centre, the bass a little left, the kit a little
 * right (the kit's own stereo image stays around it).
 */
const PAN: Partial<Record<Genre, Partial<Record<string, number>>>> = {
  Jazz: { keys: -0.7, counter: 0.7, lead: 0.3, bass: -0.25, drums: 0.2 },
};

/** Programs that sustain (bowed, blown, synth leads): they get swells and vibrato. */
const SUSTAINED = new Set([
  40, 41, 42, 43, 48, 49, 50, 52, 56, 59, 60, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 80,
  81, 82, 83, 89, 90, 94, 95, 110, 22,
]);
const GUITAR_LEADS = new Set([26, 27, 29, 30]);
const PIANOS = new Set([0, 1, 2, 3, 4, 5]);

/** A sum of two uniforms: a cheap bell-shaped spread in [−1, 1]. */
const spread = (rng: Rng): number => rng.next() + rng.next() - 1;

/**
 * Swing as a warp of each pair of swing units (eighths, or sixteenths in hip-hop and R&B): the
 * off-beat falls `swing` of a unit late and the grid notes between stretch or squeeze with it,
 * so a sixteenth before the off-beat never lands after it. Off-grid notes (written triplets)
 * keep their place.
 */
function swingBeat(beat: number, swing: number, sixteenths: boolean): number {
  if (swing <= 0) return beat;
  const pair = sixteenths ? 0.5 : 1;
  const quarterUnits = beat / (pair / 4);
  if (Math.abs(quarterUnits - Math.round(quarterUnits)) > 1e-6) return beat;
  const start = Math.floor(beat / pair + 1e-9) * pair;
  const f = (beat - start) / pair;
  const mid = 0.5 * (1 + swing);
  return start + pair * (f < 0.5 ? f * 2 * mid : mid + (f - 0.5) * 2 * (1 - mid));
}

/** Drummers play the backbeat a touch late in laid-back genres, hats a touch early in rock. */
function drumOffsetMs(genre: Genre, note: number): number {
  if (genre === "Hip-Hop" || genre === "R&B") return note === 38 || note === 39 ? 9 : 0;
  if (genre === "Rock" || genre === "Metal") return note === 42 || note === 46 ? -3 : 0;
  return 0;
}

function humanize(p: ArrangedPart, style: StylePlan, tempo: number, rng: Rng): NoteTuple[] {
  const msToBeats = tempo / 60000;
  const sixteenths = style.genre === "Hip-Hop" || style.genre === "R&B";
  const swing = p.role === "drums" && style.groove.steps === 12 ? 0 : style.swing;
  const timing =
    p.role === "drums"
      ? style.timingMs * 0.6
      : p.role === "pad"
        ? style.timingMs * 1.5
        : style.timingMs;
  const layBack = p.role === "bass" ? 3 : p.role === "lead" ? 4 : 0;
  return p.notes.map(([b, d, n, v]) => {
    const swung = swingBeat(b, swing, sixteenths);
    const offMs =
      (timing > 0 ? spread(rng) * timing * 1.4 : 0) +
      (p.role === "drums" ? drumOffsetMs(style.genre, n) : layBack);
    const at = Math.max(0, swung + offMs * msToBeats);
    const vv = clamp(Math.round(v + spread(rng) * style.velocitySd), 1, 127);
    return [round3(at), round3(Math.max(0.05, d)), n, vv];
  });
}

function expression(
  p: ArrangedPart,
  sections: PlannedSection[],
  program: number,
): { cc: ControllerEvent[]; bends: BendEvent[] } {
  const cc: ControllerEvent[] = [];
  const bends: BendEvent[] = [];
  let bar = 0;
  for (const s of sections) {
    const start = bar * 4;
    const beats = s.bars * 4;
    bar += s.bars;
    if (p.role === "pad" || p.role === "counter") {
      // Sections breathe: intros and builds swell, everything else sits at a steady level.
      const from =
        s.kind === "pre-chorus" ? 64 : s.kind === "intro" ? 48 : s.kind === "breakdown" ? 60 : 100;
      const to =
        s.kind === "pre-chorus" || s.kind === "intro" || s.kind === "breakdown"
          ? 122
          : s.kind === "outro"
            ? 70
            : 108;
      const steps = Math.max(2, s.bars * 2);
      for (let k = 0; k <= steps; k++)
        cc.push([
          round3(start + (k * beats) / steps),
          11,
          Math.round(from + ((to - from) * k) / steps),
        ]);
    }
  }
  if (p.role === "lead" && SUSTAINED.has(program)) {
    for (const [b, d] of p.notes) {
      if (d < 0.9) continue;
      // A swell and a vibrato that blooms late in long notes, reset before the next.
      cc.push([round3(b), 11, 96], [round3(b + d * 0.4), 11, 116], [round3(b + d * 0.9), 11, 104]);
      cc.push(
        [round3(b), 1, 0],
        [round3(b + d * 0.45), 1, 28],
        [round3(b + d * 0.75), 1, 56],
        [round3(b + d), 1, 0],
      );
    }
  }
  if (p.role === "lead" && GUITAR_LEADS.has(program)) {
    p.notes.forEach(([b, d], i) => {
      // Bend into every third long note from a semitone below; vibrato on held ones.
      if (d >= 0.75 && i % 3 === 0) {
        bends.push(
          [round3(b), -4096],
          [round3(b + 0.06), -2600],
          [round3(b + 0.12), -1000],
          [round3(b + 0.18), 0],
        );
      }
      if (d >= 1.2) cc.push([round3(b + d * 0.4), 1, 48], [round3(b + d), 1, 0]);
    });
  }
  const sortEv = <T extends [number, ...number[]]>(xs: T[]): T[] =>
    xs.sort((a, b) => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0));
  return { cc: sortEv(cc), bends: sortEv(bends) };
}

/** Sustain pedal changed every half bar (with the harmony), lifted just before each change. */
function pedal(notes: NoteTuple[], totalBeats: number): ControllerEvent[] {
  const cc: ControllerEvent[] = [];
  const halves = new Set(notes.map((n) => Math.floor(n[0] / 2)));
  for (let h = 0; h * 2 < totalBeats; h++) {
    if (!halves.has(h)) continue;
    if (h > 0) cc.push([round3(h * 2 - 0.06), 64, 0]);
    cc.push([round3(h * 2 + 0.05), 64, 127]);
  }
  cc.push([round3(totalBeats), 64, 0]);
  return cc;
}

export function planPerformance(
  arrangement: ArrangementPlan,
  sections: PlannedSection[],
  style: StylePlan,
  tempo: number,
  totalBeats: number,
  rng: Rng,
): Part[] {
  return arrangement.parts.map((p) => {
    const place = PLACEMENT[p.id] ?? PLACEMENT.keys!;
    const balance = BALANCE[style.genre]?.[p.id] ?? 0;
    const notes = humanize(p, style, tempo, rng.fork(`take:${p.id}`));
    const performed: ArrangedPart = { ...p, notes };
    const { cc, bends } = expression(performed, sections, p.voice.program);
    const usePedal =
      p.role === "keys" &&
      PIANOS.has(p.voice.program) &&
      (style.genre === "Classical" || style.genre === "Pop" || style.genre === "R&B") &&
      style.comp !== "stabs" &&
      style.comp !== "offbeat";
    // Release time (CC72): shorter tails for plucked and struck parts keep the mix clear (and the
    // synth's voice count down); pads and leads keep their natural release.
    const release = p.voice.release ?? RELEASE[p.id];
    const head: ControllerEvent[] = release !== undefined ? [[0, 72, release]] : [];
    const controllers = [...head, ...cc, ...(usePedal ? pedal(notes, totalBeats) : [])].sort(
      (a, b) => a[0] - b[0] || a[1] - b[1],
    );
    const part: Part = {
      id: p.id,
      name:
        p.id === "rhythmL"
          ? `${p.voice.name} (left)`
          : p.id === "rhythmR"
            ? `${p.voice.name} (right)`
            : p.voice.name,
      stem: place.stem,
      channel: place.channel,
      program: p.voice.program,
      bank: p.voice.bank ?? 0,
      drums: p.role === "drums",
      volume: clamp(place.volume + balance, 0, 127),
      pan: PAN[style.genre]?.[p.id] ?? place.pan,
      reverb: round3(place.reverb * (0.55 + style.reverb)),
      notes,
      controllers,
      bends,
    };
    return part;
  });
}
