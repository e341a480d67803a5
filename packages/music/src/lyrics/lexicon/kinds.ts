/**
 * What kind of thing a bank's noun is (a light, a coat, a letter, a car…) and what a singer may
 * do with a thing of that kind ("fold the letters", "turn up the radio", "water the roses"). A
 * song's own things then make its actions: the banks' fixed actions ("hail a cab", "stay up
 * late") were the same word pairs in every song that called the bank. `{}` stands for the thing
 * ("the old radio"). Only verbs that suit every noun of the kind. A mass of some kinds makes a
 * place ("through cold rain"), and the kinds keep material words off things that lack the
 * material ("rusted blankets").
 */
import { commaList } from "./parse";

interface Kind {
  /** Head nouns (the last word of a bank noun) of this kind. */
  heads: string;
  /** What the singer does with it, `{}` for the thing. */
  acts: string;
  /** Prepositions a mass of this kind makes a place with ("through cold rain"). */
  preps?: string;
}

const KINDS: Record<string, Kind> = {
  lamp: {
    heads: "headlights, streetlights, streetlight, night-light, spotlight, lighthouse",
    acts: "watch {}, follow {}, wait by {}, sit by {}",
  },
  glow: {
    heads: "candlelight, moonlight, starlight, sunlight, light, lights",
    acts: "stand in {}, dance in {}, sit in {}, walk in {}",
    preps: "in, under",
  },
  flame: {
    heads: "candle, candles, sparklers, campfire",
    acts: "light {}, blow out {}, watch {}, sit by {}",
  },
  clothes: {
    heads:
      "coat, jacket, scarf, sweaters, hoodie, dress, raincoat, uniform, jerseys, veil, hat, caps, mittens, hand-me-downs",
    acts: "wear {}, fold {}, borrow {}, hang up {}, pack {}, put on {}",
  },
  cloth: {
    heads: "blankets, towels, curtains",
    acts: "fold {}, shake out {}, wash {}, hang up {}",
  },
  shoes: {
    heads: "boots, shoes, sneakers, flip-flops",
    acts: "lace up {}, kick off {}, put on {}, wear {}",
  },
  paper: {
    heads: "letters, photographs, map, ticket, paper, drawings, yearbook, setlist, paycheck",
    acts: "read {}, fold {}, keep {}, tear up {}, find {}, hold on to {}",
  },
  vehicle: {
    heads:
      "car, truck, bus, buses, train, bicycle, bikes, rowboat, sailboats, boats, taxis, tractor, subway",
    acts: "wait for {}, ride {}, watch {}, hop on {}",
  },
  seat: {
    heads:
      "couch, chair, bed, swing, hammock, booth, bleachers, steps, stairs, tailgate, windowsill",
    acts: "sit on {}, save a spot on {}, fall asleep on {}",
  },
  opening: {
    heads: "door, window, windows, windowpane, gate, lockers, mailbox",
    acts: "open {}, paint {}, close {}, lean on {}",
  },
  wall: {
    heads: "fence, walls, roof",
    acts: "paint {}, fix {}, lean on {}",
  },
  room: {
    heads: "room, rooms, apartment, basement, barn, treehouse, hallways, kitchen, house",
    acts: "clean {}, leave {}, walk through {}, paint {}, lock up {}",
  },
  water: {
    heads: "river, creek, waves, tide, pool, current, lake, ocean, sea",
    acts: "wade into {}, watch {}, listen to {}, stare at {}",
  },
  weather: {
    heads: "rain, snow, storm, thunder, wind, breeze, fog, haze, snowflakes",
    acts: "wait out {}, walk into {}, listen to {}, watch {}, run through {}",
    preps: "in, through",
  },
  sky: {
    heads: "moon, stars, sun, clouds, comet, satellites, horizon, skyline, sunrise, sky",
    acts: "watch {}, follow {}, chase {}, wait for {}",
  },
  flowers: {
    heads: "flowers, roses, wildflowers, houseplants",
    acts: "water {}, pick {}, plant {}, bring you {}, smell {}",
  },
  trees: {
    heads: "trees, pines, willows",
    acts: "climb {}, plant {}, sit under {}, walk through {}",
  },
  ground: {
    heads: "grass, moss, leaves, sand, cornfields",
    acts: "lie in {}, walk through {}, run through {}",
    preps: "in, across, through",
  },
  drink: {
    heads: "coffee, lemonade, whiskey, tea",
    acts: "pour {}, sip {}, share {}, finish {}",
  },
  food: {
    heads: "cake, pizza, watermelon",
    acts: "share {}, slice {}, save {}, finish {}, bring {}",
  },
  vessel: {
    heads: "cups, mugs, bottle, bowl, jar, kettle, pail",
    acts: "fill {}, wash {}, carry {}, empty {}, pass {}",
  },
  instrument: {
    heads: "guitar, piano, drums, bass",
    acts: "play {}, tune {}, carry {}, pick up {}",
  },
  device: {
    heads: "radio, jukebox, speakers, amplifier, microphone, phone",
    acts: "turn up {}, turn down {}, switch off {}, listen to {}",
  },
  tune: {
    heads: "records, song, music, lullaby",
    acts: "play {}, hum {}, turn up {}, listen to {}",
  },
  animal: {
    heads: "dog, cat, birds, gulls, pigeons, cows, deer, owl, eagles",
    acts: "watch {}, follow {}, call {}, wait for {}",
  },
  bugs: {
    heads: "fireflies, moths, crickets",
    acts: "chase {}, watch {}, listen to {}, catch {}",
  },
  keepsake: {
    heads: "key, keys, ring, rings, medal, trophy, crown, seashells, stones, ball",
    acts: "carry {}, find {}, lose {}, hold {}, keep {}",
  },
  luggage: {
    heads: "backpack, suitcase, boxes",
    acts: "pack {}, carry {}, unpack {}, drag {}, load {}",
  },
};

const HEAD_KIND = new Map<string, string>();
for (const [kind, k] of Object.entries(KINDS))
  for (const head of commaList(k.heads)) HEAD_KIND.set(head, kind);

/** The kind of a noun by its last word ("porch light" → light), or null. */
export function kindOf(noun: string): string | null {
  return HEAD_KIND.get(noun.split(" ").at(-1) ?? "") ?? null;
}

const ACTS = new Map(Object.entries(KINDS).map(([kind, k]) => [kind, commaList(k.acts)]));

const PREPS = new Map(Object.entries(KINDS).map(([kind, k]) => [kind, commaList(k.preps)]));

/** Prepositions that make a place of a mass of this kind ("in", "through"). */
export function kindPreps(kind: string): readonly string[] {
  return PREPS.get(kind) ?? [];
}

/** What a singer may do with a thing of a kind: "fold {}" patterns. */
export function kindActs(kind: string): readonly string[] {
  return ACTS.get(kind) ?? [];
}

/**
 * Adjectives of a material or a look that only some kinds of thing can have: the mood lends its
 * words to any thing, and "rusted blankets" or "velvet coffee" are nonsense.
 */
const MATERIAL: Record<string, string> = {
  rusted: "vehicle, opening, wall, vessel, keepsake",
  rusty: "vehicle, opening, wall, vessel, keepsake",
  polished: "vehicle, keepsake, instrument, vessel, shoes, seat",
  painted: "opening, wall, room, seat, vehicle, vessel, keepsake",
  velvet: "clothes, cloth, glow, sky",
  silken: "clothes, cloth, glow, sky",
  lace: "clothes, cloth",
  steel: "vehicle, opening, wall, keepsake, vessel, instrument, device",
  chrome: "vehicle, keepsake, instrument, device",
  iron: "opening, wall, keepsake, vessel, seat",
  gold: "keepsake, glow, sky, lamp, instrument, clothes",
  pearl: "keepsake, clothes, glow, sky",
  feathered: "animal",
  "candy-colored": "clothes, vehicle, keepsake, room, opening, wall, food",
  honeyed: "glow, drink, food, tune",
  yellowed: "paper, cloth, clothes, wall",
  cracked: "opening, vessel, wall, keepsake, device, seat",
  rumpled: "cloth, clothes",
  tangled: "cloth, clothes, ground, trees, flowers",
  "worn-in": "clothes, shoes, seat, cloth",
  crooked: "opening, wall, paper, seat",
  frozen: "water, weather, ground, vehicle, opening",
  candlelit: "room",
  dappled: "glow, ground, water",
  glassy: "water",
};
const MATERIAL_KINDS = new Map(
  Object.entries(MATERIAL).map(([adj, kinds]) => [adj, new Set(commaList(kinds))]),
);

/** Whether a lent adjective suits a noun: any does, unless it names a material the noun lacks. */
export function adjSuits(adj: string, noun: string): boolean {
  const kinds = MATERIAL_KINDS.get(adj);
  if (!kinds) return true;
  const kind = kindOf(noun);
  // A thing of no known kind keeps every word: the check is for what the kinds know.
  return kind === null || kinds.has(kind);
}
