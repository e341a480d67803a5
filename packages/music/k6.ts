import { compose } from "./src/compose";
import { noteName } from "./src/theory";
import { renderSong } from "./src/render";
import { estimateKey, keyMatches } from "./src/test-utils";
import { GENRES, MOODS } from "./src/profiles";
const seeds: number[] = JSON.parse(process.argv[2]!);
let ok = 0;
for (const seed of seeds) {
  const idx = Math.floor((seed - 1002) / 2);
  const mood = MOODS[Math.floor(idx / GENRES.length)]!;
  const genre = GENRES[idx % GENRES.length]!;
  const c = compose({
    creationMode: "description",
    description: "city lights after midnight",
    mood,
    genre,
    seed,
    durationSec: 10,
  });
  const e = estimateKey(await renderSong(c));
  const m = keyMatches(e, c.key);
  if (m) ok++;
  console.log(
    seed,
    mood,
    genre,
    c.key.name,
    "->",
    noteName(e.tonicPc),
    e.quality,
    m ? "ok" : "FAIL",
    c.style.palette,
    c.style.comp,
    c.chords.map((x) => x.symbol).join(" "),
    m ? "" : e.chroma.map((v, i) => noteName(i) + ":" + v.toFixed(2)).join(" "),
  );
}
console.log(ok, "/", seeds.length);
