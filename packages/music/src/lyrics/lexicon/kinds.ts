/**
 * What kind of thing a bank's noun is (a light, a coat, a letter, a car…) and what a singer may
 * do with a thing of that kind ("fold the letters", "turn up the radio", "water the roses"). A
 * song's own things then make its actions: the banks' fixed actions ("hail a cab", "stay up
 * late") were the same word pairs in every song that called the bank. `{}` stands for the thing
 * ("the old radio"). Only verbs that suit every noun of the kind. A mass of some kinds makes a
 * place ("through cold rain"), and the kinds keep material words off things that lack the
 * material ("rusted blankets").
 */

interface Kind {
  /** Head nouns (the last word of a bank noun) of this kind. */
  heads: string;
  /** What the singer does with it, `{}` for the thing. */
  acts: string;
  /** What a thing of this kind does on its own ("the curtains blow", "the kettle hums"). */
  does: string;
  /** Prepositions a mass of this kind makes a place with ("through cold rain"). */
  preps?: string;
}

const KINDS: Record<string, Kind> = {
  lamp: {
    heads: "headlights, streetlights, streetlight, night-light, spotlight, lighthouse",
    acts: "watch {}, follow {}, wait by {}, sit by {}",
    does: "flicker, blink, burn low, hum",
  },
  glow: {
    heads: "candlelight, moonlight, starlight, sunlight, light, lights",
    acts: "stand in {}, dance in {}, sit in {}, walk in {}",
    does: "spill in, pour in, fade",
    preps: "in, under",
  },
  flame: {
    heads: "candle, candles, sparklers, campfire",
    acts: "light {}, blow out {}, watch {}, sit by {}",
    does: "flicker, burn low, crackle",
  },
  clothes: {
    heads:
      "coat, jacket, scarf, sweaters, hoodie, dress, raincoat, uniform, jerseys, veil, hat, caps, mittens, hand-me-downs",
    acts: "wear {}, fold {}, borrow {}, hang up {}, pack {}, put on {}",
    does: "hang by the door, flutter",
  },
  cloth: {
    heads: "blankets, towels, curtains",
    acts: "fold {}, shake out {}, wash {}, hang up {}",
    does: "blow, flutter, dry",
  },
  shoes: {
    heads: "boots, shoes, sneakers, flip-flops",
    acts: "lace up {}, kick off {}, put on {}, wear {}",
    does: "sit by the door, dry, gather dust",
  },
  paper: {
    heads: "letters, photographs, map, ticket, paper, drawings, yearbook, setlist, paycheck",
    acts: "read {}, fold {}, keep {}, tear up {}, find {}, hold on to {}",
    does: "curl, blow away, flutter, gather dust",
  },
  vehicle: {
    heads:
      "car, truck, bus, buses, train, bicycle, bikes, rowboat, sailboats, boats, taxis, tractor, subway",
    acts: "wait for {}, ride {}, watch {}, hop on {}",
    does: "roll by, rumble, pull away, idle",
  },
  seat: {
    heads:
      "couch, chair, bed, swing, hammock, booth, bleachers, steps, stairs, tailgate, windowsill",
    acts: "sit on {}, save a spot on {}, fall asleep on {}",
    does: "creak, sag",
  },
  opening: {
    heads: "door, window, windows, windowpane, gate, lockers, mailbox",
    acts: "open {}, paint {}, close {}, lean on {}",
    does: "creak, rattle, swing open, slam",
  },
  wall: {
    heads: "fence, walls, roof",
    acts: "paint {}, fix {}, lean on {}",
    does: "creak, lean, crack",
  },
  room: {
    heads: "room, rooms, apartment, basement, barn, treehouse, hallways, kitchen, house",
    acts: "clean {}, leave {}, walk through {}, paint {}, lock up {}",
    does: "creak, echo, go dark",
  },
  water: {
    heads: "river, creek, waves, tide, pool, current, lake, ocean, sea",
    acts: "wade into {}, watch {}, listen to {}, stare at {}",
    does: "rush, ripple, roll in, run",
  },
  weather: {
    heads: "rain, snow, storm, thunder, wind, breeze, fog, haze, snowflakes",
    acts: "wait out {}, walk into {}, listen to {}, watch {}, run through {}",
    does: "roll in, clear, blow through, settle",
    preps: "in, through",
  },
  sky: {
    heads: "moon, stars, sun, clouds, comet, satellites, horizon, skyline, sunrise, sky",
    acts: "watch {}, follow {}, chase {}, wait for {}",
    does: "rise, set, drift, burn",
  },
  flowers: {
    heads: "flowers, roses, wildflowers, houseplants",
    acts: "water {}, pick {}, plant {}, bring you {}, smell {}",
    does: "bloom, sway, wilt",
  },
  trees: {
    heads: "trees, pines, willows",
    acts: "climb {}, plant {}, sit under {}, walk through {}",
    does: "sway, bend, rustle",
  },
  ground: {
    heads: "grass, moss, leaves, sand, cornfields",
    acts: "lie in {}, walk through {}, run through {}",
    does: "go still, dry",
    preps: "in, across, through",
  },
  drink: {
    heads: "coffee, lemonade, whiskey, tea",
    acts: "pour {}, sip {}, share {}, finish {}",
    does: "steam, go cold, spill",
  },
  food: {
    heads: "cake, pizza, watermelon",
    acts: "share {}, slice {}, save {}, finish {}, bring {}",
    does: "cool, go cold",
  },
  vessel: {
    heads: "cups, mugs, bottle, bowl, jar, kettle, pail",
    acts: "fill {}, wash {}, carry {}, empty {}, pass {}",
    does: "rattle, clink, spill",
  },
  instrument: {
    heads: "guitar, piano, drums, bass",
    acts: "play {}, tune {}, carry {}, pick up {}",
    does: "ring, hum, ring out",
  },
  device: {
    heads: "radio, jukebox, speakers, amplifier, microphone, phone",
    acts: "turn up {}, turn down {}, switch off {}, listen to {}",
    does: "crackle, hum, buzz",
  },
  tune: {
    heads: "records, song, music, lullaby",
    acts: "play {}, hum {}, turn up {}, listen to {}",
    does: "play, fade out, skip, spin",
  },
  animal: {
    heads: "dog, cat, birds, gulls, pigeons, cows, deer, owl, eagles",
    acts: "watch {}, follow {}, call {}, wait for {}",
    does: "wander, call, settle",
  },
  bugs: {
    heads: "fireflies, moths, crickets",
    acts: "chase {}, watch {}, listen to {}, catch {}",
    does: "flicker, hum, drift",
  },
  keepsake: {
    heads: "key, keys, ring, rings, medal, trophy, crown, seashells, stones, ball",
    acts: "carry {}, find {}, lose {}, hold {}, keep {}",
    does: "catch the light, gather dust",
  },
  luggage: {
    heads: "backpack, suitcase, boxes",
    acts: "pack {}, carry {}, unpack {}, drag {}, load {}",
    does: "sit by the door, gather dust",
  },
};

const HEAD_KIND = new Map<string, string>();
for (const [kind, k] of Object.entries(KINDS))
  for (const head of k.heads.split(",")) HEAD_KIND.set(head.trim(), kind);

/** The kind of a noun by its last word ("porch light" → light), or null. */
export function kindOf(noun: string): string | null {
  return HEAD_KIND.get(noun.split(" ").at(-1) ?? "") ?? null;
}

const ACTS = new Map(
  Object.entries(KINDS).map(([kind, k]) => [kind, k.acts.split(",").map((a) => a.trim())]),
);

const DOES = new Map(
  Object.entries(KINDS).map(([kind, k]) => [kind, k.does.split(",").map((a) => a.trim())]),
);

/** What a thing of a kind does on its own: "blow", "hum". */
export function kindDoes(kind: string): readonly string[] {
  return DOES.get(kind) ?? [];
}

const PREPS = new Map(
  Object.entries(KINDS).map(([kind, k]) => [
    kind,
    (k.preps ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  ]),
);

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
  // Tastes and a living thing's ways: "bitter coffee", "a shy cat", not "bitter boots".
  bitter: "drink, food, weather",
  hungry: "animal, bugs",
  shy: "animal, bugs",
  blushing: "animal, flowers",
  faithful: "animal",
  brave: "animal",
  fearless: "animal",
  patient: "animal",
  humble: "animal",
  friendly: "animal",
  cheerful: "animal, bugs, flowers",
  merry: "animal, bugs",
  silly: "animal",
};
const MATERIAL_KINDS = new Map(
  Object.entries(MATERIAL).map(([adj, kinds]) => [
    adj,
    new Set(kinds.split(",").map((k) => k.trim())),
  ]),
);

/** Whether a lent adjective suits a noun: any does, unless it names a material the noun lacks. */
export function adjSuits(adj: string, noun: string): boolean {
  const kinds = MATERIAL_KINDS.get(adj);
  if (!kinds) return true;
  const kind = kindOf(noun);
  // A thing of no known kind keeps every word: the check is for what the kinds know.
  return kind === null || kinds.has(kind);
}

/**
 * The mood's verbs lent to things, by the kinds they suit: light shines off lamps, skies and
 * water, and only living things (or a house) sleep and wake. "Warm boots sleep" is nonsense.
 */
const VERB_KINDS: Record<string, string> = {
  shine: "lamp, glow, flame, sky, keepsake, water, vehicle, opening, instrument, bugs",
  glow: "lamp, glow, flame, sky, keepsake, water, vehicle, opening, device, bugs, room",
  sparkle: "lamp, glow, sky, keepsake, water, drink",
  "light up": "lamp, glow, flame, sky, device, room, opening",
  gleam: "lamp, glow, sky, keepsake, water, vehicle, opening, instrument",
  shimmer: "lamp, glow, sky, keepsake, water, weather",
  glimmer: "lamp, glow, flame, sky, keepsake, water",
  flash: "lamp, glow, sky, device, weather",
  sleep: "animal, bugs, room, water, sky",
  doze: "animal, room",
  dream: "animal, room",
  "wake up": "animal, bugs, room, sky, flowers",
  "come alive": "animal, bugs, room, device, tune, flowers, trees",
  "stand tall": "trees, wall, room, animal",
  "stand firm": "trees, wall, room, animal",
};
const VERB_KIND_SETS = new Map(
  Object.entries(VERB_KINDS).map(([verb, kinds]) => [
    verb,
    new Set(kinds.split(",").map((k) => k.trim())),
  ]),
);

/** Whether one of the mood's verbs suits a noun it is lent to (a thing of unknown kind may not sleep). */
export function verbSuits(verb: string, noun: string): boolean {
  const kinds = VERB_KIND_SETS.get(verb);
  const kind = kindOf(noun);
  // A thing of no known kind may shine, but does not sleep ("the tool belt dozes").
  if (kind === null) return !kinds || !LIVING_VERBS.has(verb);
  return !kinds || kinds.has(kind);
}
const LIVING_VERBS = new Set(["sleep", "doze", "dream", "wake up", "come alive"]);

/** Parts of a body: things a singer has, not places to be ("through hands"). */
const BODY = new Set("hands, feet, eyes, lungs, paws, whiskers, scars".split(", "));

/** Whether a noun may make a place ("among old photographs"). */
export function makesPlace(noun: string): boolean {
  return !BODY.has(noun.split(" ").at(-1) ?? "");
}
