/**
 * Phase 6 — arrangement: which instruments play in each section and what they play. Sections
 * differ in instrumentation and density (a verse is thinner than its chorus, a pre-chorus builds,
 * EDM's drop arrives after a silent beat, a breakdown strips the drums, the final chorus adds a
 * counter-line and crashes), drums fill into the next section, and the second pass of a repeated
 * progression inside a section varies its comping and drums so no two stretches are copies.
 * Notes are in beats on the grid; the performance phase humanizes them.
 */
import type { Rng } from "../prng";
import type { Genre } from "../profiles";
import { mod12, placePc, scalePitches } from "../theory";
import type { ModeName } from "../theory";
import type { ChordEvent, NoteTuple, SongSectionKind } from "../types";
import type { PlannedSection } from "./form";
import { DRUM, STEP_VELOCITY } from "./grooves";
import type { Lanes } from "./grooves";
import type { Palette, Role, Voice } from "./palettes";
import { isCalm, isShuffled } from "./style";
import type { StylePlan } from "./style";

export interface ArrangedPart {
  id: string;
  role: Role | "drums";
  voice: Voice;
  notes: NoteTuple[];
}

export interface ArrangementPlan {
  parts: ArrangedPart[];
  /** Part ids playing in each section. */
  playing: string[][];
}

interface SectionCtx {
  s: PlannedSection;
  index: number;
  start: number;
  bars: number;
  energy: number;
  next: PlannedSection | null;
  prev: PlannedSection | null;
  chords: ChordEvent[];
  /** The song's guitar rhythm (an index into the rhythm tables below), drawn once per song. */
  riff: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));
const vel = (v: number): number => clamp(Math.round(v), 1, 127);

/**
 * A repeated chorus is not a copy of the last one: every other pass moves the pad up and the
 * arpeggio down an octave, lifts the keys (outside jazz and classical voicings), and adds a
 * shaker or tambourine layer of sixteenths to the drums.
 */
const liftedPass = (s: PlannedSection): boolean => s.kind === "chorus" && s.occurrence % 2 === 1;

/** Who plays in a section, by kind (the palette decides which of these exist). */
function rolesFor(
  kind: SongSectionKind,
  genre: Genre,
  final: boolean,
  occurrence: number,
): Set<Role | "drums"> {
  const r = new Set<Role | "drums">();
  const add = (...xs: (Role | "drums")[]): void => xs.forEach((x) => r.add(x));
  switch (kind) {
    case "intro":
      add("pad", "keys", "arp", "lead");
      if (genre !== "Classical") add("drums");
      if (genre === "Rock" || genre === "Metal") add("rhythmL", "rhythmR", "bass");
      break;
    case "verse":
      add("drums", "bass", "keys", "mute", "lead");
      if (genre === "Classical" || genre === "EDM" || occurrence > 0) add("pad");
      if (genre === "Country" || genre === "Pop" || genre === "R&B") add("rhythmL");
      if (occurrence > 0) add("arp");
      break;
    case "pre-chorus":
      add("drums", "bass", "keys", "pad", "lead", "rhythmL", "rhythmR", "perc", "arp");
      break;
    case "chorus":
      add("drums", "bass", "keys", "pad", "lead", "rhythmL", "rhythmR", "arp", "perc");
      if (final || occurrence > 0 || genre === "Classical") add("counter");
      break;
    case "solo":
      add("drums", "bass", "keys", "pad", "lead", "rhythmL", "rhythmR");
      break;
    case "bridge":
      add("drums", "bass", "keys", "pad", "lead", "counter");
      break;
    case "breakdown":
      add("pad", "arp", "lead", "counter");
      if (genre === "Metal" || genre === "Rock") add("drums", "mute", "bass");
      break;
    case "interlude":
      add("drums", "bass", "keys", "arp", "lead", "pad", "counter");
      break;
    case "outro":
      add("pad", "keys", "bass", "lead", "drums", "arp", "rhythmL", "rhythmR");
      break;
  }
  return r;
}

// ---- voicings -------------------------------------------------------------------------------

/** The inversion of a chord inside [lo, hi] closest to the previous voicing (smooth voice-leading). */
function voiceLead(pcs: number[], prev: number[] | null, lo: number, hi: number): number[] {
  let best: number[] = [];
  let bestCost = Infinity;
  for (let inv = 0; inv < pcs.length; inv++) {
    const order = [...pcs.slice(inv), ...pcs.slice(0, inv)];
    for (let base = lo; base < lo + 12; base++) {
      if (mod12(base) !== mod12(order[0]!)) continue;
      const v: number[] = [base];
      for (const pc of order.slice(1)) v.push(placePc(pc, v[v.length - 1]! + 1));
      if (v[v.length - 1]! > hi) continue;
      const centre = prev ? prev.reduce((a, b) => a + b, 0) / prev.length : (lo + hi) / 2;
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const cost = prev
        ? v.reduce((acc, p, i) => acc + Math.abs(p - (prev[i] ?? centre)), 0)
        : Math.abs(mean - centre);
      if (cost < bestCost) {
        bestCost = cost;
        best = v;
      }
    }
  }
  return best.length > 0 ? best : pcs.map((pc) => placePc(pc, lo));
}

/** Root and fifth (the octave only on held chords: chugs stay tight). */
function powerChord(rootPc: number, low = 40, octave = false): number[] {
  const r = placePc(rootPc, low);
  return octave ? [r, r + 7, r + 12] : [r, r + 7];
}

// ---- drums ----------------------------------------------------------------------------------

/** Cymbals and shakers: what keeps time between the beats. */
const TIMEKEEPERS = new Set<number>([
  DRUM.closedHat,
  DRUM.openHat,
  DRUM.ride,
  DRUM.shaker,
  DRUM.tambourine,
  DRUM.pedalHat,
]);

function lanesFor(style: StylePlan, kind: SongSectionKind): Lanes {
  const g = style.groove;
  switch (kind) {
    case "chorus":
    case "solo":
      return g.chorus;
    case "bridge":
    case "outro":
      return g.bridge;
    default:
      return g.verse;
  }
}

function drumsFor(style: StylePlan, x: SectionCtx, rng: Rng, out: NoteTuple[]): void {
  const { s, start, bars, energy } = x;
  const steps = style.groove.steps;
  const stepBeats = 4 / steps;
  const scale = 0.72 + 0.3 * energy + (s.final ? 0.05 : 0);
  const add = (beat: number, note: number, v: number, len = 0.25): void => {
    out.push([round3(beat), len, note, vel(v * scale + rng.int(-3, 3))]);
  };
  const edm = style.genre === "EDM";
  // Calm songs sit at 60–100 BPM, where aubio's tracker wavers between the beat and its eighths
  // (a busier chorus tracked at double time after a verse at the beat): the hits between the
  // beats step back, cymbals most, so the beat leads.
  const calm = isCalm(style);
  const shuffle = isShuffled(style);
  const lanes = lanesFor(style, s.kind);
  const breakdownKind = s.kind === "breakdown";
  for (let b = 0; b < bars; b++) {
    const t0 = start + b * 4;
    const last = b === bars - 1;
    const secondPass = b >= bars / 2;
    if (s.kind === "intro") {
      // A pulse on the beats through the intro (hats or ride), the kick in its last bar. With the
      // first bar to the chords and the arpeggio alone, aubio's tracker started on the eighths
      // and its tempo (the mean of the beat-to-beat tempi) read 4 % fast.
      const pulse = lanes.ride
        ? DRUM.ride
        : lanes.pedalHat && !lanes.closedHat
          ? DRUM.pedalHat
          : DRUM.closedHat;
      for (let q = 0; q < 4; q++) add(t0 + q, pulse, q === 0 ? 80 : 64);
      if (last) {
        add(t0, DRUM.kick, 90);
        fill(style, t0, rng, add, 1);
      }
      continue;
    }
    if (s.kind === "outro") {
      if (last) {
        add(t0, DRUM.crash, 110, 2);
        add(t0, DRUM.kick, 110);
        continue;
      }
      if (b >= Math.max(1, bars - 2)) {
        add(t0, lanes.ride ? DRUM.ride : DRUM.closedHat, 60);
        continue;
      }
    }
    if (breakdownKind && !(style.genre === "Metal" || style.genre === "Rock")) {
      // Drums out; in EDM a clap on 2 and 4 returns for the last two bars.
      if (edm && b >= bars - 2) for (const q of [1, 3]) add(t0 + q, DRUM.clap, 70);
      continue;
    }
    // Downbeat crash where a section starts (not in verses after a quiet section).
    if (
      b === 0 &&
      (s.kind === "chorus" ||
        s.kind === "solo" ||
        s.kind === "interlude" ||
        (s.kind === "verse" && x.prev?.kind !== "intro"))
    ) {
      add(t0, DRUM.crash, s.kind === "verse" ? 84 : 112, 2);
    }
    if (s.final && b > 0 && b % 4 === 0) add(t0, DRUM.crash, 100, 2);
    // EDM build: an accelerating snare roll, and a silent last beat before the drop.
    if (edm && s.kind === "pre-chorus") {
      const div = b < bars / 2 ? 1 : last ? 4 : 2;
      for (let q = 0; q < 4 * div; q++) {
        const at = t0 + q / div;
        if (last && at >= t0 + 3) break;
        add(at, DRUM.snare, 60 + 40 * ((b * 4 + q / div) / (bars * 4)));
      }
      if (b < bars - 1) for (let q = 0; q < 4; q++) add(t0 + q, DRUM.kick, 100);
      continue;
    }
    const fillHere = last && x.next && x.next.kind !== "breakdown" && x.next.kind !== "outro";
    for (const [lane, pattern] of Object.entries(lanes) as [keyof typeof DRUM, string][]) {
      const note = DRUM[lane];
      for (let step = 0; step < steps; step++) {
        const ch = pattern[step] ?? "-";
        if (ch === "-") continue;
        // A shuffle's hands play its swung eighths, not straight sixteenths between them.
        if (shuffle && steps === 16 && step % 2 === 1 && note !== DRUM.kick) continue;
        const at = t0 + step * stepBeats;
        if (fillHere && at >= t0 + 2 && note !== DRUM.kick) continue;
        let v = STEP_VELOCITY[ch] ?? 80;
        // The second pass opens the hats on the last eighth of every other bar.
        if (secondPass && note === DRUM.closedHat && step === steps - steps / 8 && b % 2 === 1) {
          add(at, DRUM.openHat, v);
          continue;
        }
        if (note === DRUM.crash && step > 0) v -= 10;
        if (calm && step % (steps / 4) !== 0) v = Math.min(v, TIMEKEEPERS.has(note) ? 60 : 76);
        add(at, note, v);
      }
    }
    // Ghost snares and an extra kick vary the bars (played by feel, never twice the same).
    if (style.genre !== "EDM" && style.genre !== "Metal" && (lanes.snare || lanes.rim)) {
      const ghosts = secondPass ? 2 : 1;
      for (let k = 0; k < ghosts; k++) {
        if (!rng.chance(0.5)) continue;
        const step = rng.pick(steps === 16 ? [3, 7, 10, 14, 15] : [2, 5, 8, 11]);
        add(t0 + step * stepBeats, lanes.snare ? DRUM.snare : DRUM.rim, 42);
      }
    }
    if (liftedPass(s) && steps === 16 && style.genre !== "Jazz")
      for (let step = shuffle ? 2 : 1; step < steps; step += shuffle ? 4 : 2)
        add(t0 + step * stepBeats, edm ? DRUM.shaker : DRUM.tambourine, step % 4 === 3 ? 58 : 44);
    if (secondPass && lanes.kick && rng.chance(0.35) && steps === 16)
      add(t0 + rng.pick([1.75, 2.5, 3.5]), DRUM.kick, 84);
    if (fillHere)
      fill(style, t0, rng, add, x.next?.kind === "chorus" || x.next?.kind === "solo" ? 2 : 1);
  }
}

/** A fill over the bar's last `beats` beats: snare and toms descending. */
function fill(
  style: StylePlan,
  t0: number,
  rng: Rng,
  add: (b: number, n: number, v: number) => void,
  beats: number,
): void {
  const toms = [DRUM.highTom, DRUM.midTom, DRUM.lowTom, DRUM.floorTom];
  const startAt = t0 + 4 - beats;
  const div =
    style.genre === "Jazz" || style.groove.steps === 12
      ? 3
      : style.genre === "Metal" || style.genre === "Rock"
        ? 4
        : 2;
  const n = beats * div;
  const kind = rng.int(0, 2);
  for (let i = 0; i < n; i++) {
    const at = startAt + i / div;
    const pos = i / n;
    const drum =
      kind === 0
        ? DRUM.snare
        : kind === 1
          ? toms[Math.min(3, Math.floor(pos * 4))]!
          : i % 2 === 0
            ? DRUM.snare
            : toms[Math.min(3, Math.floor(pos * 4))]!;
    add(at, drum, 70 + 40 * pos);
  }
  if (style.genre !== "Jazz") add(startAt, DRUM.kick, 90);
}

// ---- bass -----------------------------------------------------------------------------------

function bassFor(
  style: StylePlan,
  x: SectionCtx,
  tonicPc: number,
  mode: ModeName,
  rng: Rng,
  out: NoteTuple[],
): void {
  const { s, chords, energy } = x;
  const low =
    style.genre === "Classical"
      ? 36
      : style.bassStyle === "long" || style.genre === "EDM"
        ? 28
        : 31;
  const v = 84 + energy * 26;
  const scale = new Set(scalePitches(tonicPc, mode, 0, 127).map(mod12));
  const style2 =
    s.kind === "breakdown" || s.kind === "intro" || s.kind === "outro" ? "roots" : style.bassStyle;
  chords.forEach((c, i) => {
    const t0 = c.startBeat;
    const r = placePc(c.rootPc, low);
    const fifthPc = c.pcs.length > 2 ? c.pcs[2]! : c.pcs[1]!;
    const fifth = placePc(fifthPc, r);
    const next = chords[i + 1];
    const lastBar = i === chords.length - 1 && !x.next;
    const second = i >= chords.length / 2;
    if (lastBar || (s.kind === "outro" && i === chords.length - 1)) {
      out.push([t0, 3.8, r, vel(v)]);
      return;
    }
    const push = (at: number, d: number, p: number, vv: number): void => {
      out.push([round3(t0 + at), round3(d), p, vel(vv)]);
    };
    switch (style2) {
      case "roots":
        push(0, 1.9, r, v);
        push(2, 1.9, rng.chance(0.5) ? r : fifth, v - 10);
        break;
      case "eighths":
        for (let k = 0; k < 8; k++)
          push(k * 0.5, 0.42, second && k === 7 ? fifth : r, v - (k % 2 ? 12 : 0));
        break;
      case "gallop":
        for (let b = 0; b < 4; b++) {
          push(b, 0.45, r, v);
          push(b + 0.5, 0.22, r, v - 12);
          push(b + 0.75, 0.22, r, v - 12);
        }
        break;
      case "walking": {
        const third = placePc(c.pcs[1] ?? c.rootPc + 4, r);
        const target = next ? placePc(next.rootPc, low) : r;
        let approach = target - 1;
        if (!scale.has(mod12(approach))) approach = target + 1;
        const line = [
          r,
          rng.chance(0.5) ? third : fifth,
          rng.chance(0.5) ? fifth : third + (third + 12 <= 52 ? 12 : 0),
          approach,
        ];
        line.forEach((p, k) => push(k, 0.9, p, v - (k === 0 ? 0 : 10)));
        break;
      }
      case "boom-chick":
        push(0, 0.9, r, v);
        push(2, 0.9, fifth - (fifth - r > 7 ? 12 : 0), v - 8);
        if (second && rng.chance(0.5)) push(3.5, 0.4, r + 12 > 50 ? r : r + 12, v - 16);
        break;
      case "offbeat":
        for (let b = 0; b < 4; b++) push(b + 0.5, 0.4, r, v);
        if (second) push(3.75, 0.2, r + 12, v - 20);
        break;
      case "octaves":
        for (let k = 0; k < 8; k++) push(k * 0.5, 0.4, k % 2 ? r + 12 : r, v - (k % 2 ? 10 : 0));
        break;
      case "long":
        // Calm songs put the second note on beat 3: pushed to the "and", it pulls aubio's
        // tempo off the beat (1.35×) at slow tempi.
        if (isCalm(style)) {
          push(0, 1.9, r, v);
          push(2, 1.9, second && rng.chance(0.5) ? fifth : r, v - 8);
        } else {
          push(0, 2.4, r, v);
          push(2.5, 1.4, second && rng.chance(0.5) ? fifth : r, v - 8);
        }
        break;
      case "arpeggio": {
        const seq = [r, fifth, r + 12, fifth];
        seq.forEach((p, k) => push(k, 0.95, p, v - (k === 0 ? 0 : 12)));
        break;
      }
      default: {
        // Syncopated pop / R&B.
        const pat: [number, number][] = second
          ? [
              [0, 1.4],
              [1.5, 0.45],
              [2.5, 0.45],
              [3, 0.45],
              [3.5, 0.45],
            ]
          : [
              [0, 1.4],
              [1.5, 0.45],
              [2.5, 0.9],
              [3.5, 0.45],
            ];
        for (const [at, d] of pat)
          push(at, d, at === 3.5 && rng.chance(0.4) ? fifth : r, v - (at === 0 ? 0 : 8));
      }
    }
  });
}

// ---- comping --------------------------------------------------------------------------------

// Guitar rhythms (beats in the bar), one drawn per song: with one rhythm a genre, two seeds'
// onsets folded onto a bar correlated 0.95–0.99 in Rock and Metal. Every rhythm keeps beats 1
// and 3, so the beat stays where the drums put it; the first of each list is the written one.
const ROCK_CHUGS = [
  [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5],
  [0, 0.5, 1.5, 2, 2.5, 3.5],
  [0, 0.75, 1.5, 2, 2.5, 3, 3.5],
  [0, 0.25, 0.5, 1, 2, 2.25, 2.5, 3],
];
const METAL_CHUGS = [
  [0, 0.5, 0.75, 1, 1.5, 1.75, 2, 2.5, 2.75, 3, 3.5, 3.75],
  [0, 0.25, 0.5, 1, 1.25, 1.5, 2, 2.25, 2.5, 3, 3.25, 3.5],
  [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.25, 2.5, 2.75, 3, 3.5],
  [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.25, 3.5, 3.75],
];
const COUNTRY_STRUMS = [
  [0, 1, 1.5, 2, 2.5, 3, 3.5],
  [0, 1, 1.5, 2, 3, 3.5],
  [0, 0.5, 1.5, 2, 2.5, 3.5],
  [0, 1, 1.75, 2, 3, 3.75],
];
const STRUMS = [
  [0, 1, 1.5, 2.5, 3, 3.5],
  [0, 0.75, 1.5, 2, 3, 3.5],
  [0, 1.5, 2, 2.75, 3.5],
  [0, 0.5, 1, 2, 2.5, 3],
];
const UP_STRUMS = [
  [0.5, 1.5, 2.5, 3.5],
  [0.75, 1.5, 2.75, 3.5],
  [0.5, 1.75, 2.5, 3.75],
  [0.5, 1.5, 2.5, 3.5],
];

function compFor(
  style: StylePlan,
  role: "keys" | "pad" | "rhythmL" | "rhythmR" | "mute" | "arp" | "counter" | "perc",
  x: SectionCtx,
  melody: NoteTuple[],
  tonicPc: number,
  mode: ModeName,
  rng: Rng,
  out: NoteTuple[],
): void {
  const { s, chords, energy } = x;
  const v = 62 + energy * 30;
  let prev: number[] | null = null;
  const genre = style.genre;
  chords.forEach((c, i) => {
    const t0 = c.startBeat;
    const len = c.beats;
    const second = i >= chords.length / 2;
    const push = (at: number, d: number, ps: number[], vv: number, spread = 0): void => {
      ps.forEach((p, k) => out.push([round3(t0 + at + k * spread), round3(d), p, vel(vv)]));
    };
    const finalBar = !x.next && i === chords.length - 1;
    switch (role) {
      case "pad": {
        const up = liftedPass(s) ? 12 : 0;
        const vs = voiceLead(c.pcs, prev, 52 + up, 76 + up);
        prev = vs;
        push(0, len - 0.05, vs, v - 12);
        break;
      }
      case "keys": {
        const up = liftedPass(s) && genre !== "Jazz" && genre !== "Classical" ? 7 : 0;
        const vs = voiceLead(c.pcs, prev, (genre === "Jazz" ? 50 : 55) + up, 79 + up);
        prev = vs;
        // Classical's piano keeps its figure through intro and outro: with held chords there,
        // aubio tracked the beat in them and double time in between (Chill seed 5099: the
        // mean of its beat-to-beat tempi 164 BPM for 87.7 planned; 174.5 with the figure).
        const held =
          s.kind === "breakdown" ||
          ((s.kind === "intro" || s.kind === "outro") && genre !== "Classical");
        if (finalBar || held) {
          push(0, len - 0.1, vs, v - 6, 0.02);
          break;
        }
        switch (style.comp) {
          case "stabs": {
            const spots = second ? [0, 1.5, 2.75] : [0, 0.75, 2.5];
            for (const at of spots) push(at, 0.35, vs, v);
            break;
          }
          case "offbeat":
            for (let b = 0; b < 4; b++) push(b + 0.5, 0.3, vs, v - (b % 2 ? 6 : 0));
            break;
          case "arpeggio": {
            const up = [...vs, vs[0]! + 12, ...vs.slice(1).map((p) => p + 12)];
            let seq = second ? [...up].reverse() : up;
            if (genre === "Classical") {
              // An Alberti figure (low, high, middle, high): its lower note on every beat and its
              // high note on every "and" repeat each beat. A triad's six-note run (up an octave
              // and back) wrapped after three beats, a period that competed with the beat (aubio
              // read Classical/Happy seed 5008 4.4 % fast; 0.5 % with this figure). The second
              // half takes the next inversion up.
              const [lo, mid, hi] = second
                ? [vs[1]!, vs[2]!, vs[0]! + 12]
                : [vs[0]!, vs[1]!, vs[2]!];
              seq = [lo, hi, mid, hi];
            }
            // Classical has no drums: the arpeggio leans on its beats (the bar's first most) so
            // the pulse reads as quarters, not as a stream of even eighths.
            const accent = (k: number): number =>
              genre === "Classical" ? (k === 0 ? 6 : k % 2 ? -18 : 0) : k % 2 ? -10 : 0;
            for (let k = 0; k < 8; k++)
              out.push([round3(t0 + k * 0.5), 0.45, seq[k % seq.length]!, vel(v + accent(k))]);
            break;
          }
          case "shell": {
            // Root, third and seventh (or sixth): the root stays in the middle register.
            const root = placePc(c.rootPc, 50);
            const shell = [
              root,
              placePc(c.pcs[1] ?? c.rootPc, root + 1),
              placePc(c.pcs[3] ?? c.pcs[2] ?? c.rootPc, root + 1),
            ].sort((a, b) => a - b);
            // Charleston rhythm, then anticipations on the second pass.
            const spots = second ? [0.5, 2.5] : [0, 1.5];
            for (const at of spots) push(at, 0.8, shell, v - 4);
            break;
          }
          case "sustain":
            push(0, len - 0.1, vs, v - 8, 0.01);
            if (second) push(2.5, 1.3, vs.slice(-2), v - 16);
            break;
          default:
            // Block chords: half notes (quarters on the second pass of a chorus).
            if (second && s.kind === "chorus")
              for (let b = 0; b < 4; b++) push(b, 0.9, vs, v - (b % 2 ? 8 : 0));
            else {
              push(0, 1.9, vs, v);
              push(2, 1.9, vs, v - 8);
            }
        }
        break;
      }
      case "rhythmL":
      case "rhythmR": {
        const right = role === "rhythmR";
        if (genre === "Rock" || genre === "Metal") {
          // Root, fifth and octave: with a low root under C3 the octave keeps the root heard.
          const pc = powerChord(c.rootPc, genre === "Metal" ? 38 : 40, true);
          if (
            s.kind === "intro" ||
            s.kind === "outro" ||
            finalBar ||
            (s.kind === "pre-chorus" && !second)
          ) {
            push(0, len - 0.1, powerChord(c.rootPc, genre === "Metal" ? 38 : 40, true), v + 4);
            break;
          }
          const chugs = (genre === "Metal" ? METAL_CHUGS : ROCK_CHUGS)[x.riff]!;
          const open = s.kind === "chorus" && (second || s.final) ? [0, 1.5, 2, 3.5] : null;
          // The chord's third on top of the bar's first hit (and the left guitar's third beat):
          // the riff says major or minor (distortion's overtones would otherwise say major)
          // without muddying every chug.
          const third = placePc(c.pcs[1] ?? c.rootPc, pc[2]! + 1);
          const withThird = (at: number): number[] => (at === 0 || at === 2 ? [...pc, third] : pc);
          if (open)
            for (const at of open)
              push(at, at === 0 || at === 2 ? 1.4 : 0.45, withThird(at), v + 6);
          else for (const at of chugs) push(at, 0.3, withThird(at), v + (at % 1 === 0 ? 4 : -6));
        } else {
          // Strummed acoustic / clean guitar: down on beats, up on the "and"s; the right side plays higher.
          const vs = voiceLead(c.pcs, prev, right ? 59 : 52, right ? 81 : 72);
          prev = vs;
          if (finalBar) {
            push(0, len - 0.1, vs, v, 0.015);
            break;
          }
          const hits = (genre === "Country" ? COUNTRY_STRUMS : right ? UP_STRUMS : STRUMS)[x.riff]!;
          // Calm songs' up-strums are lighter (see `drumsFor`).
          const up = isCalm(style) ? 22 : 12;
          for (const at of hits) {
            const down = at % 1 === 0;
            const order = down ? vs : [...vs].reverse();
            order.forEach((p, k) =>
              out.push([
                round3(t0 + at + k * 0.012),
                down ? 0.7 : 0.35,
                p,
                vel(v - (down ? 0 : up)),
              ]),
            );
          }
        }
        break;
      }
      case "mute": {
        // A palm-muted riff: chugs on the root, with the chord's third and fifth as riff notes.
        const r = placePc(c.rootPc, genre === "Metal" ? 38 : 40);
        const third = placePc(c.pcs[1] ?? c.rootPc, r + 1);
        const fifth = r + 7;
        const n = genre === "Metal" ? 16 : 8;
        const riff = second
          ? [0, 0, third, 0, 0, fifth, 0, third]
          : [0, 0, 0, third, 0, 0, fifth, 0];
        for (let k = 0; k < n; k++) {
          const at = (k * 4) / n;
          if (second && k === n - 1) continue;
          const note = riff[k % 8]!;
          out.push([round3(t0 + at), 0.2, note === 0 ? r : note, vel(v + 6 - (k % 2 ? 10 : 0))]);
          if (k % 4 === 0) out.push([round3(t0 + at), 0.2, fifth, vel(v)]);
        }
        break;
      }
      case "arp": {
        const down = liftedPass(s) ? 12 : 0;
        const vs = voiceLead(c.pcs, prev, 64 - down, 84 - down);
        prev = vs;
        const seq = [...vs, vs[0]! + 12, vs[1]! + 12];
        const div = genre === "EDM" || genre === "Country" ? 4 : 2;
        const pattern = second ? [0, 2, 1, 3, 2, 4, 3, 1] : [0, 1, 2, 3, 4, 3, 2, 1];
        if (s.kind === "breakdown" || s.kind === "intro") {
          // Its "and"s lighter: alone with the chords here, aubio's tracker took even eighths
          // for the beat.
          for (let k = 0; k < 8; k++)
            out.push([
              round3(t0 + k * 0.5),
              0.9,
              seq[pattern[k]! % seq.length]!,
              vel(v - 14 - (k % 2 ? 12 : 0)),
            ]);
          break;
        }
        // In calm songs its notes between the beats are lighter still (see `drumsFor`).
        const between = isCalm(style) ? 16 : 8;
        for (let k = 0; k < 4 * div; k++)
          out.push([
            round3(t0 + k / div),
            round3(0.8 / div),
            seq[pattern[k % 8]! % seq.length]!,
            vel(v - 8 - (k % div ? between : 0)),
          ]);
        break;
      }
      case "counter": {
        // Final chorus: a harmony a third below the melody; elsewhere sustained upper chord tones.
        const inBar = melody.filter((n) => n[0] >= t0 - 1e-6 && n[0] < t0 + len - 1e-6);
        if (s.final && inBar.length > 0) {
          const sc = scalePitches(tonicPc, mode, 36, 96);
          for (const n of inBar) {
            const k = sc.indexOf(n[2]);
            if (k < 2) continue;
            out.push([n[0], n[1], sc[k - 2]!, vel(n[3] - 18)]);
          }
        } else {
          const top = voiceLead(c.pcs, prev, 67, 86);
          prev = top;
          const note = top[top.length - 1]!;
          out.push([round3(t0), round3(len - 0.1), note, vel(v - 10)]);
        }
        break;
      }
      case "perc": {
        // Timpani: the root on downbeats of big sections, a roll into the next one.
        const r = placePc(c.rootPc, 41);
        if (s.kind === "pre-chorus" && i === chords.length - 1) {
          for (let k = 0; k < 16; k++) out.push([round3(t0 + k / 4), 0.25, r, vel(50 + k * 4)]);
        } else if (i % 2 === 0) out.push([t0, 1.5, r, vel(v + 10)]);
        break;
      }
    }
  });
  void rng;
}

// ---- assembly -------------------------------------------------------------------------------

const ROLE_ORDER: (Role | "drums")[] = [
  "lead",
  "counter",
  "keys",
  "pad",
  "rhythmL",
  "rhythmR",
  "bass",
  "arp",
  "mute",
  "drums",
  "perc",
];

export function planArrangement(
  sections: PlannedSection[],
  chords: ChordEvent[],
  melody: NoteTuple[],
  style: StylePlan,
  tonicPc: number,
  mode: ModeName,
  rng: Rng,
): ArrangementPlan {
  const palette: Palette = style.palette;
  const voices: Partial<Record<Role | "drums", Voice>> = {
    lead: palette.lead,
    counter: palette.counter,
    keys: palette.keys,
    pad: palette.pad,
    rhythmL: palette.rhythm,
    rhythmR: palette.rhythm,
    mute: palette.mute,
    bass: palette.bass,
    arp: palette.arp,
    drums: palette.kit ?? undefined,
    perc: palette.perc,
  };
  const notes = new Map<Role | "drums", NoteTuple[]>();
  for (const role of ROLE_ORDER) if (voices[role]) notes.set(role, []);
  const playing: string[][] = [];
  const riff = rng.fork("riff").int(0, ROCK_CHUGS.length - 1);
  let bar = 0;
  sections.forEach((s, index) => {
    const start = bar * 4;
    const secChords = chords.filter(
      (c) => c.startBeat >= start && c.startBeat < start + s.bars * 4,
    );
    bar += s.bars;
    const x: SectionCtx = {
      s,
      index,
      start,
      bars: s.bars,
      energy: Math.min(
        1,
        (s.final ? 1 : 0.9) * (0.35 + 0.65 * sectionEnergy(s.kind)) + (s.final ? 0.1 : 0),
      ),
      next: sections[index + 1] ?? null,
      prev: sections[index - 1] ?? null,
      chords: secChords,
      riff,
    };
    const roles = rolesFor(s.kind, style.genre, s.final, s.occurrence);
    // A thin palette (no keys) lets the pad or rhythm guitar carry the harmony in every section.
    if (!voices.keys && voices.pad) roles.add("pad");
    const here: string[] = [];
    for (const role of ROLE_ORDER) {
      if (!roles.has(role) || !notes.has(role)) continue;
      const rr = rng.fork(`${role}:${index}`);
      const out = notes.get(role)!;
      const before = out.length;
      if (role === "lead")
        out.push(...melody.filter((n) => n[0] >= start - 1e-6 && n[0] < start + s.bars * 4 - 1e-6));
      else if (role === "drums") drumsFor(style, x, rr, out);
      else if (role === "bass") bassFor(style, x, tonicPc, mode, rr, out);
      else compFor(style, role, x, melody, tonicPc, mode, rr, out);
      if (out.length > before) here.push(role);
    }
    playing.push(here);
  });
  const parts: ArrangedPart[] = [];
  for (const role of ROLE_ORDER) {
    const v = voices[role];
    const n = notes.get(role);
    if (!v || !n) continue;
    if (n.length === 0 && role !== "lead") continue;
    parts.push({ id: role, role, voice: v, notes: n.sort((a, b) => a[0] - b[0] || a[2] - b[2]) });
  }
  // The lead keeps the melody's order (lyrics point at its notes by index).
  const lead = parts.find((p) => p.id === "lead");
  if (lead) lead.notes = melody.slice();
  return { parts, playing };
}

function sectionEnergy(kind: SongSectionKind): number {
  return {
    intro: 0.35,
    verse: 0.55,
    "pre-chorus": 0.7,
    chorus: 0.9,
    bridge: 0.5,
    solo: 0.85,
    breakdown: 0.3,
    interlude: 0.5,
    outro: 0.4,
  }[kind];
}
