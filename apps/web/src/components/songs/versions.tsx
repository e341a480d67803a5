"use client";

import type { RouterOutputs } from "@harmoniq/api";
import Link from "next/link";
import { formatDate } from "@/lib/format";

type Versions = RouterOutputs["song"]["byId"]["versions"];
type Version = Versions["children"][number];
type Kind = Version["kind"];

/** How a version was made from the song it came from, as a label on the version. */
const KIND_LABELS: Record<Kind, string> = {
  remix: "Remix",
  cover: "Cover",
  extend: "Extended",
  "replace-section": "Section redone",
};

/** How this song was made from its parent, said in front of the parent's title. */
const MADE_FROM: Record<Kind, string> = {
  remix: "Remix of",
  cover: "Cover of",
  extend: "Extension of",
  "replace-section": "Section redo of",
};

/** "remix of <title>" for the song page's byline; nothing when the parent is not shown. */
export function ParentLink({ versions }: { versions: Versions }) {
  const parent = versions.parent;
  if (!parent) return null;
  return (
    <>
      {" "}
      · {MADE_FROM[parent.kind].toLowerCase()}{" "}
      <Link href={`/songs/${parent.id}`} data-testid="parent-link">
        {parent.title}
      </Link>
    </>
  );
}

function VersionItem({ version, label }: { version: Version; label?: string }) {
  return (
    <li data-testid="version" data-kind={version.kind}>
      <div className="row" style={{ gap: 8 }}>
        <Link href={`/songs/${version.id}`}>{version.title}</Link>
        {label && <span className="tag">{label}</span>}
        {!version.isPublic && <span className="tag private">Private</span>}
        {version.status === "failed" ? (
          <span className="status failed">Failed</span>
        ) : version.status !== "ready" ? (
          <span className="status">Rendering…</span>
        ) : null}
      </div>
      <p className="small muted">
        by <Link href={`/u/${version.author.handle}`}>{version.author.name}</Link> ·{" "}
        {formatDate(version.createdAt)}
      </p>
    </li>
  );
}

/**
 * The song's versions: the song it was made from and the songs made from it, as far as the
 * viewer may see them (someone else's private versions are not listed, nor counted; the viewer's
 * own private ones are marked). Hidden when there are none.
 */
export function SongVersions({ versions }: { versions: Versions }) {
  const { parent, children, childCount } = versions;
  if (!parent && childCount === 0) return null;
  const unlisted = childCount - children.length;
  return (
    <section className="panel stack" aria-labelledby="versions-title" data-testid="versions">
      <h2 id="versions-title">Versions</h2>
      {parent && (
        <div data-testid="version-parent" data-kind={parent.kind}>
          <h3 className="small muted">{MADE_FROM[parent.kind]}</h3>
          <ul className="list" aria-label="Made from">
            <VersionItem version={parent} />
          </ul>
        </div>
      )}
      {childCount > 0 && (
        <div>
          <h3 className="small muted">Made from this song ({childCount})</h3>
          <ul className="list" aria-label="Made from this song">
            {children.map((child) => (
              <VersionItem key={child.id} version={child} label={KIND_LABELS[child.kind]} />
            ))}
          </ul>
          {unlisted > 0 && (
            <p className="small muted">
              and {unlisted} more, not listed here (the newest {children.length} are shown).
            </p>
          )}
        </div>
      )}
    </section>
  );
}
