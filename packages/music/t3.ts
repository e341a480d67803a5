import { compose } from "./src/compose";
import { renderSong } from "./src/render";
const c = compose({ creationMode: "description", description: "neon city lights at night", mood: "Happy", genre: (process.argv[2] ?? "Rock") as never, seed: 1, durationSec: Number(process.argv[3] ?? 30) });
for (let rep = 0; rep < 3; rep++) {
const cpu0 = process.cpuUsage();
await renderSong(c);
const cu = process.cpuUsage(cpu0); const ms = (cu.user + cu.system) / 1000; console.log("song cpu ms", Math.round(ms), "x", (c.durationSec * 1000 / ms).toFixed(1));
}
