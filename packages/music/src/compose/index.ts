/**
 * Engine 2's composer: request → score, as a pipeline of small phases, each with its own forked
 * random generator (so changing one phase never shifts another's choices):
 * style → key and tempo → form (+ lyrics) → harmony → melody → arrangement → performance.
 */
import {
  DEFAULT_STRUCTURE,
  parseLyrics,
  suggestTitle,
  titleFromLyrics,
  writeLyrics,
} from "../lyrics";
import type { LyricSection, LyricSectionKind } from "../lyrics";
import { createRng, hashString } from "../prng";
import { GENRE_PROFILES } from "../profiles";
import type { Genre } from "../profiles";
import { ENGINE2_VERSION } from "../types";
import type { CompositionRequest, Engine2Composition, SongSection } from "../types";
import { validateRequest } from "../validate";
import { VOICES, voiceInfo } from "../voice/voices";
import type { VoiceId } from "../voice/voices";
import { planArrangement } from "./arrangement";
import {
  ENERGY,
  LOUDNESS_LU,
  barsPerLine,
  fitTempo,
  lyricStructure,
  planForm,
  templateForm,
} from "./form";
import { planHarmony } from "./harmony";
import { planKeyTempo } from "./key-tempo";
import { planMelody, steadyLine } from "./melody";
import { planPerformance } from "./performance";
import { planStyle } from "./style";

export { ENGINE2_VERSION };

/** Voices that suit a genre best (the seed picks between them, weighted). */
export const VOICE_WEIGHTS: Record<Genre, [VoiceId, number][]> = {
  Pop: [
    ["ember", 3],
    ["atlas", 1],
  ],
  Rock: [
    ["atlas", 2],
    ["ember", 1],
  ],
  Metal: [
    ["atlas", 3],
    ["ember", 1],
  ],
  "Hip-Hop": [
    ["atlas", 3],
    ["ember", 1],
  ],
  Jazz: [
    ["ember", 2],
    ["atlas", 2],
  ],
  Classical: [
    ["ember", 3],
    ["atlas", 1],
  ],
  EDM: [
    ["ember", 3],
    ["atlas", 1],
  ],
  Country: [
    ["atlas", 2],
    ["ember", 2],
  ],
  "R&B": [
    ["ember", 2],
    ["atlas", 1],
  ],
};

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function composeEngine2(request: CompositionRequest): Engine2Composition {
  validateRequest(request);
  const seed = request.seed >>> 0;
  const description = (request.description ?? "").trim();
  const root = createRng(
    seed ^ hashString(`engine2|${request.creationMode}|${description}|${request.lyrics ?? ""}`),
  );

  const style = planStyle(request, root.fork("style"));
  const keyTempo = planKeyTempo(style, Boolean(request.mood), root.fork("key-tempo"));
  const fitted = fitTempo(keyTempo.tempo, request.durationSec);
  const bpl = barsPerLine(fitted.tempo);
  const formRng = root.fork("form");

  // Lyrics: the user's, or written for the form's sung sections.
  let title = request.title?.trim() ?? "";
  const userLyrics =
    request.lyrics && /[A-Za-z0-9\p{L}]/u.test(request.lyrics) ? request.lyrics : null;
  let lyricText: string | null = null;
  let lyricSections: LyricSection[] = [];
  let lyricSource: "user" | "generated" = "user";
  if (userLyrics) {
    lyricText = userLyrics;
    lyricSections = parseLyrics(userLyrics);
    if (!title) title = titleFromLyrics(userLyrics);
  } else {
    const slots = templateForm(fitted.bars, 4 * bpl, style.genre, formRng.fork("form"));
    const wanted = lyricStructure(slots, bpl);
    if (wanted.length > 0) {
      const labels = new Map<string, number>();
      const structure = wanted.map((w) => {
        const n = (labels.get(w.kind) ?? 0) + 1;
        labels.set(w.kind, n);
        const base =
          DEFAULT_STRUCTURE.find((d) => d.kind === w.kind)?.label.replace(/ \d+$/, "") ??
          (w.kind === "pre-chorus" ? "Pre-Chorus" : w.kind === "bridge" ? "Bridge" : "Verse");
        return {
          kind: w.kind as LyricSectionKind,
          label: w.kind === "verse" ? `${base} ${n}` : base,
          lines: w.lines,
        };
      });
      const source =
        request.creationMode === "image" && style.image
          ? `${style.image.imagery.join(" ")} ${description}`
          : description;
      const written = writeLyrics({
        description: source || style.mood.toLowerCase(),
        mood: style.mood,
        genre: style.genre,
        seed,
        structure,
      });
      lyricText = written.text;
      lyricSections = written.sections;
      lyricSource = "generated";
      if (!title) title = written.title;
    }
  }
  if (!title)
    title = suggestTitle({
      description: description || (style.image ? style.image.imagery.join(" ") : style.mood),
      mood: style.mood,
      seed,
    });

  const form = planForm(
    fitted,
    style.genre,
    lyricText ? { sections: lyricSections, user: Boolean(userLyrics) } : null,
    formRng,
  );
  const sung = lyricText !== null && request.vocals !== "instrumental";
  let voice: VoiceId | null = null;
  if (sung) {
    const w = VOICE_WEIGHTS[style.genre];
    voice =
      request.voice ??
      root.fork("voice").weighted(
        w.map((x) => x[0]),
        w.map((x) => x[1]),
      );
  }
  const gp = GENRE_PROFILES[style.genre];
  const range: [number, number] = voice
    ? [...voiceInfo(voice).range]
    : [55 + gp.register, 79 + gp.register];

  const harmony = planHarmony(
    form.sections,
    keyTempo.tonicPc,
    keyTempo.mode,
    style.genre,
    root.fork("harmony"),
  );
  const melody = planMelody(
    form.sections,
    bpl,
    {
      tonicPc: keyTempo.tonicPc,
      mode: keyTempo.mode,
      chords: harmony.chords,
      genre: style.genre,
      range,
      steady: steadyLine(style, fitted.tempo),
    },
    root.fork("melody"),
  );
  const arrangement = planArrangement(
    form.sections,
    harmony.chords,
    melody.notes,
    style,
    keyTempo.tonicPc,
    keyTempo.mode,
    root.fork("arrangement"),
  );
  const totalBeats = form.bars * 4;
  const parts = planPerformance(
    arrangement,
    form.sections,
    style,
    fitted.tempo,
    totalBeats,
    root.fork("performance"),
  );

  const secPerBeat = 60 / fitted.tempo;
  let bar = 0;
  const sections: SongSection[] = form.sections.map((s, i) => {
    const startBeat = bar * 4;
    bar += s.bars;
    const last = i === form.sections.length - 1;
    return {
      kind: s.kind,
      label: s.label,
      startBar: bar - s.bars,
      bars: s.bars,
      startBeat,
      beats: s.bars * 4,
      startSec: round3(startBeat * secPerBeat),
      endSec: last ? request.durationSec : round3(bar * 4 * secPerBeat),
      energy: round3(Math.min(1, ENERGY[s.kind] + (s.final ? 0.1 : 0))),
      loudnessLu: s.final ? 0 : LOUDNESS_LU[s.kind],
      lyricSection: s.lyric ? s.lyric.index : null,
      parts: arrangement.playing[i] ?? [],
    };
  });

  return {
    engineVersion: ENGINE2_VERSION,
    seed,
    creationMode: request.creationMode,
    title,
    mood: style.mood,
    genre: style.genre,
    inferred: {
      mood: style.moodSource,
      genre: style.genreSource,
      keywords: style.steering.keywords,
      image: style.image ? (({ features: _f, ...rest }) => rest)(style.image) : null,
    },
    tempo: fitted.tempo,
    timeSignature: [4, 4],
    key: keyTempo.key,
    durationSec: request.durationSec,
    totalBeats,
    humanize: { swing: style.swing, timingMs: style.timingMs, velocity: style.velocitySd },
    style: {
      groove: style.groove.name,
      bassStyle: style.bassStyle,
      comp: style.comp,
      palette: style.palette.name,
      energy: round3(style.energy),
      brightness: round3(style.brightness),
      reverb: round3(style.reverb),
    },
    sections,
    chords: harmony.chords,
    parts,
    melodyPart: "lead",
    vocals: voice ? { voice } : null,
    lyrics: lyricText
      ? {
          text: lyricText,
          source: lyricSource,
          sections: lyricSections.map((s) => ({ kind: s.kind, label: s.label, lines: s.lines })),
          lines: melody.lines,
          unsungLines: form.unsung,
        }
      : null,
  };
}

export { VOICES };
