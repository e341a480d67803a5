/** Standard MIDI File (format 1) export: a conductor track plus one track per part. */
import { CC, panToCc } from "./render/events";
import { isEngine2 } from "./types";
import type { Composition, Engine1Composition, Engine2Composition, NoteTuple, Part } from "./types";

export const MIDI_PPQ = 480;
/** General MIDI drum keys for drum ids 0..7. */
export const GM_DRUM_KEYS = [36, 38, 42, 46, 39, 49, 51, 37] as const;

const PROGRAMS: Record<string, number> = {
  "pad-warm": 89,
  "pad-supersaw": 81,
  strings: 48,
  piano: 0,
  epiano: 4,
  pluck: 45,
  "guitar-clean": 25,
  "guitar-drive": 29,
  "lead-saw": 81,
  "lead-square": 80,
  bell: 14,
  organ: 16,
  flute: 73,
  "bass-sub": 38,
  "bass-synth": 38,
  "bass-pick": 34,
  "bass-upright": 32,
  "bass-808": 38,
  cello: 42,
};

function vlq(n: number, out: number[]): void {
  let v = Math.max(0, Math.floor(n));
  const bytes = [v & 0x7f];
  v >>= 7;
  while (v > 0) {
    bytes.unshift((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out.push(...bytes);
}

interface Ev {
  tick: number;
  order: number;
  data: number[];
}

function track(events: Ev[]): number[] {
  events.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const body: number[] = [];
  let last = 0;
  for (const e of events) {
    vlq(e.tick - last, body);
    last = e.tick;
    body.push(...e.data);
  }
  vlq(0, body);
  body.push(0xff, 0x2f, 0x00);
  const len = body.length;
  return [
    0x4d,
    0x54,
    0x72,
    0x6b,
    (len >>> 24) & 0xff,
    (len >>> 16) & 0xff,
    (len >>> 8) & 0xff,
    len & 0xff,
    ...body,
  ];
}

function text(type: number, s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  const out = [0xff, type];
  vlq(bytes.length, out);
  return [...out, ...bytes];
}

const tick = (beat: number): number => Math.round(beat * MIDI_PPQ);

function noteEvents(
  notes: NoteTuple[],
  channel: number,
  program: number,
  name: string,
  lyricsAt?: Map<number, string>,
): Ev[] {
  const evs: Ev[] = [
    { tick: 0, order: 0, data: text(0x03, name) },
    { tick: 0, order: 1, data: [0xc0 | channel, program & 0x7f] },
  ];
  notes.forEach((n, i) => {
    const on = tick(n[0]);
    const off = Math.max(on + 1, tick(n[0] + n[1]));
    const lyric = lyricsAt?.get(i);
    if (lyric !== undefined) evs.push({ tick: on, order: 2, data: text(0x05, lyric) });
    evs.push({ tick: on, order: 3, data: [0x90 | channel, n[2] & 0x7f, Math.max(1, n[3] & 0x7f)] });
    evs.push({ tick: off, order: 1, data: [0x80 | channel, n[2] & 0x7f, 0] });
  });
  return evs;
}

/**
 * Export the score as a format-1 MIDI file. Engine 1: conductor, melody (with lyric events),
 * chords, bass, drums. Engine 2: conductor (tempo, key, section markers) and one track per part
 * with its bank, program, volume, pan, expression, modulation, sustain, pitch bends and the
 * humanized notes — the same events the audio is rendered from; the melody carries the lyrics.
 */
export function renderMidi(c: Composition): Uint8Array {
  return isEngine2(c) ? renderMidi2(c) : renderMidi1(c);
}

function conductorTrack(c: Composition, markers: { beat: number; label: string }[]): Ev[] {
  const usPerBeat = Math.round(60_000_000 / c.tempo);
  const sharpsFlats: Record<string, number> = {
    C: 0,
    G: 1,
    D: 2,
    A: 3,
    E: 4,
    B: 5,
    "F#": 6,
    "C#": 7,
    F: -1,
    Bb: -2,
    Eb: -3,
    Ab: -4,
  };
  const majorPc = c.key.quality === "major" ? c.key.tonicPc : (c.key.tonicPc + 3) % 12;
  const names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
  const sf = sharpsFlats[names[majorPc] ?? "C"] ?? 0;
  const conductor: Ev[] = [
    { tick: 0, order: 0, data: text(0x03, c.title) },
    {
      tick: 0,
      order: 1,
      data: [0xff, 0x51, 0x03, (usPerBeat >> 16) & 0xff, (usPerBeat >> 8) & 0xff, usPerBeat & 0xff],
    },
    { tick: 0, order: 2, data: [0xff, 0x58, 0x04, c.timeSignature[0], 2, 24, 8] },
    { tick: 0, order: 3, data: [0xff, 0x59, 0x02, sf & 0xff, c.key.quality === "major" ? 0 : 1] },
  ];
  for (const m of markers)
    conductor.push({ tick: tick(m.beat), order: 4, data: text(0x06, m.label) });
  return conductor;
}

function file(tracks: number[][]): Uint8Array {
  const header = [
    0x4d,
    0x54,
    0x68,
    0x64,
    0,
    0,
    0,
    6,
    0,
    1,
    0,
    tracks.length,
    (MIDI_PPQ >> 8) & 0xff,
    MIDI_PPQ & 0xff,
  ];
  const total = header.length + tracks.reduce((n, t) => n + t.length, 0);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let o = header.length;
  for (const t of tracks) {
    out.set(t, o);
    o += t.length;
  }
  return out;
}

function partTrack(p: Part, lyricsAt?: Map<number, string>): number[] {
  const ch = p.channel & 0x0f;
  const evs: Ev[] = [{ tick: 0, order: 0, data: text(0x03, p.name) }];
  if (!p.drums) evs.push({ tick: 0, order: 1, data: [0xb0 | ch, CC.bank, p.bank & 0x7f] });
  evs.push({ tick: 0, order: 1, data: [0xc0 | ch, p.program & 0x7f] });
  evs.push({ tick: 0, order: 1, data: [0xb0 | ch, CC.volume, p.volume & 0x7f] });
  evs.push({ tick: 0, order: 1, data: [0xb0 | ch, CC.pan, panToCc(p.pan)] });
  for (const [b, cc, v] of p.controllers)
    evs.push({ tick: tick(b), order: 2, data: [0xb0 | ch, cc & 0x7f, v & 0x7f] });
  for (const [b, v] of p.bends) {
    const u = Math.max(0, Math.min(16383, v + 8192));
    evs.push({ tick: tick(b), order: 2, data: [0xe0 | ch, u & 0x7f, (u >> 7) & 0x7f] });
  }
  p.notes.forEach((n, i) => {
    const on = tick(n[0]);
    const off = Math.max(on + 1, tick(n[0] + n[1]));
    const lyric = lyricsAt?.get(i);
    if (lyric !== undefined) evs.push({ tick: on, order: 3, data: text(0x05, lyric) });
    evs.push({ tick: on, order: 4, data: [0x90 | ch, n[2] & 0x7f, Math.max(1, n[3] & 0x7f)] });
    evs.push({ tick: off, order: 1, data: [0x80 | ch, n[2] & 0x7f, 0] });
  });
  return track(evs);
}

function renderMidi2(c: Engine2Composition): Uint8Array {
  const conductor = conductorTrack(
    c,
    c.sections.map((s) => ({ beat: s.startBeat, label: s.label })),
  );
  const lyricsAt = new Map<number, string>();
  for (const line of c.lyrics?.lines ?? [])
    line.notes.forEach((ni, k) =>
      lyricsAt.set(ni, (line.syllables[k] ?? "") + (k === line.notes.length - 1 ? "\n" : " ")),
    );
  const tracks = [
    track(conductor),
    ...c.parts.map((p) => partTrack(p, p.id === c.melodyPart ? lyricsAt : undefined)),
  ];
  return file(tracks);
}

function renderMidi1(c: Engine1Composition): Uint8Array {
  const usPerBeat = Math.round(60_000_000 / c.tempo);
  const sharpsFlats: Record<string, number> = {
    C: 0,
    G: 1,
    D: 2,
    A: 3,
    E: 4,
    B: 5,
    "F#": 6,
    "C#": 7,
    F: -1,
    Bb: -2,
    Eb: -3,
    Ab: -4,
  };
  const majorPc = c.key.quality === "major" ? c.key.tonicPc : (c.key.tonicPc + 3) % 12;
  const names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
  const sf = sharpsFlats[names[majorPc] ?? "C"] ?? 0;
  const conductor: Ev[] = [
    { tick: 0, order: 0, data: text(0x03, c.title) },
    {
      tick: 0,
      order: 1,
      data: [0xff, 0x51, 0x03, (usPerBeat >> 16) & 0xff, (usPerBeat >> 8) & 0xff, usPerBeat & 0xff],
    },
    { tick: 0, order: 2, data: [0xff, 0x58, 0x04, c.timeSignature[0], 2, 24, 8] },
    { tick: 0, order: 3, data: [0xff, 0x59, 0x02, sf & 0xff, c.key.quality === "major" ? 0 : 1] },
  ];
  for (const s of c.form)
    conductor.push({ tick: tick(s.startBar * 4), order: 4, data: text(0x06, s.label) });
  const lyricsAt = new Map<number, string>();
  for (const line of c.lyrics?.lines ?? [])
    line.notes.forEach((ni, k) =>
      lyricsAt.set(ni, (line.syllables[k] ?? "") + (k === line.notes.length - 1 ? "\n" : " ")),
    );
  const drums: NoteTuple[] = c.tracks.drums.map((d) => [
    d[0],
    0.25,
    GM_DRUM_KEYS[d[1]] ?? 36,
    d[2],
  ]);
  const tracks = [
    track(conductor),
    track(noteEvents(c.tracks.melody, 0, PROGRAMS[c.arrangement.lead] ?? 0, "Melody", lyricsAt)),
    track(noteEvents(c.tracks.chords, 1, PROGRAMS[c.arrangement.chords] ?? 0, "Chords")),
    track(noteEvents(c.tracks.bass, 2, PROGRAMS[c.arrangement.bass] ?? 33, "Bass")),
    track(noteEvents(drums, 9, 0, "Drums")),
  ];
  const header = [
    0x4d,
    0x54,
    0x68,
    0x64,
    0,
    0,
    0,
    6,
    0,
    1,
    0,
    tracks.length,
    (MIDI_PPQ >> 8) & 0xff,
    MIDI_PPQ & 0xff,
  ];
  const total = header.length + tracks.reduce((n, t) => n + t.length, 0);
  const out = new Uint8Array(total);
  out.set(header, 0);
  let o = header.length;
  for (const t of tracks) {
    out.set(t, o);
    o += t.length;
  }
  return out;
}
