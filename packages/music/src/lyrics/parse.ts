/**
 * Lyrics as text ↔ sections. The user's words are kept exactly: only surrounding whitespace is
 * trimmed and empty lines dropped; `[Verse]`, `[Chorus]`, `[Bridge]`, `[Intro]`, `[Outro]`,
 * `[Pre-Chorus]`, `[Hook]` tags are honoured and untagged text becomes verses split on blank lines.
 */

export type LyricSectionKind = "intro" | "verse" | "pre-chorus" | "chorus" | "bridge" | "outro";

export interface LyricSection {
  kind: LyricSectionKind;
  /** Display label, e.g. "Verse 1", "Chorus". */
  label: string;
  lines: string[];
}

const KINDS: readonly string[] = ["intro", "verse", "pre-chorus", "chorus", "bridge", "outro"];

/** A section kind the writer knows; anything else ("solo", "drop") is written as a verse. */
export function knownKind(kind: string): LyricSectionKind {
  return (KINDS.includes(kind) ? kind : "verse") as LyricSectionKind;
}

const TAG_RE = /^\s*\[([^\]]+)\]\s*$/;

function kindFromTag(tag: string): LyricSectionKind {
  const t = tag.toLowerCase();
  if (t.includes("pre")) return "pre-chorus";
  if (t.includes("chorus") || t.includes("hook") || t.includes("refrain")) return "chorus";
  if (t.includes("bridge") || t.includes("middle")) return "bridge";
  if (t.includes("intro")) return "intro";
  if (t.includes("outro") || t.includes("coda") || t.includes("end")) return "outro";
  return "verse";
}

/**
 * Split lyrics into sections. `[Verse]`, `[Chorus]`, `[Bridge]` (and Intro/Outro/Pre-Chorus/Hook)
 * tags are honoured; untagged text becomes verses split on blank lines. Lines are kept exactly
 * (only trailing whitespace is trimmed); empty lines are dropped.
 */
export function parseLyrics(text: string): LyricSection[] {
  const sections: LyricSection[] = [];
  let current: LyricSection | null = null;
  let tagged = false;
  let verseCount = 0;
  const labelCounts = new Map<string, number>();
  const open = (kind: LyricSectionKind, label: string, isTag: boolean): LyricSection => {
    const s: LyricSection = { kind, label, lines: [] };
    sections.push(s);
    tagged = isTag;
    return s;
  };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, "");
    const tag = TAG_RE.exec(line);
    if (tag) {
      const name = (tag[1] ?? "").trim();
      const kind = kindFromTag(name);
      let label = name;
      if (kind === "verse") {
        verseCount++;
        if (!/\d/.test(name)) label = `Verse ${verseCount}`;
      } else {
        const n = (labelCounts.get(name) ?? 0) + 1;
        labelCounts.set(name, n);
      }
      current = open(kind, label, true);
      continue;
    }
    if (line.trim() === "") {
      // A blank line ends an untagged verse; inside a tagged section it is just spacing.
      if (current && !tagged && current.lines.length > 0) current = null;
      continue;
    }
    if (!current) {
      verseCount++;
      current = open("verse", `Verse ${verseCount}`, false);
    }
    current.lines.push(line.trim());
  }
  return sections.filter((s) => s.lines.length > 0);
}

/** Render sections back to tagged text. */
export function formatLyrics(sections: readonly LyricSection[]): string {
  return sections.map((s) => `[${s.label}]\n${s.lines.join("\n")}`).join("\n\n");
}
