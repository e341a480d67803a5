/** Rough lyric sentiment from word lists (used to infer a mood from pasted lyrics). */

/** Rough lyric sentiment: -1 (sad) .. 1 (happy) and 0..1 energy, from word lists. */
export function lyricSentiment(text: string): { valence: number; energy: number } {
  const pos =
    /\b(love|happy|joy|smile|sun|shine|bright|dance|free|alive|laugh|gold|sweet|best|win|together|light)\b/g;
  const neg =
    /\b(sad|cry|tears|alone|lonely|lost|cold|dark|rain|goodbye|broken|pain|empty|die|miss|gone|grey|hurt)\b/g;
  const hi = /\b(party|jump|loud|fire|run|wild|fight|scream|go|now|up|bass|crowd|turn)\b/g;
  const t = text.toLowerCase();
  const p = (t.match(pos) ?? []).length;
  const n = (t.match(neg) ?? []).length;
  const e = (t.match(hi) ?? []).length;
  const words = Math.max(1, t.split(/\s+/).length);
  return { valence: p + n === 0 ? 0 : (p - n) / (p + n), energy: Math.min(1, (e / words) * 12) };
}
