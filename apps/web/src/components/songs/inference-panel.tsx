import type { RouterOutputs } from "@harmoniq/api";

type Song = RouterOutputs["song"]["byId"];

/** What HarmoniQ read from the picture (image mode) or inferred from the words. */
export function InferencePanel({ song }: { song: Pick<Song, "composition"> }) {
  const c = song.composition;
  if (!c) return null;
  const image = c.inferred.image;
  return (
    <div
      className="panel"
      style={{ marginTop: 12, background: "var(--surface-2)" }}
      data-testid="inference"
    >
      <h3>{image ? "What we heard in your picture" : "How it was composed"}</h3>
      <dl className="row" style={{ gap: 18, margin: 0 }}>
        <div>
          <dt className="small muted">Mood</dt>
          <dd style={{ margin: 0 }}>
            {image ? image.mood : c.mood}
            {c.inferred.mood !== "request" && <span className="small muted"> (inferred)</span>}
          </dd>
        </div>
        <div>
          <dt className="small muted">Tempo</dt>
          <dd style={{ margin: 0 }}>{Math.round(c.tempo)} BPM</dd>
        </div>
        <div>
          <dt className="small muted">Key</dt>
          <dd style={{ margin: 0 }}>{c.key.name}</dd>
        </div>
        <div>
          <dt className="small muted">Genre</dt>
          <dd style={{ margin: 0 }}>{c.genre}</dd>
        </div>
        {image && (
          <div>
            <dt className="small muted">Colour</dt>
            <dd style={{ margin: 0 }}>{image.colorName}</dd>
          </div>
        )}
      </dl>
      {image?.summary && (
        <p className="small muted" style={{ marginTop: 8 }}>
          {image.summary}
        </p>
      )}
    </div>
  );
}
