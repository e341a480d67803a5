/**
 * Drum grooves: several per genre (the seed picks one), each with a verse feel, a chorus feel
 * and a bridge (half-time or sparse) feel. One string per drum, one character per step:
 * `x` accent, `o` normal, `.` ghost, `-` rest. 16 steps per bar (sixteenths) or 12 (triplet
 * eighths, for shuffles and swing).
 */
import type { Genre } from "../profiles";
import { withVariants } from "./groove-variants";

/** General MIDI drum keys. */
export const DRUM = {
  kick: 36,
  rim: 37,
  snare: 38,
  clap: 39,
  floorTom: 41,
  closedHat: 42,
  pedalHat: 44,
  lowTom: 45,
  openHat: 46,
  midTom: 47,
  crash: 49,
  highTom: 50,
  ride: 51,
  china: 52,
  rideBell: 53,
  tambourine: 54,
  shaker: 70,
} as const;

export type Lanes = Partial<Record<keyof typeof DRUM, string>>;

export interface Groove {
  name: string;
  steps: 16 | 12;
  verse: Lanes;
  chorus: Lanes;
  bridge: Lanes;
}

const g = (name: string, steps: 16 | 12, verse: Lanes, chorus: Lanes, bridge?: Lanes): Groove => ({
  name,
  steps,
  verse,
  chorus,
  bridge: bridge ?? verse,
});

const WRITTEN: Record<Genre, Groove[]> = {
  Pop: [
    g(
      "straight",
      16,
      { kick: "x-----o-x-------", snare: "----x-------x---", closedHat: "o-o-o-o-o-o-o-o-" },
      {
        kick: "x-----o-x-o-----",
        snare: "----x-------x---",
        closedHat: "o-o-o-o-o-o-o-o-",
        openHat: "--------------x-",
        tambourine: "----o-------o---",
      },
      { kick: "x-------x-------", rim: "----o-------o---", closedHat: "o---o---o---o---" },
    ),
    g(
      "four on the floor",
      16,
      { kick: "x---x---x---x---", clap: "----x-------x---", closedHat: "--o---o---o---o-" },
      {
        kick: "x---x---x---x---",
        clap: "----x-------x---",
        openHat: "--x---x---x---x-",
        shaker: "o.o.o.o.o.o.o.o.",
      },
      { kick: "x-------x-------", clap: "------------x---", closedHat: "--o---o---o---o-" },
    ),
    g(
      "half-time",
      16,
      { kick: "x-------o-x-----", snare: "--------x-------", closedHat: "o.o.o.o.o.o.o.o." },
      {
        kick: "x-----x-x-------",
        snare: "----x-------x---",
        closedHat: "o-o-o-o-o-o-o-o-",
        openHat: "------x-------x-",
      },
      { kick: "x---------------", snare: "--------x-------", closedHat: "o---o---o---o---" },
    ),
    g(
      "syncopated",
      16,
      { kick: "x--x--x---x-----", snare: "----x-------x---", shaker: "xoxoxoxoxoxoxoxo" },
      {
        kick: "x--x--x---x--x--",
        snare: "----x-------x---",
        closedHat: "o-o-o-o-o-o-o-o-",
        shaker: "xoxoxoxoxoxoxoxo",
        clap: "----x-------x---",
      },
      { kick: "x-----x---------", rim: "----o-------o---", shaker: "x-o-x-o-x-o-x-o-" },
    ),
  ],
  Rock: [
    g(
      "backbeat",
      16,
      { kick: "x-------x-x-----", snare: "----x-------x---", closedHat: "x-o-x-o-x-o-x-o-" },
      { kick: "x-----x-x-x-----", snare: "----x-------x---", ride: "x-o-x-o-x-o-x-o-" },
      { kick: "x-------x-------", snare: "--------x-------", closedHat: "x-o-x-o-x-o-x-o-" },
    ),
    g(
      "shuffle",
      12,
      { kick: "x-----x-----", snare: "---x-----x--", closedHat: "x-ox-ox-ox-o" },
      { kick: "x-----x-x---", snare: "---x-----x--", ride: "x-ox-ox-ox-o" },
      { kick: "x-----------", snare: "------x-----", closedHat: "x-ox-ox-ox-o" },
    ),
    g(
      "half-time drive",
      16,
      { kick: "x-------x-----x-", snare: "--------x-------", closedHat: "x-x-x-x-x-x-x-x-" },
      { kick: "x-x-----x-x-----", snare: "----x-------x---", openHat: "x-x-x-x-x-x-x-x-" },
      { kick: "x---------------", snare: "--------x-------", ride: "x---x---x---x---" },
    ),
    g(
      "sixteenths",
      16,
      { kick: "x-----x-x-------", snare: "----x-------x---", closedHat: "xooxxooxxooxxoox" },
      {
        kick: "x-----x-x-x---x-",
        snare: "----x-------x---",
        closedHat: "xoxoxoxoxoxoxoxo",
        crash: "x---------------",
      },
      { kick: "x-------x-------", snare: "----x-------x---", closedHat: "x-x-x-x-x-x-x-x-" },
    ),
  ],
  Metal: [
    g(
      "double kick",
      16,
      { kick: "x-x-x-x-x-x-x-x-", snare: "----x-------x---", closedHat: "x-x-x-x-x-x-x-x-" },
      {
        kick: "xxxxxxxxxxxxxxxx",
        snare: "----x-------x---",
        china: "x---x---x---x---",
        crash: "x---------------",
      },
      { kick: "x-------x-x-----", snare: "--------x-------", ride: "x-x-x-x-x-x-x-x-" },
    ),
    g(
      "gallop",
      16,
      { kick: "x-xxx-xxx-xxx-xx", snare: "----x-------x---", closedHat: "x-x-x-x-x-x-x-x-" },
      {
        kick: "x-xxx-xxx-xxx-xx",
        snare: "----x-------x---",
        crash: "x-------x-------",
        ride: "--x-x-x---x-x-x-",
      },
      { kick: "x-----x---------", snare: "--------x-------", closedHat: "x-x-x-x-x-x-x-x-" },
    ),
    g(
      "skank",
      16,
      { kick: "x-x-x-x-x-x-x-x-", snare: "--x---x---x---x-", closedHat: "x-x-x-x-x-x-x-x-" },
      { kick: "x-x-x-x-x-x-x-x-", snare: "--x---x---x---x-", china: "x---x---x---x---" },
      { kick: "x--x--x-x--x----", snare: "--------x-------", ride: "x---x---x---x---" },
    ),
    g(
      "half-time doom",
      16,
      { kick: "x--x------x-----", snare: "--------x-------", ride: "x---x---x---x---" },
      { kick: "x-x-x-x-xxxxxxxx", snare: "----x-------x---", crash: "x-------x-------" },
      { kick: "x---------------", snare: "--------x-------", ride: "x---x---x---x---" },
    ),
  ],
  "Hip-Hop": [
    g(
      "boom bap",
      16,
      { kick: "x------x--x-----", snare: "----x-------x---", closedHat: "x-o-x-o-x-o-x-o-" },
      {
        kick: "x------x--x--x--",
        snare: "----x-------x---",
        closedHat: "x-o-x-o-x-o-x-oo",
        openHat: "--------------x-",
      },
      { kick: "x---------x-----", rim: "----o-------o---", closedHat: "x---x---x---x---" },
    ),
    g(
      "trap",
      16,
      { kick: "x-------x--x----", snare: "--------x-------", closedHat: "x-x-x-x-x-xxx-x-" },
      {
        kick: "x-----x-x--x--x-",
        clap: "--------x-------",
        closedHat: "xxx-x-xxx-x-xxxx",
        openHat: "------x---------",
      },
      { kick: "x---------------", snare: "--------x-------", closedHat: "x---x---x---x---" },
    ),
    g(
      "lazy",
      16,
      {
        kick: "x--x------x--x--",
        snare: "----x-------x---",
        closedHat: "x-x-x-x-x-x-x-x-",
        rim: "-------o--------",
      },
      {
        kick: "x--x---x--x--x--",
        snare: "----x-------x---",
        closedHat: "x-x-x-x-x-x-x-x-",
        tambourine: "----o-------o---",
      },
      { kick: "x---------x-----", snare: "----o-------o---", shaker: "x-o-x-o-x-o-x-o-" },
    ),
    g(
      "drill",
      16,
      { kick: "x------x--x---x-", snare: "--------x--x----", closedHat: "x--x--x-x--x--x-" },
      { kick: "x-x----x--x-x-x-", snare: "--------x--x----", closedHat: "x-xx-xx-x-xx-xx-" },
      { kick: "x---------------", snare: "--------x-------", closedHat: "x---x---x---x---" },
    ),
  ],
  Jazz: [
    g(
      "swing ride",
      12,
      { ride: "x--x-xx--x-x", pedalHat: "---x-----x--", kick: ".--.--.--.--" },
      {
        ride: "x--x-xx--x-x",
        pedalHat: "---x-----x--",
        kick: ".--.--.--.--",
        snare: "-----.-----.",
      },
      { ride: "x--x--x--x--", pedalHat: "---x-----x--" },
    ),
    g(
      "brushes",
      12,
      { snare: "o--.-.o--.-.", pedalHat: "---x-----x--", kick: ".-----.-----" },
      {
        snare: "o--o-.o--o-.",
        ride: "x--x-xx--x-x",
        pedalHat: "---x-----x--",
        kick: ".--.--.--.--",
      },
      { snare: "o-----o-----", pedalHat: "---x-----x--" },
    ),
    g(
      "bossa",
      16,
      { kick: "x--xx--xx--xx--x", rim: "x--x--x---x--x--", closedHat: "o.o.o.o.o.o.o.o." },
      { kick: "x--xx--xx--xx--x", rim: "x--x--x---x--x--", ride: "x-o-x-o-x-o-x-o-" },
      { kick: "x-------x-------", rim: "x--x--x---x--x--", closedHat: "o-o-o-o-o-o-o-o-" },
    ),
    g(
      "two feel",
      12,
      { ride: "x--x--x--x--", pedalHat: "---x-----x--", kick: "x-----x-----" },
      {
        ride: "x--x-xx--x-x",
        pedalHat: "---x-----x--",
        kick: "x-----x-----",
        snare: "--.-----.--.",
      },
      { ride: "x-----x-----", pedalHat: "---x-----x--" },
    ),
  ],
  Classical: [g("none", 16, {}, {}, {})],
  EDM: [
    g(
      "house",
      16,
      { closedHat: "o-o-o-o-o-o-o-o-", clap: "----x-------x---" },
      {
        kick: "x---x---x---x---",
        clap: "----x-------x---",
        openHat: "--x---x---x---x-",
        closedHat: "o.o.o.o.o.o.o.o.",
      },
      { kick: "x---------------", clap: "----x-------x---" },
    ),
    g(
      "breakbeat",
      16,
      { closedHat: "x-x-x-x-x-x-x-x-", snare: "----o-------o---" },
      {
        kick: "x-----x--x------",
        snare: "----x-------x---",
        closedHat: "x-x-x-x-x-x-x-x-",
        openHat: "-------------x--",
      },
      { kick: "x---------------", snare: "--------x-------" },
    ),
    g(
      "half-time",
      16,
      { closedHat: "x-x-x-x-x-x-x-x-" },
      {
        kick: "x---------x-----",
        snare: "--------x-------",
        closedHat: "x-xxx-x-x-xxx-x-",
        clap: "--------x-------",
      },
      { kick: "x---------------", clap: "--------x-------" },
    ),
    g(
      "trance",
      16,
      { clap: "----x-------x---", openHat: "--x---x---x---x-" },
      {
        kick: "x---x---x---x---",
        clap: "----x-------x---",
        openHat: "--x---x---x---x-",
        ride: "x-x-x-x-x-x-x-x-",
      },
      { kick: "x---x---x---x---", closedHat: "--o---o---o---o-" },
    ),
  ],
  Country: [
    g(
      "train",
      16,
      { kick: "x-------x-------", snare: ".o.o.o.o.o.o.o.o" },
      { kick: "x-------x-------", snare: ".x.o.x.o.x.o.x.o", crash: "x---------------" },
      { kick: "x---------------", snare: ".-.-.-.-.-.-.-.-" },
    ),
    g(
      "two-step",
      16,
      { kick: "x-------x-------", snare: "----x-------x---", closedHat: "x-x-x-x-x-x-x-x-" },
      {
        kick: "x-----x-x-------",
        snare: "----x-------x---",
        ride: "x-x-x-x-x-x-x-x-",
        tambourine: "--x---x---x---x-",
      },
      { kick: "x-------x-------", rim: "----o-------o---", closedHat: "x---x---x---x---" },
    ),
    g(
      "shuffle",
      12,
      { kick: "x-----x-----", snare: "---x-----x--", closedHat: "x-xx-xx-xx-x" },
      {
        kick: "x-----x-----",
        snare: "---x-----x--",
        ride: "x-xx-xx-xx-x",
        tambourine: "---x-----x--",
      },
      { kick: "x-----------", rim: "---x-----x--", closedHat: "x--x--x--x--" },
    ),
  ],
  "R&B": [
    g(
      "slow jam",
      16,
      { kick: "x------x--x-----", snare: "----x-------x---", closedHat: "x-x-x-x-x-x-x-x." },
      {
        kick: "x------x--x--x--",
        clap: "----x-------x---",
        snare: "----x-------x---",
        closedHat: "x.x.x.x.x.x.x.x.",
      },
      { kick: "x---------------", rim: "----o-------o---", closedHat: "x---x---x---x---" },
    ),
    g(
      "neo soul",
      16,
      { kick: "x-----x--x--x---", rim: "----x-------x---", closedHat: "x.x.x.x.x.x.x.x." },
      {
        kick: "x-----x--x--x---",
        snare: "----x-------x---",
        closedHat: "x.x.x.x.x.x.x.x.",
        openHat: "-------------x--",
      },
      { kick: "x---------x-----", rim: "----x-------x---" },
    ),
    g(
      "trap soul",
      16,
      { kick: "x-------x-x-----", snare: "--------x-------", closedHat: "x.x.xxx.x.x.x.xx" },
      {
        kick: "x-----x-x-x-----",
        clap: "--------x-------",
        snare: "--------x-------",
        closedHat: "x.x.xxx.x.x.x.xx",
      },
      { kick: "x---------------", snare: "--------x-------", closedHat: "x---x---x---x---" },
    ),
  ],
};

/** Each genre's written grooves and their seed-chosen variants (see groove-variants.ts). */
export const GROOVES = Object.fromEntries(
  Object.entries(WRITTEN).map(([genre, grooves]) => [genre, withVariants(grooves)]),
) as Record<Genre, Groove[]>;

export const STEP_VELOCITY: Record<string, number> = { x: 112, o: 90, ".": 52 };
