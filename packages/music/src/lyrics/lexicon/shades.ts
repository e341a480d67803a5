/**
 * Each mood's larger word stock for the small words around a song's things: adjectives of texture
 * for things and places, adverbs for what the singer does, "how I feel" words and the parts of a
 * day. Drawn per line, not per description, so four songs about one thing don't share every
 * "the old radio" or "late at night" (the banks alone made most word pairs recur across songs).
 */
import type { Mood } from "../../profiles";
import { commaList } from "./parse";

/** Adjectives that suit almost any thing or place, in the mood's colour. */
export const MOOD_SHADES: Record<Mood, string[]> = {
  Happy: commaList(
    "bright, warm, golden, sunny, shiny, sweet, lucky, painted, little, yellow, cheerful, breezy, green, happy, gleaming, fresh, glowing, merry, rosy, open, friendly, sparkling, candy-colored, honeyed, bouncing, clear, lively, silly, summery, crisp",
  ),
  Confident: commaList(
    "bright, bold, shining, heavy, big, polished, solid, fearless, sharp, proud, gleaming, roaring, steel, chrome, gold, royal, loud, tall, brave, mighty, grand, spotless, hungry, restless, brand-new, burning, fierce, iron, electric, proven",
  ),
  Motivational: commaList(
    "bright, steady, burning, wide, rising, hard-won, rugged, stubborn, tireless, early, blazing, brave, hungry, honest, patient, strong, weathered, unbroken, fearless, fierce, open, distant, restless, iron, humble, quiet, clear, untamed, wild, sturdy",
  ),
  Melancholic: commaList(
    "old, grey, cold, faded, distant, worn, empty, rusted, broken, yellowed, dusty, lonesome, pale, quiet, tired, frozen, hollow, weary, silent, crooked, shadowed, wet, bitter, heavy, sleepless, forgotten, cracked, drenched, darkened, borrowed",
  ),
  Dreamy: commaList(
    "silver, pale, distant, hazy, soft, drifting, glowing, velvet, misty, half-lit, shimmering, moonlit, faraway, floating, blue, starlit, sleepy, gentle, golden, quiet, secret, endless, hushed, feathered, pearl, weightless, dusky, lavender, twilight, glassy",
  ),
  Chill: commaList(
    "slow, warm, soft, mellow, faded, lazy, sleepy, easy, sun-warmed, humming, quiet, dappled, cozy, gentle, hazy, worn-in, breezy, idle, dusky, low, cool, rumpled, sunlit, shady, unhurried, drowsy, smoky, tangled, comfy, loose",
  ),
  Romantic: commaList(
    "soft, warm, golden, gentle, quiet, tender, candlelit, rosy, secret, sweet, velvet, honeyed, silver, crimson, glowing, lovely, moonlit, shy, hidden, precious, silken, starry, blushing, dizzy, faithful, shining, slow, dear, lace, sleepy",
  ),
  Hype: commaList(
    "loud, bright, wild, electric, flashing, neon, booming, restless, blinding, shaking, glowing, reckless, burning, heavy, pounding, crazy, roaring, shining, hot, sweaty, dizzy, golden, chrome, crowded, jumping, thunderous, buzzing, rowdy, fiery, supercharged",
  ),
};

/** Adjectives for a stock place ("down the empty highway", "on the sunny porch"). */
export const PLACE_SHADES: Record<Mood, string[]> = {
  Happy: commaList(
    "sunny, old, little, bright, green, friendly, painted, busy, breezy, golden, open, sunlit, leafy, shady, cheerful, bustling",
  ),
  Confident: commaList(
    "wide, busy, big, shining, crowded, grand, polished, roaring, packed, golden, famous, endless, brand-new, bright, open, loud",
  ),
  Motivational: commaList(
    "long, open, busy, steep, dusty, winding, rocky, narrow, muddy, uphill, rough, endless, early, lonely, wide, hard",
  ),
  Melancholic: commaList(
    "empty, quiet, cold, lonely, darkened, silent, grey, wet, abandoned, narrow, dim, broken, faded, sleepless, forgotten, frozen",
  ),
  Dreamy: commaList(
    "quiet, silver, misty, sleeping, hazy, moonlit, blue, starlit, glowing, floating, hushed, velvet, distant, pale, drowsy, dusky",
  ),
  Chill: commaList(
    "quiet, lazy, old, shady, sleepy, easy, sunlit, mellow, breezy, cozy, warm, dappled, humming, slow, drowsy, soft",
  ),
  Romantic: commaList(
    "quiet, old, little, candlelit, hidden, narrow, secret, moonlit, cobbled, starlit, golden, rosy, silver, gentle, tender, velvet",
  ),
  Hype: commaList(
    "crowded, busy, packed, roaring, flashing, jumping, neon, buzzing, booming, sweaty, smoky, electric, shaking, wild, loud, bright",
  ),
};

/** How the singer does things: "I slowly drive home", "we're gladly dancing". */
export const MOOD_ADVERBS: Record<Mood, string[]> = {
  Happy: commaList(
    "gladly, happily, freely, lightly, proudly, simply, finally, suddenly, loudly, easily, brightly, gently",
  ),
  Confident: commaList(
    "boldly, proudly, calmly, firmly, simply, finally, easily, surely, coolly, loudly, openly, steadily",
  ),
  Motivational: commaList(
    "slowly, steadily, bravely, finally, firmly, patiently, stubbornly, proudly, fiercely, boldly, simply, surely",
  ),
  Melancholic: commaList(
    "slowly, quietly, barely, wearily, silently, sadly, softly, numbly, blindly, carefully, gently",
  ),
  Dreamy: commaList(
    "slowly, softly, lazily, gently, quietly, dreamily, sleepily, faintly, lightly, barely, secretly, silently",
  ),
  Chill: commaList(
    "slowly, lazily, easily, gently, quietly, softly, calmly, simply, sleepily, idly, lightly, barely",
  ),
  Romantic: commaList(
    "gently, softly, slowly, tenderly, quietly, secretly, shyly, sweetly, gladly, finally, carefully, simply",
  ),
  Hype: commaList(
    "loudly, wildly, boldly, madly, freely, proudly, fiercely, suddenly, finally, crazily, simply, gladly",
  ),
};

/** More ways to say how the singer feels, beside each mood bank's own. */
export const MORE_FEELINGS: Record<Mood, string[]> = {
  Happy: commaList(
    "over the moon, sky high, young again, at home, in bloom, warm inside, like singing, good as new, full of sun, ready for anything",
  ),
  Confident: commaList(
    "unshakable, like a king, like a queen, on my game, wide open, sharp as glass, miles ahead, right on time, built for this, made of steel",
  ),
  Motivational: commaList(
    "unbreakable, on my way, steady, hungry, brave enough, wide open, full of fire, back on track, halfway there, strong enough",
  ),
  Melancholic: commaList(
    "out of reach, so small, unraveled, half gone, left behind, lost at sea, paper thin, out of time, a little lost, too far gone",
  ),
  Dreamy: commaList(
    "drifting, miles away, light as a feather, half awake, lost in blue, out of time, far from shore, made of clouds, almost weightless, upside down",
  ),
  Chill: commaList(
    "laid back, unbothered, taken care of, slowed down, sun-warmed, in no rush, easygoing, at peace, all right, rested",
  ),
  Romantic: commaList(
    "cherished, safe with you, lit up, head over heels, spellbound, found, at home with you, shy again, adored tonight, close to you",
  ),
  Hype: commaList(
    "unstoppable, supercharged, ten feet tall, out of control, ready to go, lit, on top, fired up, wide awake, turned up",
  ),
};

/** Parts of a day a line may be set in, by mood: "one hazy evening", "on a quiet night". */
export const DAY_PARTS = commaList("night, evening, morning, afternoon, day");

/** What such a day is like. */
export const TIME_SHADES: Record<Mood, string[]> = {
  Happy: commaList("sunny, lazy, bright, golden, easy, perfect, breezy, lucky"),
  Confident: commaList("bright, clear, big, loud, golden, perfect, shining, electric"),
  Motivational: commaList("cold, bright, long, hard, early, clear, windy, restless"),
  Melancholic: commaList("rainy, grey, cold, quiet, lonely, long, empty, bitter"),
  Dreamy: commaList("misty, quiet, hazy, silver, slow, sleepy, pale, starry"),
  Chill: commaList("lazy, slow, quiet, easy, warm, sleepy, mellow, cloudy"),
  Romantic: commaList("rainy, quiet, warm, gentle, golden, tender, starry, lovely"),
  Hype: commaList("wild, hot, loud, crazy, electric, sweaty, endless, reckless"),
};

/**
 * What almost any thing may do in a song of the mood ("the radio waits", "old headlights
 * linger"): verbs a songwriter lends to lemonade or a porch alike. A few are lent to each of the
 * banks' things beside their own, whose one or two verbs made the same word pairs in every song.
 */
export const MOOD_VERBS: Record<Mood, string[]> = {
  Happy: commaList("shine, glow, wake up, wait, stay, sparkle, light up, linger"),
  Confident: commaList("shine, gleam, stand tall, hold steady, wait, stay, light up, glow"),
  Motivational: commaList("wait, stand firm, hold steady, wake up, shine, stay, glow, hold on"),
  Melancholic: commaList("fade, wait, linger, sleep, stay behind, go quiet, grow cold, rest"),
  Dreamy: commaList("glow, fade, sleep, linger, shimmer, dream, wait, glimmer"),
  Chill: commaList("rest, linger, sleep, wait, stay, glow, slow down, doze"),
  Romantic: commaList("glow, wait, linger, stay, shine, glimmer, shimmer, sparkle"),
  Hype: commaList("shake, shine, glow, light up, flash, gleam, wake up, come alive"),
};
