/**
 * Mood banks: the imagery a mood falls back on when the description gives little (never a
 * misplaced description word), the adjectives a singer uses about themselves, and things to do.
 */
import type { Mood } from "../../profiles";
import { commaList, parseTopic } from "./parse";
import type { TimeEntry, Topic, TopicSource } from "./types";

const SOURCES: Record<Mood, TopicSource & { feel: string }> = {
  Happy: {
    triggers: "",
    feel: "alive, lucky, easy, golden, wide awake, free, brand new, lighter than air, on top of the world, sunny",
    img: [
      "sunlight/mass: pour in+, warm the floor+ | warm+, golden+",
      "open windows/pl: let the summer in+ | wide",
      "bicycle: rattle down the hill | old, red",
      "kites/pl: climb+, tug at the string | bright+, paper",
      "laughter/mass: spill into the street+ | loud, easy+",
      "radio: play our song+ | little",
      "balloons/pl: drift up+ | red, yellow",
    ],
    place: [
      "in the sunshine",
      "on the back porch",
      "down at the park",
      "in the back seat",
      "on the open road",
    ],
    time: ["all day", "this morning", "every weekend", "on a Saturday"],
    act: [
      "sing along+",
      "laugh out loud+",
      "chase the light+",
      "roll the windows down+",
      "call up all my friends+",
    ],
  },
  Confident: {
    triggers: "",
    feel: "ready, untouchable, unstoppable, wide awake, sure, bulletproof, ten feet tall, in control",
    img: [
      "spotlight: find me+, follow me | hot, white",
      "crown: fit just right+ | heavy, golden+",
      "skyline: bow down | silver, whole",
      "engine: purr, growl | black, steady",
      "footsteps/pl: echo down the hall | heavy, steady",
      "city lights/pl: spell my name+ | bright+",
    ],
    place: ["at the top", "in the front row", "on the main stage", "through the front door"],
    time: ["from now on", "every day", "right now"],
    act: ["walk in like I own it+", "own the room+", "hold my head up high+", "set the pace+"],
  },
  Motivational: {
    triggers: "",
    feel: "stronger, ready, unbroken, wide awake, alive, fearless, closer, unafraid",
    img: [
      "horizon: call my name+, open wide+ | burning, wide",
      "finish line: wait ahead+ | far",
      "mountain: rise in front of me | high, steep",
      "fire inside: burn+, keep me going+ | little, steady",
      "scars/pl: tell the story | old, silver",
      "heartbeat: pound like a drum | steady, racing",
    ],
    place: ["on the way up", "at the starting line", "against the wind", "on the last mile"],
    time: ["this time", "one more day", "from here on out", "every morning"],
    act: [
      "rise again+",
      "keep on climbing+",
      "get back up+",
      "take the first step+",
      "push a little further+",
    ],
  },
  Melancholic: {
    triggers: "",
    feel: "tired, alone, far away, older, quiet, hollow, out of place, worn thin",
    img: [
      "rain/mass: tap on the glass, fall- | cold-, grey-",
      "empty chair: sit by the window | old, empty-",
      "letters/pl: yellow in a drawer | unread, old",
      "streetlight: flicker- | lonely-, tired-",
      "echo: answer back | hollow-",
      "clock: tick too loud | old, slow",
      "winter coat: hang by the door | heavy, old",
    ],
    place: [
      "by the window",
      "in the empty room",
      "on the platform",
      "at the end of the hall",
      "in the rear-view mirror",
    ],
    time: ["these days", "every night", "since you've been gone", "late at night"],
    act: [
      "leave the light on",
      "read your letters",
      "wait by the phone",
      "walk the long way round",
    ],
  },
  Dreamy: {
    triggers: "",
    feel: "weightless, far away, half asleep, lighter, adrift, slow and golden, out of reach",
    img: [
      "clouds/pl: drift, carry us away+ | slow, violet",
      "stars/pl: blink, spill across the dark | silver, distant",
      "moonlight/mass: pour through the curtains | silver, soft",
      "haze/mass: settle on the water | violet, soft",
      "paper boats/pl: drift away | little, white",
      "soap bubbles/pl: float, pop+ | tiny",
    ],
    place: ["in a dream", "above the clouds", "somewhere far away", "on the edge of sleep"],
    time: ["half asleep", "before the dawn", "every night"],
    act: ["float away+", "close my eyes", "drift a little higher+", "follow the light"],
  },
  Chill: {
    triggers: "",
    feel: "easy, slow, lazy, warm, fine, unhurried, at ease, just right, mellow",
    img: [
      "coffee/mass: steam+, go cold | warm+, black",
      "breeze: drift through the screen | cool, lazy",
      "records/pl: spin, crackle+ | old, dusty",
      "hammock: sway | old, lazy",
      "sunday light/mass: creep across the floor | soft, slow",
      "houseplants/pl: lean toward the sun | green, little",
    ],
    place: ["on the sofa", "by the open window", "in the corner booth", "on the balcony"],
    time: ["all afternoon", "on a Sunday", "till noon", "for a while"],
    act: ["take it slow", "put another record on", "sleep in late", "let the day go by"],
  },
  Romantic: {
    triggers: "",
    feel: "close, warm, cared for, at home, safe, wanted, right where I belong",
    img: [
      "candles/pl: flicker+, burn low | tall, white",
      "your hand: find mine+ | warm+",
      "roses/pl: bloom+, wait on the table | red, wild",
      "slow song: play on repeat+ | old, sweet+",
      "your eyes/pl: catch the light+ | bright+, green",
      "heartbeat: race | steady, racing",
    ],
    place: [
      "in your arms",
      "across the table",
      "on the dance floor",
      "by your side",
      "under the covers",
    ],
    time: ["tonight", "all night", "for the first time", "every time you smile"],
    act: ["hold you close+", "kiss you slow+", "stay the night+", "dance with you+"],
  },
  Hype: {
    triggers: "",
    feel: "wild, electric, unstoppable, alive, on fire, out of my mind, sky high",
    img: [
      "bass/mass: shake the walls, drop+ | heavy, deep",
      "strobe lights/pl: flash, cut the smoke | white",
      "speakers/pl: roar, rattle the floor | loud, blown",
      "crowd: jump+, lose control | wild, loud",
      "hands/pl: go up+ | raised",
      "sirens/pl: scream | loud",
    ],
    place: [
      "in the middle of the crowd",
      "on the dance floor",
      "up on the roof",
      "by the speakers",
    ],
    time: ["tonight", "right now", "till the sun comes up", "when the beat drops"],
    act: ["turn it up+", "jump with the crowd+", "lose control+", "light it up+", "run this town+"],
  },
};

export interface MoodBank extends Topic {
  /** Predicative adjectives and phrases: "I feel ___". */
  feel: string[];
}

export const MOOD_BANKS: Record<Mood, MoodBank> = Object.fromEntries(
  Object.entries(SOURCES).map(([mood, src]) => [
    mood,
    {
      ...parseTopic(`mood:${mood}`, src),
      feel: commaList(src.feel),
    },
  ]),
) as Record<Mood, MoodBank>;

/**
 * Places and times that fit almost any song, so a small palette still has words to rhyme on
 * ("night", "day", "light", "sky", "road", "home"). Used sparingly.
 */
export const EVERYDAY: Topic = parseTopic("everyday", {
  triggers: "",
  img: [],
  place: [
    "in the light",
    "under the open sky",
    "down the road",
    "on the way home",
    "out on the street",
    "by the window",
    "in the dark",
    "across town",
    "on the corner",
    "at the end of the street",
    "at the edge of town",
    "through the window",
    "down the block",
    "out in the cold",
    "on the last bus home",
    "by the river",
    "on the rooftop",
  ],
  time: [
    "tonight",
    "every day",
    "late at night",
    "these days",
    "right now",
    "again",
    "all year",
    "by then",
    "for a while",
    "till the morning",
    "every now and then",
    "one of these days",
    "in the morning",
    "at the end of the day",
    "when it's over",
    "before the sun goes down",
  ],
  act: [],
});

/**
 * Adjectives of texture a mood lends to the banks' concrete things ("the faded radio", "the silver
 * highway"), a few per thing, so the same image is not always sung with the same word.
 */
export const MOOD_TEXTURES: Record<Mood, string[]> = {
  Happy: [
    "bright",
    "warm",
    "golden",
    "sunny",
    "shiny",
    "sweet",
    "lucky",
    "painted",
    "little",
    "yellow",
    "cheerful",
    "breezy",
  ],
  Confident: [
    "bright",
    "bold",
    "shining",
    "heavy",
    "big",
    "polished",
    "solid",
    "fearless",
    "sharp",
    "proud",
    "gleaming",
    "roaring",
  ],
  Motivational: [
    "bright",
    "steady",
    "burning",
    "wide",
    "new",
    "rising",
    "hard-won",
    "rugged",
    "stubborn",
    "tireless",
    "early",
    "blazing",
  ],
  Melancholic: [
    "old",
    "grey",
    "cold",
    "faded",
    "distant",
    "worn",
    "empty",
    "rusted",
    "broken",
    "yellowed",
    "dusty",
    "lonesome",
  ],
  Dreamy: [
    "silver",
    "pale",
    "distant",
    "hazy",
    "soft",
    "drifting",
    "glowing",
    "velvet",
    "misty",
    "half-lit",
    "shimmering",
    "moonlit",
  ],
  Chill: [
    "slow",
    "warm",
    "soft",
    "mellow",
    "faded",
    "lazy",
    "sleepy",
    "easy",
    "sun-warmed",
    "humming",
    "quiet",
    "dappled",
  ],
  Romantic: [
    "soft",
    "warm",
    "golden",
    "gentle",
    "quiet",
    "tender",
    "candlelit",
    "rosy",
    "secret",
    "sweet",
    "velvet",
    "honeyed",
  ],
  Hype: [
    "loud",
    "bright",
    "wild",
    "electric",
    "flashing",
    "neon",
    "booming",
    "restless",
    "blinding",
    "shaking",
    "glowing",
    "reckless",
  ],
};

/** Weather of a mood's days ("on a rainy Tuesday", "one grey December"). */
const DAY_WEATHER: Record<Mood, [string, string]> = {
  Happy: ["sunny", "lazy"],
  Confident: ["bright", "clear"],
  Motivational: ["cold", "bright"],
  Melancholic: ["rainy", "grey"],
  Dreamy: ["misty", "quiet"],
  Chill: ["lazy", "slow"],
  Romantic: ["rainy", "quiet"],
  Hype: ["wild", "hot"],
};
const DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(" ");
const MONTHS =
  "January February March April May June July August September October November December".split(
    " ",
  );

/** Days and months a mood may set a line on: specific, and each ends on its own rhyme. */
export function calendarTimes(mood: Mood): TimeEntry[] {
  const [first, second] = DAY_WEATHER[mood];
  const topic = `calendar:${mood}`;
  return [
    ...DAYS.flatMap((d) => [first, second].map((w) => `on a ${w} ${d}`)),
    ...MONTHS.map((m) => `one ${first} ${m}`),
  ].map((text) => ({ text, noun: null, topic }));
}
