import { describe, expect, it } from "vitest";
import * as music from "./index";
import { classifyIntent } from "./intent";
import type { ClassifiedIntent } from "./types";

const table: Array<[string, Partial<ClassifiedIntent>]> = [
  ["hi", { intent: "greeting" }],
  ["Hello there!", { intent: "greeting" }],
  [
    "write a chorus about leaving home",
    { intent: "write_section", section: { kind: "chorus" }, theme: "leaving home" },
  ],
  [
    "Write a verse about the ocean, please",
    { intent: "write_section", section: { kind: "verse" }, theme: "the ocean" },
  ],
  [
    "Write a chorus about summer nights by the sea\nmake it dreamy",
    { intent: "write_section", mood: "Dreamy", theme: "summer nights by the sea" },
  ],
  [
    "write a verse about rain, and make it sad",
    { intent: "write_section", mood: "Melancholic", theme: "rain" },
  ],
  ["give me a bridge", { intent: "write_section", section: { kind: "bridge" } }],
  ["write verse 2", { intent: "write_section", section: { kind: "verse", number: 2 } }],
  [
    "write a sad chorus about rain",
    { intent: "write_section", mood: "Melancholic", theme: "rain" },
  ],
  [
    "write a song about summer",
    { intent: "write_section", section: { kind: "song" }, theme: "summer" },
  ],
  ["rhymes for fire", { intent: "rhymes", word: "fire" }],
  ["what rhymes with love?", { intent: "rhymes", word: "love" }],
  [
    "make verse 2 sadder",
    { intent: "rewrite_section", section: { kind: "verse", number: 2 }, direction: "sadder" },
  ],
  [
    "make the second verse happier",
    { intent: "rewrite_section", section: { kind: "verse", number: 2 }, direction: "happier" },
  ],
  [
    "make the chorus more hopeful",
    { intent: "rewrite_section", section: { kind: "chorus" }, direction: "hopeful" },
  ],
  ["make it darker", { intent: "rewrite_section", direction: "darker" }],
  [
    "can you make the bridge shorter",
    { intent: "rewrite_section", section: { kind: "bridge" }, direction: "shorter" },
  ],
  ["make verse 1 longer", { intent: "rewrite_section", direction: "longer" }],
  [
    "rewrite the chorus",
    { intent: "rewrite_section", section: { kind: "chorus" }, direction: "fresh" },
  ],
  ["suggest a title", { intent: "title" }],
  ["what should we call it?", { intent: "title" }],
  ["call it Paper Boats", { intent: "title", title: "Paper Boats" }],
  ["what genre fits this?", { intent: "genre_advice" }],
  ["which style would suit these lyrics", { intent: "genre_advice" }],
  ["use it", { intent: "genre_advice", apply: true }],
  ["make it hype", { intent: "set_style", mood: "Hype" }],
  ["make it jazz", { intent: "set_style", genre: "Jazz" }],
  [
    "set the mood to chill and the genre to hip hop",
    { intent: "set_style", mood: "Chill", genre: "Hip-Hop" },
  ],
  ["r&b", { intent: "set_style", genre: "R&B" }],
  ["show the lyrics", { intent: "show_draft" }],
  ["show", { intent: "show_draft" }],
  ["set the genre to polka", { intent: "set_style" }],
  ["show me the draft", { intent: "show_draft" }],
  ["what do we have so far?", { intent: "show_draft" }],
  ["make it a song", { intent: "make_song" }],
  ["ok let's turn this into a song now", { intent: "make_song" }],
  ["help", { intent: "help" }],
  ["what can you do?", { intent: "help" }],
  ["yes", { intent: "unknown", affirmation: true }],
  ["what's the weather in Paris?", { intent: "unknown" }],
  ["", { intent: "help" }],
];

describe("classifyIntent", () => {
  it.each(table)("%s", (message, expected) => {
    expect(classifyIntent(message)).toMatchObject(expected);
  });
});

describe("package exports", () => {
  it("exposes the assistant API from the package's ./assistant entry", () => {
    for (const name of [
      "respond",
      "classifyIntent",
      "streamReply",
      "createEmbeddedAssistant",
      "createOpenAICompatibleAssistant",
    ] as const) {
      expect(typeof music[name]).toBe("function");
    }
    expect(music.classifyIntent("rhymes for fire").intent).toBe("rhymes");
  });
});
