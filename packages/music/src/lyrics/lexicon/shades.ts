/**
 * Each mood's larger word stock for the small words around a song's things: adjectives of texture
 * for things and places, adverbs for what the singer does, "how I feel" words and the parts of a
 * day. Drawn per line, not per description, so four songs about one thing don't share every
 * "the old radio" or "late at night" (the banks alone made most word pairs recur across songs).
 */
import type { Mood } from "../../profiles";
import { commaList as words } from "./parse";

/** Adjectives that suit almost any thing or place, in the mood's colour. */
export const MOOD_SHADES: Record<Mood, string[]> = {
  Happy: words(
    "bright, warm, golden, sunny, shiny, sweet, lucky, painted, little, yellow, cheerful, breezy, green, happy, gleaming, fresh, glowing, merry, rosy, open, friendly, sparkling, candy-colored, honeyed, bouncing, clear, lively, silly, summery, crisp",
  ),
  Confident: words(
    "bright, bold, shining, heavy, big, polished, solid, fearless, sharp, proud, gleaming, roaring, steel, chrome, gold, royal, loud, tall, brave, mighty, grand, spotless, hungry, restless, brand-new, burning, fierce, iron, electric, proven",
  ),
  Motivational: words(
    "bright, steady, burning, wide, rising, hard-won, rugged, stubborn, tireless, early, blazing, brave, hungry, honest, patient, strong, weathered, unbroken, fearless, fierce, open, distant, restless, iron, humble, quiet, clear, untamed, wild, sturdy",
  ),
  Melancholic: words(
    "old, grey, cold, faded, distant, worn, empty, rusted, broken, yellowed, dusty, lonesome, pale, quiet, tired, frozen, hollow, weary, silent, crooked, shadowed, wet, bitter, heavy, sleepless, forgotten, cracked, drenched, darkened, borrowed",
  ),
  Dreamy: words(
    "silver, pale, distant, hazy, soft, drifting, glowing, velvet, misty, half-lit, shimmering, moonlit, faraway, floating, blue, starlit, sleepy, gentle, golden, quiet, secret, endless, hushed, feathered, pearl, weightless, dusky, lavender, twilight, glassy",
  ),
  Chill: words(
    "slow, warm, soft, mellow, faded, lazy, sleepy, easy, sun-warmed, humming, quiet, dappled, cozy, gentle, hazy, worn-in, breezy, idle, dusky, low, cool, rumpled, sunlit, shady, unhurried, drowsy, smoky, tangled, comfy, loose",
  ),
  Romantic: words(
    "soft, warm, golden, gentle, quiet, tender, candlelit, rosy, secret, sweet, velvet, honeyed, silver, crimson, glowing, lovely, moonlit, shy, hidden, precious, silken, starry, blushing, dizzy, faithful, shining, slow, dear, lace, sleepy",
  ),
  Hype: words(
    "loud, bright, wild, electric, flashing, neon, booming, restless, blinding, shaking, glowing, reckless, burning, heavy, pounding, crazy, roaring, shining, hot, sweaty, dizzy, golden, chrome, crowded, jumping, thunderous, buzzing, rowdy, fiery, supercharged",
  ),
};

/** Adjectives for a stock place ("down the empty highway", "on the sunny porch"). */
export const PLACE_SHADES: Record<Mood, string[]> = {
  Happy: words(
    "sunny, old, little, bright, green, friendly, painted, busy, breezy, golden, open, sunlit, leafy, shady, cheerful, bustling",
  ),
  Confident: words(
    "wide, busy, big, shining, crowded, grand, polished, roaring, packed, golden, famous, endless, brand-new, bright, open, loud",
  ),
  Motivational: words(
    "long, open, busy, steep, dusty, winding, rocky, narrow, muddy, uphill, rough, endless, early, lonely, wide, hard",
  ),
  Melancholic: words(
    "empty, quiet, cold, lonely, darkened, silent, grey, wet, abandoned, narrow, dim, broken, faded, sleepless, forgotten, frozen",
  ),
  Dreamy: words(
    "quiet, silver, misty, sleeping, hazy, moonlit, blue, starlit, glowing, floating, hushed, velvet, distant, pale, drowsy, dusky",
  ),
  Chill: words(
    "quiet, lazy, old, shady, sleepy, easy, sunlit, mellow, breezy, cozy, warm, dappled, humming, slow, drowsy, soft",
  ),
  Romantic: words(
    "quiet, old, little, candlelit, hidden, narrow, secret, moonlit, cobbled, starlit, golden, rosy, silver, gentle, tender, velvet",
  ),
  Hype: words(
    "crowded, busy, packed, roaring, flashing, jumping, neon, buzzing, booming, sweaty, smoky, electric, shaking, wild, loud, bright",
  ),
};

/** How the singer does things: "I slowly drive home", "we're gladly dancing". */
export const MOOD_ADVERBS: Record<Mood, string[]> = {
  Happy: words(
    "gladly, happily, freely, lightly, proudly, simply, finally, suddenly, loudly, easily, brightly, gently",
  ),
  Confident: words(
    "boldly, proudly, calmly, firmly, simply, finally, easily, surely, coolly, loudly, openly, steadily",
  ),
  Motivational: words(
    "slowly, steadily, bravely, finally, firmly, patiently, stubbornly, proudly, fiercely, boldly, simply, surely",
  ),
  Melancholic: words(
    "slowly, quietly, barely, wearily, silently, sadly, softly, numbly, blindly, carefully, gently",
  ),
  Dreamy: words(
    "slowly, softly, lazily, gently, quietly, dreamily, sleepily, faintly, lightly, barely, secretly, silently",
  ),
  Chill: words(
    "slowly, lazily, easily, gently, quietly, softly, calmly, simply, sleepily, idly, lightly, barely",
  ),
  Romantic: words(
    "gently, softly, slowly, tenderly, quietly, secretly, shyly, sweetly, gladly, finally, carefully, simply",
  ),
  Hype: words(
    "loudly, wildly, boldly, madly, freely, proudly, fiercely, suddenly, finally, crazily, simply, gladly",
  ),
};

/** More ways to say how the singer feels, beside each mood bank's own. */
export const MORE_FEELINGS: Record<Mood, string[]> = {
  Happy: words(
    "over the moon, sky high, young again, at home, in bloom, warm inside, like singing, good as new, full of sun, ready for anything",
  ),
  Confident: words(
    "unshakable, like a king, like a queen, on my game, wide open, sharp as glass, miles ahead, right on time, built for this, made of steel",
  ),
  Motivational: words(
    "unbreakable, on my way, steady, hungry, brave enough, wide open, full of fire, back on track, halfway there, strong enough",
  ),
  Melancholic: words(
    "out of reach, so small, unraveled, half gone, left behind, lost at sea, paper thin, out of time, a little lost, too far gone",
  ),
  Dreamy: words(
    "drifting, miles away, light as a feather, half awake, lost in blue, out of time, far from shore, made of clouds, almost weightless, upside down",
  ),
  Chill: words(
    "laid back, unbothered, taken care of, slowed down, sun-warmed, in no rush, easygoing, at peace, all right, rested",
  ),
  Romantic: words(
    "cherished, safe with you, lit up, head over heels, spellbound, found, at home with you, shy again, adored tonight, close to you",
  ),
  Hype: words(
    "unstoppable, supercharged, ten feet tall, out of control, ready to go, lit, on top, fired up, wide awake, turned up",
  ),
};

/** Parts of a day a line may be set in, by mood: "one hazy evening", "on a quiet night". */
export const DAY_PARTS = words("night, evening, morning, afternoon, day");

/** What such a day is like. */
export const TIME_SHADES: Record<Mood, string[]> = {
  Happy: words("sunny, lazy, bright, golden, easy, perfect, breezy, lucky"),
  Confident: words("bright, clear, big, loud, golden, perfect, shining, electric"),
  Motivational: words("cold, bright, long, hard, early, clear, windy, restless"),
  Melancholic: words("rainy, grey, cold, quiet, lonely, long, empty, bitter"),
  Dreamy: words("misty, quiet, hazy, silver, slow, sleepy, pale, starry"),
  Chill: words("lazy, slow, quiet, easy, warm, sleepy, mellow, cloudy"),
  Romantic: words("rainy, quiet, warm, gentle, golden, tender, starry, lovely"),
  Hype: words("wild, hot, loud, crazy, electric, sweaty, endless, reckless"),
};

/**
 * What almost any thing may do in a song of the mood ("the radio waits", "old headlights
 * linger"): verbs a songwriter lends to lemonade or a porch alike. A few are lent to each of the
 * banks' things beside their own, whose one or two verbs made the same word pairs in every song.
 */
export const MOOD_VERBS: Record<Mood, string[]> = {
  Happy: words("shine, glow, wake up, wait, stay, sparkle, light up, linger"),
  Confident: words("shine, gleam, stand tall, hold steady, wait, stay, light up, glow"),
  Motivational: words("wait, stand firm, hold steady, wake up, shine, stay, glow, hold on"),
  Melancholic: words("fade, wait, linger, sleep, stay behind, go quiet, grow cold, rest"),
  Dreamy: words("glow, fade, sleep, linger, shimmer, dream, wait, glimmer"),
  Chill: words("rest, linger, sleep, wait, stay, glow, slow down, doze"),
  Romantic: words("glow, wait, linger, stay, shine, glimmer, shimmer, sparkle"),
  Hype: words("shake, shine, glow, light up, flash, gleam, wake up, come alive"),
};
