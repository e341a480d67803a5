/**
 * Phase 5 — melody: the sung line (or the lead's line in instrumental songs) and the composed
 * instrumental melodies (solos, interludes, intro and outro hooks).
 *
 * Sung lines follow the words: each syllable's stress (pronouncing dictionary) puts stressed
 * syllables on strong beats, consonant-heavy syllables get longer notes, a long syllable may
 * carry two notes (a melisma), and every line ends with a breath. Choruses repeat their hook
 * (same rhythm and contour for lines of the same length), and the melody stays in the voice's
 * range when the song is sung.
 */
import { sungSyllables } from "../phonetics";
import type { Rng } from "../prng";
import type { Genre } from "../profiles";
import { isCalm } from "./style";
import type { StylePlan } from "./style";
import { MODES, mod12, scalePitches } from "../theory";
import type { ModeName } from "../theory";
import type { ChordEvent, LyricLine2, NoteTuple, SongSectionKind } from "../types";
import type { PlannedSection } from "./form";

export interface MelodyPlan {
  notes: NoteTuple[];
  lines: LyricLine2[];
  /** Phrase-final note indices (a breath follows). */
  phraseEnds: number[];
}

interface Ctx {
  /** The tonic triad's pitch classes: tonic, third, fifth. */
  triad: number[];
  minor: boolean;
  rng: Rng;
  tonicPc: number;
  mode: ModeName;
  chords: ChordEvent[];
  genre: Genre;
  range: [number, number];
  /** A song of eight bars or fewer: its melody must state the tonic itself (no time for cadences). */
  short: boolean;
  /** Modes whose short melodies lean on the tonic (see phrasePitches): minor, phrygian, major. */
  tonicLean: boolean;
  /**
   * A calm song at a slow tempo: its sung line keeps its onsets on the beat (see `beatRhythm`),
   * else eighth-note syllables make the mix's pulse read at double time.
   */
  steady?: boolean;
}

/**
 * Calm songs (as `drumsFor` counts them) below this tempo sing on the beat. Not Classical: with
 * no drums its pulse is the basses' arpeggio, and a line on the beat blurs it.
 */
export const steadyLine = (style: Pick<StylePlan, "genre" | "energy">, tempo: number): boolean =>
  style.genre !== "Classical" && isCalm(style) && tempo < 95;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

function chordAt(ctx: Ctx, beat: number): ChordEvent {
  const bar = clamp(Math.floor(beat / 4), 0, ctx.chords.length - 1);
  return ctx.chords[bar]!;
}

/** How likely a long syllable gets a second note, by genre. */
const MELISMA: Record<Genre, number> = {
  Pop: 0.22,
  Rock: 0.1,
  Metal: 0.08,
  "Hip-Hop": 0.05,
  Jazz: 0.2,
  Classical: 0.25,
  EDM: 0.15,
  Country: 0.18,
  "R&B": 0.4,
};

interface SyllableIn {
  text: string;
  stress: number;
  heavy: boolean;
  phones: ReturnType<typeof sungSyllables>[number]["phones"] | null;
}

/**
 * `total` whole units shared out in proportion to `weights`, at least one each; units left over
 * from rounding down go to the last items first (a line's end is held).
 */
function shareOut(weights: number[], total: number): number[] {
  const n = weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const d = weights.map((x) => Math.max(1, Math.floor((x / sum) * total)));
  let extra = total - d.reduce((a, b) => a + b, 0);
  for (let i = n - 1; extra > 0; i = (i - 1 + n) % n) {
    d[i] = d[i]! + 1;
    extra--;
  }
  return d;
}

/** Onsets and lengths (beats, relative to the line start) for n syllables in `slot` beats. */
function lineRhythm(rng: Rng, syl: SyllableIn[], slot: number): { at: number; dur: number }[] {
  const n = syl.length;
  const breath = slot >= 8 ? 1 : 0.5;
  const avail = slot - breath;
  let grid = 0.5;
  if (n > avail / grid) grid = 0.25;
  if (n > avail / grid) {
    const d = avail / n;
    return syl.map((_, i) => ({ at: round3(i * d), dur: round3(d) }));
  }
  const units = Math.floor(avail / grid);
  // Weights: stressed and consonant-heavy syllables are longer, the line's last is held.
  const w = syl.map(
    (s, i) =>
      (s.stress > 0 ? 2 : 1) + (s.heavy ? 0.6 : 0) + (i === n - 1 ? 2.5 : 0) + rng.next() * 0.5,
  );
  // A pickup rest before the first syllable when there is plenty of room.
  const slack = units - n;
  const lead = slack >= 4 && rng.chance(0.45) ? (syl[0]!.stress === 0 ? 1 : 2) : 0;
  const d = shareOut(w, units - lead);
  // Stressed syllables on strong positions (beats) when a neighbour can give a unit.
  const perBeat = Math.round(1 / grid);
  let t = lead;
  for (let i = 0; i < n; i++) {
    const onBeat = t % perBeat === 0;
    if (syl[i]!.stress > 0 && !onBeat && i > 0 && d[i - 1]! > 1 && (t - 1) % perBeat === 0) {
      d[i - 1] = d[i - 1]! - 1;
      d[i] = d[i]! + 1;
      t -= 1;
    } else if (syl[i]!.stress > 0 && !onBeat && i > 0 && (t + 1) % perBeat === 0 && d[i]! > 1) {
      d[i - 1] = d[i - 1]! + 1;
      d[i] = d[i]! - 1;
      t += 1;
    }
    t += d[i]!;
  }
  const out: { at: number; dur: number }[] = [];
  let at = lead;
  for (let i = 0; i < n; i++) {
    out.push({ at: round3(at * grid), dur: round3(d[i]! * grid) });
    at += d[i]!;
  }
  return out;
}

/**
 * A line with its syllables on the beats: each beat starts a syllable, and only as many
 * syllables as do not fit (unstressed ones first) take the eighth after a beat. Null when the
 * line has more than two syllables a beat (then `lineRhythm` packs it).
 */
function beatRhythm(
  rng: Rng,
  syl: SyllableIn[],
  slot: number,
): { at: number; dur: number }[] | null {
  const n = syl.length;
  const breath = slot >= 8 ? 1 : 0.5;
  const avail = slot - breath;
  const beats = Math.floor(avail);
  if (n > 2 * beats) return null;
  // Syllables that ride on the previous one's beat: unstressed, light ones first, never the first
  // or last syllable, never two in a row.
  const rides = new Set<number>();
  const order = syl
    .map((s, i) => ({ i, cost: (s.stress > 0 ? 2 : 0) + (s.heavy ? 1 : 0) + rng.next() * 0.5 }))
    .filter((x) => x.i > 0 && x.i < n - 1)
    .sort((a, b) => a.cost - b.cost);
  for (const { i } of order) {
    if (n - rides.size <= beats) break;
    if (!rides.has(i - 1) && !rides.has(i + 1)) rides.add(i);
  }
  if (n - rides.size > beats) return null;
  // Groups: a syllable on a beat and the one riding on it; beats shared out by weight as in
  // `lineRhythm`, the last syllable held.
  const groups: number[][] = [];
  syl.forEach((_, i) => (rides.has(i) ? groups[groups.length - 1]!.push(i) : groups.push([i])));
  const g = groups.length;
  const w = groups.map(
    (m, k) =>
      m.reduce((a, i) => a + (syl[i]!.stress > 0 ? 2 : 1), 0) +
      (k === g - 1 ? 2.5 : 0) +
      rng.next() * 0.5,
  );
  const slack = beats - g;
  const lead = slack >= 2 && syl[0]!.stress === 0 && rng.chance(0.45) ? 1 : 0;
  const d = shareOut(w, beats - lead);
  // The line's last note also takes what is left of the slot before the breath.
  d[g - 1] = d[g - 1]! + (avail - beats);
  const out: { at: number; dur: number }[] = [];
  let at = lead;
  groups.forEach((m, k) => {
    if (m.length === 1) out.push({ at: round3(at), dur: round3(d[k]!) });
    else {
      out.push({ at: round3(at), dur: 0.5 });
      out.push({ at: round3(at + 0.5), dur: round3(d[k]! - 0.5) });
    }
    at += d[k]!;
  });
  return out;
}

/**
 * Scale-index walk: chord tones on strong beats, a contour arc over the phrase, small steps,
 * the last note on the tonic (cadence) or a chord tone.
 */
function phrasePitches(
  ctx: Ctx,
  scale: number[],
  starts: number[],
  opt: { centre: number; arc: number; endOnTonic: boolean; durs?: number[] },
): number[] {
  const rng = ctx.rng;
  let cur = clamp(opt.centre + rng.int(-1, 1), 0, scale.length - 1);
  const out: number[] = [];
  const n = starts.length;
  for (let j = 0; j < n; j++) {
    const beat = starts[j]!;
    const chord = chordAt(ctx, beat);
    const strong = Math.abs(beat - Math.round(beat)) < 1e-6;
    const isLast = j === n - 1;
    const target = opt.centre + opt.arc * Math.sin((Math.PI * j) / Math.max(1, n - 1));
    let best = cur;
    let bestScore = -Infinity;
    for (let k = Math.max(0, cur - 4); k <= Math.min(scale.length - 1, cur + 4); k++) {
      const pc = mod12(scale[k]!);
      const tone = chord.pcs.includes(pc);
      let score = -Math.abs(k - target) * 0.55 - Math.abs(k - cur) * 0.5 + rng.next() * 1.1;
      if (tone) score += strong ? 2.2 : 0.5;
      // The chord's third says major or minor, and the tonic triad says which key: lean on both.
      if (strong && pc === chord.pcs[1]) score += 0.7;
      if (strong && ctx.triad.includes(pc)) score += 0.9;
      if (strong && pc === ctx.triad[ctx.minor ? 1 : 0]) score += 0.6;
      // A short song has no cadences to name its key, so a natural or phrygian minor melody
      // leans on its tonic on strong beats; circling its third and fifth it reads as the minor
      // key a fifth up. A major melody too: circling its third it reads as the minor key on that
      // third (Ab major heard as C minor). (Dorian is named by its im6 chord; a tonic lean there
      // hides the third.)
      if (strong && ctx.short && ctx.tonicLean && pc === ctx.tonicPc) score += 1.2;
      // Quick syllables repeat a note (as singers do); longer ones move.
      const quick = (opt.durs?.[j] ?? 1) <= 0.3 && !strong;
      if (k === cur) score += quick ? 0.9 : -1.1;
      else if (quick && !tone) score -= 0.8;
      if (isLast) score += opt.endOnTonic ? (pc === ctx.tonicPc ? 6 : 0) : tone ? 3 : 0;
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    cur = best;
    out.push(scale[cur]!);
  }
  return out;
}

/** Where in the range a section sits (fraction of the scale length) and how far it arcs. */
const TESSITURA: Partial<Record<SongSectionKind, [number, number]>> = {
  verse: [0.38, 2],
  "pre-chorus": [0.5, 3],
  chorus: [0.62, 3],
  bridge: [0.48, -2],
  intro: [0.55, 2],
  outro: [0.5, -2],
  interlude: [0.65, 3],
};

interface Memory {
  rhythm: Map<string, { at: number; dur: number }[]>;
  pitches: Map<string, number[]>;
}

/** Syllables for a line without lyrics (instrumental songs): a plausible phrase length. */
function fakeSyllables(rng: Rng, beats: number): SyllableIn[] {
  const n = beats >= 8 ? rng.int(5, 9) : rng.int(3, 5);
  return Array.from({ length: n }, (_, i) => ({
    text: "",
    stress: i % 2 === 0 ? 1 : 0,
    heavy: false,
    phones: null,
  }));
}

export function planMelody(
  sections: PlannedSection[],
  barsPerLine: number,
  ctx0: Omit<Ctx, "rng" | "triad" | "minor" | "short" | "tonicLean">,
  rng: Rng,
): MelodyPlan {
  const scale = scalePitches(ctx0.tonicPc, ctx0.mode, ctx0.range[0], ctx0.range[1]);
  const steps = MODES[ctx0.mode];
  const ctx: Ctx = {
    ...ctx0,
    rng: rng.fork("melody"),
    triad: [ctx0.tonicPc, mod12(ctx0.tonicPc + steps[2]!), mod12(ctx0.tonicPc + steps[4]!)],
    minor: steps[2] === 3,
    // The same threshold as the harmony's key-stating progression.
    short: sections.reduce((n, s) => n + s.bars, 0) <= 8,
    tonicLean: ctx0.mode === "aeolian" || ctx0.mode === "phrygian" || ctx0.mode === "ionian",
  };
  const notes: NoteTuple[] = [];
  const lines: LyricLine2[] = [];
  const phraseEnds: number[] = [];
  const mem: Memory = { rhythm: new Map(), pitches: new Map() };
  const melismaP = MELISMA[ctx.genre];
  let bar = 0;
  sections.forEach((s) => {
    const start = bar * 4;
    bar += s.bars;
    const slot = barsPerLine * 4;
    const [centreFrac, arc] = TESSITURA[s.kind] ?? [0.55, 2];
    // Phrases circle a note of the tonic triad near the section's height: the key stays clear.
    const triad = ctx.triad;
    const want = centreFrac * (scale.length - 1);
    let centre = Math.round(want);
    let bestD = Infinity;
    // Minor keys circle their third (it names the quality), major keys their tonic (a major
    // melody sitting on its third sounds like the relative minor).
    const home =
      ctx.mode === "ionian" || ctx.mode === "mixolydian" || ctx.mode === "lydian"
        ? triad[0]
        : triad[1];
    scale.forEach((p, k) => {
      const d = Math.abs(k - want) + (mod12(p) === home ? 0 : triad.includes(mod12(p)) ? 1.5 : 99);
      if (d < bestD) {
        bestD = d;
        centre = k;
      }
    });
    if (s.kind === "solo") {
      soloLine(ctx, scale, start, s.bars, notes, phraseEnds);
      return;
    }
    if (s.kind === "breakdown") {
      // A sparse motif of long notes.
      for (let b = 0; b < s.bars; b += 2) {
        const chord = chordAt(ctx, start + b * 4);
        const pcs = chord.pcs;
        const p = scale.find((x, k) => k >= centre && pcs.includes(mod12(x))) ?? scale[centre]!;
        notes.push([start + b * 4, Math.min(7, s.bars * 4 - b * 4) - 0.5, p, 72]);
        phraseEnds.push(notes.length - 1);
      }
      return;
    }
    const sung = s.lyric !== null;
    const instrumentalLines =
      s.kind === "intro" || s.kind === "outro"
        ? Math.max(0, Math.floor(s.bars / barsPerLine / 2))
        : Math.floor(s.bars / barsPerLine);
    const count = sung ? s.lyric!.lines.length : instrumentalLines;
    // Intro: the hook in its second half; outro: in its first half.
    const offsetBars = s.kind === "intro" ? s.bars - count * barsPerLine : 0;
    for (let li = 0; li < count; li++) {
      const lineStart = start + (offsetBars + li * barsPerLine) * 4;
      const text = sung ? s.lyric!.lines[li]! : "";
      const sy: SyllableIn[] = sung
        ? sungSyllables(text).map((x) => ({
            text: x.text,
            stress: x.stress,
            heavy: x.phones.onset.length + x.phones.coda.length >= 3,
            phones: x.phones,
          }))
        : fakeSyllables(ctx.rng, slot);
      if (sy.length === 0) continue;
      // Hooks: choruses (and interludes, which quote them) reuse rhythm and pitches line by line.
      const family =
        s.kind === "interlude" || s.kind === "intro" || s.kind === "outro" ? "chorus" : s.kind;
      const key = `${family}:${li % 2}:${sy.length}`;
      let rhythm = mem.rhythm.get(key);
      if (!rhythm) {
        rhythm = (ctx.steady && beatRhythm(ctx.rng, sy, slot)) || lineRhythm(ctx.rng, sy, slot);
        mem.rhythm.set(key, rhythm);
      }
      const starts = rhythm.map((r) => lineStart + r.at);
      const isLastLine = li === count - 1;
      const endOnTonic = isLastLine;
      let pitches = mem.pitches.get(key);
      // Reuse a remembered contour only where the chords are the same family (the hook returns).
      if (!pitches || s.kind === "verse" || s.kind === "bridge" || s.kind === "pre-chorus") {
        pitches = phrasePitches(ctx, scale, starts, {
          durs: rhythm.map((r) => r.dur),
          centre: clamp(centre + (s.kind === "pre-chorus" ? li : 0), 0, scale.length - 1),
          arc: arc * (li % 2 === 0 ? 1 : -0.6),
          endOnTonic,
        });
        if (s.kind === "chorus") mem.pitches.set(key, pitches);
      }
      // An interlude plays the hook an octave up when the range allows.
      const shift =
        s.kind === "interlude" && Math.max(...pitches) + 12 <= ctx.range[1] + 7 ? 12 : 0;
      const firstIndex = notes.length;
      const noteIdx: number[] = [];
      const spans: number[] = [];
      const vel = sung ? 92 : s.kind === "interlude" ? 96 : 88;
      rhythm.forEach((r, k) => {
        const pitch = pitches![k]! + shift;
        const strong = Math.abs(starts[k]! - Math.round(starts[k]!)) < 1e-6;
        const v = clamp(vel + (strong ? 8 : 0) + (sy[k]!.stress > 0 ? 4 : -4), 40, 124);
        noteIdx.push(notes.length);
        // A melisma: the syllable's note splits in two, the second a step towards the next note.
        const next = pitches![k + 1];
        // A steady line splits only notes of two beats or more, on a beat.
        const splits = ctx.steady ? r.dur >= 2 : r.dur >= 1.5;
        if (sung && splits && ctx.rng.chance(melismaP)) {
          const firstLen = round3(ctx.steady ? Math.floor(r.dur / 2) : r.dur / 2);
          const stepIdx = scale.indexOf(pitch - shift);
          const dir = next === undefined ? -1 : next >= pitch - shift ? 1 : -1;
          const second = scale[clamp(stepIdx + dir, 0, scale.length - 1)] ?? pitch;
          notes.push([round3(starts[k]!), round3(firstLen * 0.95), pitch, v]);
          notes.push([
            round3(starts[k]! + firstLen),
            round3((r.dur - firstLen) * 0.92),
            second + shift,
            v - 8,
          ]);
          spans.push(2);
        } else {
          notes.push([round3(starts[k]!), round3(r.dur * (sung ? 0.93 : 0.88)), pitch, v]);
          spans.push(1);
        }
      });
      phraseEnds.push(notes.length - 1);
      if (sung) {
        lines.push({
          section: s.lyric!.index,
          text,
          startBeat: round3(starts[0]!),
          syllables: sy.map((x) => x.text),
          notes: noteIdx,
          spans,
          stresses: sy.map((x) => x.stress),
        });
      }
      void firstIndex;
    }
  });
  return { notes, lines, phraseEnds };
}

/** Rhythm cells (beats) a soloist strings together, by genre family. */
const SOLO_CELLS: Record<"fast" | "swing" | "lyrical", number[][]> = {
  fast: [[0.25, 0.25, 0.25, 0.25], [0.5, 0.25, 0.25], [0.5, 0.5], [1], [0.25, 0.25, 0.5]],
  swing: [[0.5, 0.5], [1], [0.5, 0.5, 0.5, 0.5], [1.5, 0.5], [0.333, 0.333, 0.334]],
  lyrical: [[1], [0.5, 0.5], [1.5, 0.5], [2], [0.75, 0.25]],
};

/** A solo: two-bar call-and-response phrases that climb to a peak in the last phrase. */
function soloLine(
  ctx: Ctx,
  scaleIn: number[],
  start: number,
  bars: number,
  notes: NoteTuple[],
  phraseEnds: number[],
): void {
  const rng = ctx.rng;
  const family =
    ctx.genre === "Rock" || ctx.genre === "Metal" || ctx.genre === "EDM"
      ? "fast"
      : ctx.genre === "Jazz"
        ? "swing"
        : "lyrical";
  const cells = SOLO_CELLS[family];
  // Solos sit above the sung range.
  const scale = scaleIn.map((p) => p + (scaleIn[0]! < 60 ? 12 : 0));
  let idx = Math.round(scale.length * 0.45);
  let call: number[] | null = null;
  for (let b = 0; b < bars; b += 2) {
    const phraseBeats = Math.min(2, bars - b) * 4 - 1;
    const climb = b / Math.max(2, bars);
    let rhythm: number[] = [];
    if (call && (b / 2) % 2 === 1) rhythm = call;
    else {
      let t = 0;
      while (t < phraseBeats) {
        const cell = rng.pick(cells);
        for (const d of cell) {
          if (t + d > phraseBeats + 1e-6) break;
          rhythm.push(d);
          t += d;
        }
        if (t >= phraseBeats - 0.25) break;
      }
      call = rhythm;
    }
    let t = start + b * 4;
    const top = Math.round((0.55 + 0.4 * climb) * (scale.length - 1));
    rhythm.forEach((d, k) => {
      const chord = chordAt(ctx, t);
      const strong = Math.abs(t - Math.round(t)) < 1e-6;
      const dir = idx < top ? 1 : -1;
      let step = rng.chance(0.7) ? dir : -dir;
      if (rng.chance(0.2)) step *= 2;
      idx = clamp(idx + step, 0, scale.length - 1);
      if (strong) {
        // Land on a chord tone on the beat.
        for (const off of [0, 1, -1, 2, -2]) {
          const j = clamp(idx + off, 0, scale.length - 1);
          if (chord.pcs.includes(mod12(scale[j]!))) {
            idx = j;
            break;
          }
        }
      }
      const last = k === rhythm.length - 1;
      notes.push([
        round3(t),
        round3(Math.max(0.15, d * (last ? 1.6 : 0.9))),
        scale[idx]!,
        clamp(96 + (strong ? 10 : 0) + rng.int(-6, 6), 50, 127),
      ]);
      t += d;
    });
    phraseEnds.push(notes.length - 1);
  }
}
