/**
 * Groove variants: every written groove also comes with its timekeeper (hats, ride or shaker)
 * in another subdivision and with an off-beat kick added, so two seeds of one request seldom
 * share a groove (with three or four grooves a genre, many pairs played the same bar and their
 * onset patterns correlated above 0.9). The written groove keeps its name — stored scores find
 * their groove by name — and each variant's name says what changed.
 */
import type { Groove, Lanes } from "./grooves";

type Lane = keyof Lanes;

/** The lanes that keep time, in the order a groove's own timekeeper is looked for. */
const TIMEKEEPER_LANES: Lane[] = ["closedHat", "ride", "shaker"];

interface Change {
  /** What the variant's name says when this change applies. */
  name: string;
  /** The lane's new pattern (16 steps) from its old one. */
  to: (old: string) => string;
}

interface Variant {
  time: Change | null;
  kick: Change | null;
}

const set = (p: string, step: number, ch: string): string =>
  p.slice(0, step) + ch + p.slice(step + 1);

/** The first accent of the old pattern leads each beat; the rest follow the new subdivision. */
const every = (unit: string) => (old: string) =>
  Array.from({ length: 16 }, (_, i) => {
    const ch = unit[i % unit.length]!;
    return i % 4 === 0 && ch !== "-" && old[i] === "x" ? "x" : ch;
  }).join("");

/** A kick added on an off-beat sixteenth (the kicks on the beats stay: they carry the tempo). */
const kickPush = (at: number) => (old: string) => {
  const p = old.padEnd(16, "-");
  return p[at] === "-" ? set(p, at, "o") : p;
};

const VARIANTS: Variant[] = [
  { time: { name: "sixteenths on top", to: every("o.o.") }, kick: null },
  {
    time: { name: "off-beat top", to: every("--o-") },
    kick: { name: "kick on the and of 3", to: kickPush(10) },
  },
  {
    time: { name: "quarters on top", to: every("o---") },
    kick: { name: "kick on the a of 1", to: kickPush(3) },
  },
  { time: null, kick: { name: "kick on the and of 4", to: kickPush(14) } },
  // Three-three-two in sixteenths: the one timekeeper off the eighths' grid, so its onsets fold
  // onto other steps than every other variant's.
  { time: { name: "three-three-two on top", to: every("o--o--o-o--o--o-") }, kick: null },
];

function varyLanes(l: Lanes, v: Variant): Lanes {
  const out: Lanes = { ...l };
  const keeper = TIMEKEEPER_LANES.find((k) => l[k]);
  if (v.time && keeper) out[keeper] = v.time.to(l[keeper]!);
  if (v.kick && l.kick) out.kick = v.kick.to(l.kick);
  return out;
}

/** The changes of `v` that apply to groove `g` (it may have no timekeeper, or no kick). */
const nameOf = (g: Groove, v: Variant): string =>
  [
    v.time && TIMEKEEPER_LANES.some((k) => g.verse[k] || g.chorus[k]) ? v.time.name : null,
    v.kick && (g.verse.kick || g.chorus.kick) ? v.kick.name : null,
  ]
    .filter(Boolean)
    .join(", ");

/**
 * The written grooves followed by their variants. Verse and chorus change; the bridge keeps its
 * written contrast. 12-step shuffles, empty grooves and variants that change nothing are left out.
 */
export function withVariants(grooves: Groove[]): Groove[] {
  const out = [...grooves];
  const seen = new Set(grooves.map((g) => JSON.stringify([g.verse, g.chorus])));
  for (const g of grooves) {
    if (g.steps !== 16) continue;
    for (const v of VARIANTS) {
      const verse = varyLanes(g.verse, v);
      const chorus = varyLanes(g.chorus, v);
      const key = JSON.stringify([verse, chorus]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: `${g.name}, ${nameOf(g, v)}`, steps: 16, verse, chorus, bridge: g.bridge });
    }
  }
  return out;
}
