/**
 * Instrument palettes: which General MIDI instruments play each role, per genre. The seed picks one
 * palette of its genre, so two seeds of one request can sound like different bands.
 * Programs are General MIDI (0-based); `bank` is the bank-select MSB of the MuseScore_General
 * variations (8 = the alternative sound of a program). Drum kits are programs on channel 10.
 */
import type { Genre } from "../profiles";

export interface Voice {
  program: number;
  bank?: number;
  name: string;
  /**
   * Release time (CC72) in place of the role's, for an instrument whose bank release rings far
   * past what the real one does.
   */
  release?: number;
}

/** Role ids used by the arrangement. */
export type Role =
  "lead" | "counter" | "keys" | "pad" | "rhythmL" | "rhythmR" | "mute" | "arp" | "bass" | "perc";

export interface Palette {
  name: string;
  kit: Voice | null;
  bass: Voice;
  lead: Voice;
  /** The solo instrument of instrumental sections (defaults to the lead). */
  solo?: Voice;
  counter?: Voice;
  keys?: Voice;
  pad?: Voice;
  /** Doubled rhythm instrument, panned left and right. */
  rhythm?: Voice;
  /** Palm-muted rhythm (verses) for guitar bands. */
  mute?: Voice;
  arp?: Voice;
  /** Orchestral percussion (timpani) or a tambourine-like layer. */
  perc?: Voice;
}

const v = (program: number, name: string, bank = 0): Voice => ({ program, bank, name });

const KIT = {
  standard: v(0, "Standard kit"),
  room: v(8, "Room kit"),
  power: v(16, "Power kit"),
  electronic: v(24, "Electronic kit"),
  tr808: v(25, "TR-808 kit"),
  jazz: v(32, "Jazz kit"),
  brush: v(40, "Brush kit"),
};

export const PALETTES: Record<Genre, Palette[]> = {
  Pop: [
    {
      name: "piano pop",
      kit: KIT.standard,
      bass: v(33, "Fingered Bass"),
      lead: v(80, "Square Lead"),
      counter: v(11, "Vibraphone"),
      keys: v(0, "Grand Piano"),
      pad: v(89, "Warm Pad"),
      arp: v(46, "Harp"),
    },
    {
      name: "guitar pop",
      kit: KIT.room,
      bass: v(34, "Picked Bass"),
      lead: v(73, "Flute"),
      counter: v(8, "Celesta"),
      keys: v(4, "Tine Electric Piano"),
      rhythm: v(25, "Steel String Guitar"),
      pad: v(49, "Strings Slow"),
    },
    {
      name: "synth pop",
      kit: KIT.electronic,
      bass: v(38, "Synth Bass 1"),
      lead: v(82, "Calliope Lead"),
      counter: v(98, "Crystal"),
      keys: v(5, "FM Electric Piano"),
      pad: v(90, "Polysynth"),
      arp: v(10, "Music Box"),
    },
  ],
  Rock: [
    {
      name: "two guitars",
      kit: KIT.standard,
      bass: v(34, "Picked Bass"),
      lead: v(29, "Overdrive Guitar"),
      rhythm: v(30, "Distortion Guitar"),
      mute: v(28, "Palm Muted Guitar"),
      keys: v(18, "Rock Organ"),
    },
    {
      name: "garage",
      kit: KIT.room,
      bass: v(33, "Fingered Bass"),
      lead: v(30, "Distortion Guitar"),
      rhythm: v(29, "Overdrive Guitar"),
      mute: v(28, "Palm Muted Guitar"),
      keys: v(0, "Grand Piano"),
    },
    {
      name: "arena",
      kit: KIT.power,
      bass: v(34, "Picked Bass"),
      lead: v(29, "Overdrive Guitar"),
      rhythm: v(30, "Distortion Guitar"),
      mute: v(28, "Palm Muted Guitar"),
      pad: v(48, "Strings Fast"),
    },
  ],
  Metal: [
    {
      name: "twin distortion",
      kit: KIT.power,
      bass: v(33, "Fingered Bass"),
      lead: v(29, "Overdrive Guitar"),
      rhythm: v(30, "Distortion Guitar"),
      mute: v(28, "Palm Muted Guitar"),
      pad: v(48, "Strings Fast"),
    },
    {
      name: "overdrive and strings",
      kit: KIT.standard,
      bass: v(33, "Fingered Bass"),
      lead: v(29, "Overdrive Guitar"),
      rhythm: v(30, "Distortion Guitar"),
      mute: v(28, "Palm Muted Guitar"),
      pad: v(48, "Strings Fast"),
    },
  ],
  "Hip-Hop": [
    {
      name: "808 and keys",
      kit: KIT.tr808,
      bass: v(38, "Synth Bass 1"),
      lead: v(11, "Vibraphone"),
      keys: v(4, "Tine Electric Piano"),
      pad: v(89, "Warm Pad"),
    },
    {
      name: "boom bap",
      kit: KIT.standard,
      bass: v(33, "Fingered Bass"),
      lead: v(73, "Flute"),
      keys: v(0, "Grand Piano"),
      pad: v(49, "Strings Slow"),
      counter: v(10, "Music Box"),
    },
    {
      name: "dark trap",
      kit: KIT.tr808,
      bass: v(39, "Synth Bass 2"),
      lead: v(8, "Celesta"),
      keys: v(5, "FM Electric Piano"),
      pad: v(94, "Halo Pad"),
      counter: v(52, "Choir Aahs"),
    },
  ],
  Jazz: [
    {
      name: "tenor quartet",
      kit: KIT.brush,
      bass: v(32, "Acoustic Bass"),
      lead: v(66, "Tenor Sax"),
      keys: v(4, "Tine Electric Piano"),
      counter: v(11, "Vibraphone"),
    },
    {
      name: "piano trio and trumpet",
      kit: KIT.jazz,
      bass: v(32, "Acoustic Bass"),
      lead: v(56, "Trumpet"),
      solo: v(59, "Harmon Mute Trumpet"),
      keys: v(0, "Grand Piano"),
    },
    {
      name: "alto and guitar",
      kit: KIT.brush,
      bass: v(32, "Acoustic Bass"),
      lead: v(65, "Alto Sax"),
      keys: v(26, "Jazz Guitar"),
      counter: v(4, "Tine Electric Piano"),
    },
  ],
  Classical: [
    {
      name: "flute and strings",
      kit: null,
      bass: v(45, "Pizzicato Strings"),
      lead: v(73, "Flute"),
      counter: v(68, "Oboe"),
      pad: v(49, "Strings Slow"),
      keys: v(0, "Grand Piano"),
      arp: v(46, "Harp"),
      perc: v(47, "Timpani"),
    },
    {
      name: "violin and piano",
      kit: null,
      bass: v(45, "Pizzicato Strings"),
      lead: v(40, "Violin"),
      counter: v(71, "Clarinet"),
      pad: v(48, "Strings Fast"),
      keys: v(0, "Grand Piano"),
      perc: v(47, "Timpani"),
    },
    {
      name: "woodwinds",
      kit: null,
      bass: v(45, "Pizzicato Strings"),
      lead: v(71, "Clarinet"),
      counter: v(60, "French Horns"),
      pad: v(49, "Strings Slow"),
      arp: v(46, "Harp"),
      keys: v(0, "Grand Piano"),
      perc: v(47, "Timpani"),
    },
  ],
  EDM: [
    {
      name: "festival",
      kit: KIT.electronic,
      bass: v(39, "Synth Bass 2"),
      lead: v(83, "Chiffer Lead"),
      pad: v(90, "Polysynth"),
      arp: v(98, "Crystal"),
      counter: v(50, "Synth Strings 1"),
    },
    {
      name: "deep house",
      kit: KIT.tr808,
      bass: v(38, "Synth Bass 1"),
      lead: v(5, "FM Electric Piano"),
      pad: v(89, "Warm Pad"),
      arp: v(102, "Echo Drops"),
      keys: v(4, "Tine Electric Piano"),
    },
    {
      name: "trance",
      kit: KIT.electronic,
      bass: v(38, "Synth Bass 1"),
      lead: v(80, "Square Lead"),
      pad: v(95, "Sweep Pad"),
      arp: v(90, "Polysynth"),
      counter: v(91, "Space Voice"),
    },
  ],
  Country: [
    {
      name: "fiddle and steel",
      kit: KIT.standard,
      bass: v(33, "Fingered Bass"),
      lead: v(110, "Fiddle"),
      rhythm: v(25, "Steel String Guitar"),
      counter: v(26, "Hawaiian Guitar", 8),
      keys: v(0, "Grand Piano"),
    },
    {
      name: "banjo and harmonica",
      kit: KIT.room,
      bass: v(32, "Acoustic Bass"),
      lead: v(22, "Harmonica"),
      rhythm: v(25, "Steel String Guitar"),
      // The bank's banjo rings 10 s after each note (3 s to −60 dB at the arp's CC72): a real
      // banjo's head stops a note within about a second. At 20 a note is 37 dB down after 0.5 s,
      // and the arp's sixteenths keep 8 voices ringing rather than 13.5 (the synth's work).
      arp: { ...v(105, "Banjo"), release: 20 },
      keys: v(3, "Honky-Tonk Piano"),
    },
    {
      name: "telecaster",
      kit: KIT.standard,
      bass: v(34, "Picked Bass"),
      lead: v(27, "Clean Guitar"),
      rhythm: v(25, "Steel String Guitar"),
      counter: v(110, "Fiddle"),
      pad: v(16, "Drawbar Organ"),
    },
  ],
  "R&B": [
    {
      name: "rhodes soul",
      kit: KIT.tr808,
      bass: v(33, "Fingered Bass"),
      lead: v(65, "Alto Sax"),
      keys: v(4, "Tine Electric Piano"),
      pad: v(49, "Strings Slow"),
      counter: v(11, "Vibraphone"),
    },
    {
      name: "slow jam",
      kit: KIT.electronic,
      bass: v(38, "Synth Bass 1"),
      lead: v(11, "Vibraphone"),
      keys: v(5, "FM Electric Piano"),
      pad: v(89, "Warm Pad"),
      rhythm: v(27, "Clean Guitar"),
    },
    {
      name: "neo soul",
      kit: KIT.standard,
      bass: v(33, "Fingered Bass"),
      lead: v(73, "Flute"),
      keys: v(4, "Tine Electric Piano"),
      pad: v(94, "Halo Pad"),
      rhythm: v(26, "Jazz Guitar"),
    },
  ],
};
