import { describe, expect, it } from "vitest";
import { GENRES, MOODS } from "../profiles";
import { doesRhyme, parseLyrics } from "../lyrics";
import { countSyllables } from "../syllables";
import { respond } from "./respond";
import type { AssistantReply, AssistantTurn, ConversationDraft } from "./types";

/** Plays a conversation through respond(), threading history and draft like the API does. */
function converse(messages: string[], start: ConversationDraft = {}): AssistantReply[] {
  const history: AssistantTurn[] = [];
  let draft = start;
  const replies: AssistantReply[] = [];
  for (const message of messages) {
    const reply = respond({ message, history, draft });
    replies.push(reply);
    history.push({ role: "user", content: message }, { role: "assistant", content: reply.text });
    draft = reply.draft;
  }
  return replies;
}

const section = (lyrics: string | undefined, label: string) =>
  parseLyrics(lyrics ?? "").find((s) => s.label === label);

describe("scripted conversation", () => {
  const script = [
    "hello!",
    "write a chorus about leaving home",
    "write a verse",
    "rhymes for fire",
    "make verse 1 sadder",
    "suggest a title",
    "what genre fits this?",
    "make it a song",
  ];
  const r = converse(script);
  const [greet, chorus, verse, rhymes, sadder, title, genre, song] = r as [
    AssistantReply,
    AssistantReply,
    AssistantReply,
    AssistantReply,
    AssistantReply,
    AssistantReply,
    AssistantReply,
    AssistantReply,
  ];

  it("greets", () => {
    expect(greet.intent).toBe("greeting");
    expect(greet.text).toMatch(/songwriting assistant/i);
    expect(greet.draft).toEqual({});
    expect(greet.makeSong).toBe(false);
  });

  it("writes a chorus about the theme, chorus-length, into the draft", () => {
    expect(chorus.intent).toBe("write_section");
    expect(chorus.draft.theme).toBe("leaving home");
    expect(chorus.draft.lyrics).toMatch(/^\[Chorus\]$/m);
    const lines = section(chorus.draft.lyrics, "Chorus")?.lines ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(6);
    for (const line of lines) {
      expect(countSyllables(line)).toBeGreaterThanOrEqual(5);
      expect(countSyllables(line)).toBeLessThanOrEqual(12);
    }
    const text = lines.join(" ").toLowerCase();
    expect(text).toMatch(/\bhome\b/);
    expect(text).toMatch(/\bleaving\b/);
    for (const line of lines) expect(chorus.text).toContain(line);
  });

  it("writes a verse on the remembered theme and keeps the chorus", () => {
    expect(verse.intent).toBe("write_section");
    expect(verse.draft.theme).toBe("leaving home");
    const sections = parseLyrics(verse.draft.lyrics ?? "");
    expect(sections.map((s) => s.label)).toEqual(["Verse 1", "Chorus"]);
    const v = sections[0]?.lines ?? [];
    expect(v.length).toBeGreaterThanOrEqual(4);
    expect(v.length).toBeLessThanOrEqual(8);
    expect(verse.text).toMatch(/leaving home/);
    expect(v.join(" ").toLowerCase()).toMatch(/\b(home|door|porch|kitchen|window)\b/);
    expect(section(verse.draft.lyrics, "Chorus")?.lines).toEqual(
      section(chorus.draft.lyrics, "Chorus")?.lines,
    );
  });

  it("lists real rhymes for fire and leaves the draft alone", () => {
    expect(rhymes.intent).toBe("rhymes");
    const list = /: ([^.]+)\./.exec(rhymes.text)?.[1]?.split(/,\s*/) ?? [];
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(list.length).toBeLessThanOrEqual(12);
    for (const w of list) expect(doesRhyme("fire", w), w).toBe(true);
    expect(rhymes.text).toMatch(/for example/i);
    expect(rhymes.draft).toEqual(verse.draft);
  });

  it("rewrites verse 1 sadder and moves the mood to Melancholic", () => {
    expect(sadder.intent).toBe("rewrite_section");
    const before = section(verse.draft.lyrics, "Verse 1")?.lines ?? [];
    const after = section(sadder.draft.lyrics, "Verse 1")?.lines ?? [];
    expect(after.length).toBe(before.length);
    expect(after).not.toEqual(before);
    expect(sadder.draft.mood).toBe("Melancholic");
    expect(sadder.text).toMatch(/Melancholic/);
    // Rhyme words survive the rewrite; other sections are untouched.
    expect(after.map((l) => l.split(" ").pop())).toEqual(before.map((l) => l.split(" ").pop()));
    expect(section(sadder.draft.lyrics, "Chorus")).toEqual(section(verse.draft.lyrics, "Chorus"));
  });

  it("suggests and sets a title", () => {
    expect(title.intent).toBe("title");
    expect(title.draft.title?.trim().length).toBeGreaterThan(0);
    expect(title.text).toContain(title.draft.title ?? "!");
  });

  it("names one genre with a reason, without setting it", () => {
    expect(genre.intent).toBe("genre_advice");
    const pick = /My pick: \*\*([^*]+)\*\*/.exec(genre.text)?.[1];
    expect(GENRES).toContain(pick);
    expect(genre.text).toMatch(/Melancholic/);
    expect(genre.text).toMatch(/BPM/);
    expect(genre.draft.genre).toBeUndefined();
  });

  it("makes the song with a complete draft and a summary", () => {
    expect(song.intent).toBe("make_song");
    expect(song.makeSong).toBe(true);
    expect(song.draft.lyrics).toBe(sadder.draft.lyrics);
    expect(song.draft.title).toBe(title.draft.title);
    expect(MOODS).toContain(song.draft.mood);
    expect(GENRES).toContain(song.draft.genre);
    expect(song.text).toContain(`Title: ${song.draft.title}`);
    expect(song.text).toContain(`Genre: ${song.draft.genre}`);
    expect(song.text).toMatch(/Sections: Verse 1, Chorus/);
  });

  // Speed is measured in bench/lyrics.bench.ts (house rule: no timed assertions in tests).
  it("replays identically", () => {
    expect(converse(script)).toEqual(r);
    expect(converse(script)).toEqual(converse(script));
  });
});

describe("respond", () => {
  it("is deterministic for the same input, and a seed varies the chorus", () => {
    const input = { message: "write a chorus about the ocean", history: [], draft: {} };
    expect(respond(input)).toEqual(respond(input));
    const choruses = new Set([0, 1, 2, 3].map((seed) => respond({ ...input, seed }).draft.lyrics));
    expect(choruses.size).toBeGreaterThan(1);
  });

  it("asking twice for a chorus replaces it with a different one", () => {
    const [a, b] = converse(["write a chorus about the ocean", "write another chorus"]);
    expect(b?.text).toMatch(/replaces/);
    expect(parseLyrics(b?.draft.lyrics ?? "").filter((s) => s.kind === "chorus")).toHaveLength(1);
    expect(b?.draft.lyrics).not.toBe(a?.draft.lyrics);
  });

  it("answers an unknown request honestly with what it can do", () => {
    const r = respond({ message: "book me a flight to Lisbon", history: [], draft: {} });
    expect(r.intent).toBe("unknown");
    expect(r.text).toMatch(/can't/);
    for (const what of [
      "write a chorus",
      "rhymes for",
      "suggest a title",
      "what genre fits",
      "make it a song",
    ])
      expect(r.text).toContain(what);
    expect(r.draft).toEqual({});
  });

  it("help lists capabilities and the draft state", () => {
    const r = respond({
      message: "what can you do?",
      history: [],
      draft: { title: "Paper Boats", mood: "Chill" },
    });
    expect(r.intent).toBe("help");
    expect(r.text).toContain("rhymes for");
    expect(r.text).toContain("Paper Boats");
  });

  it("make it a song without lyrics explains how to get some", () => {
    const r = respond({ message: "make it a song", history: [], draft: { mood: "Happy" } });
    expect(r.intent).toBe("make_song");
    expect(r.makeSong).toBe(false);
    expect(r.text).toMatch(/no lyrics/i);
    expect(r.text).toMatch(/write a chorus about/);
  });

  it("sets mood and genre, and 'use it' applies the genre pick", () => {
    const [hype, jazz] = converse(["make it hype", "make it jazz"]);
    expect(hype?.draft.mood).toBe("Hype");
    expect(jazz?.draft).toEqual({ mood: "Hype", genre: "Jazz" });
    const [, , advice, use] = converse([
      "write a verse about rainy goodbyes",
      "make it sadder",
      "what genre fits this?",
      "use it",
    ]);
    const pick = /My pick: \*\*([^*]+)\*\*/.exec(advice?.text ?? "")?.[1];
    expect(use?.intent).toBe("genre_advice");
    expect(use?.draft.genre).toBe(pick);
    const [, , yes] = converse([
      "write a chorus about neon city nights",
      "which genre suits it?",
      "yes",
    ]);
    expect(yes?.intent).toBe("genre_advice");
    expect(GENRES).toContain(yes?.draft.genre);
  });

  it("rewrites shorter / longer within the line limits and keeps the hook", () => {
    const [c, longer, shorter, shortest] = converse([
      "write a chorus about the ocean",
      "make the chorus longer",
      "make the chorus shorter",
      "make the chorus shorter",
    ]);
    const n = (r?: AssistantReply) => section(r?.draft.lyrics, "Chorus")?.lines.length ?? 0;
    expect(n(c)).toBe(5);
    expect(n(longer)).toBe(6);
    expect(n(shorter)).toBe(4);
    expect(n(shortest)).toBe(4);
    expect(shortest?.text).toMatch(/shortest/);
    const hook = section(c?.draft.lyrics, "Chorus")?.lines.at(-1);
    expect(section(shorter?.draft.lyrics, "Chorus")?.lines.at(-1)).toBe(hook);
  });

  it("happier / more hopeful / darker change words and mood; a missing verse is explained", () => {
    const start =
      converse(["write a verse about rain on the window", "make it sadder"]).at(-1)?.draft ?? {};
    const [happy, hope, dark, missing] = converse(
      [
        "make verse 1 happier",
        "make verse 1 more hopeful",
        "make verse 1 darker",
        "make verse 3 sadder",
      ],
      start,
    );
    expect(happy?.draft.mood).toBe("Happy");
    expect(happy?.draft.lyrics).not.toBe(start.lyrics);
    expect(hope?.draft.mood).toBe("Motivational");
    expect(hope?.draft.lyrics).not.toBe(happy?.draft.lyrics);
    expect(dark?.draft.mood).toBe("Melancholic");
    expect(dark?.draft.lyrics).not.toBe(hope?.draft.lyrics);
    expect(missing?.intent).toBe("rewrite_section");
    expect(missing?.text).toMatch(/no Verse 3/);
    expect(missing?.draft).toEqual(dark?.draft);
  });

  it("orders sections like a song and shows the draft", () => {
    const replies = converse([
      "write a verse about trains",
      "write a chorus",
      "write a verse",
      "write a bridge",
      "call it Night Train",
      "show the lyrics",
    ]);
    const last = replies.at(-1);
    expect(parseLyrics(last?.draft.lyrics ?? "").map((s) => s.label)).toEqual([
      "Verse 1",
      "Chorus",
      "Verse 2",
      "Chorus",
      "Bridge",
      "Chorus",
    ]);
    expect(last?.intent).toBe("show_draft");
    expect(last?.text).toContain("Title: Night Train");
    expect(last?.text).toContain("[Bridge]");
  });

  it("writes a whole song on request", () => {
    const r = respond({
      message: "write a song about summer at the beach",
      history: [],
      draft: {},
    });
    expect(parseLyrics(r.draft.lyrics ?? "").map((s) => s.label)).toEqual([
      "Verse 1",
      "Chorus",
      "Verse 2",
      "Chorus",
      "Bridge",
      "Chorus",
    ]);
    expect(r.draft.theme).toBe("summer at the beach");
  });

  it("theme is recovered from history when the draft lost it", () => {
    const history: AssistantTurn[] = [
      { role: "user", content: "write a chorus about paper boats" },
      { role: "assistant", content: "…" },
    ];
    const r = respond({ message: "write a verse", history, draft: {} });
    expect(r.text).toContain("about paper boats");
  });
});
