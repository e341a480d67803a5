"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

function PlaysChart({ data }: { data: { day: string; plays: number }[] }) {
  const max = Math.max(1, ...data.map((d) => d.plays));
  const w = 600;
  const h = 180;
  const pad = 24;
  const bw = (w - pad) / data.length;
  const total = data.reduce((s, d) => s + d.plays, 0);
  const best = data.reduce((a, b) => (b.plays > a.plays ? b : a), data[0] ?? { day: "", plays: 0 });
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-labelledby="plays-desc">
        <title id="plays-desc">
          {`Plays per day over the last ${data.length} days: ${total} in total${best.plays > 0 ? `, most on ${best.day} (${best.plays})` : ""}.`}
        </title>
        <line x1={pad} y1={h} x2={w} y2={h} stroke="#4a5266" />
        <text x={0} y={12}>
          {max}
        </text>
        <text x={0} y={h}>
          0
        </text>
        {data.map((d, i) => {
          const bh = (d.plays / max) * (h - 10);
          return (
            <rect
              key={d.day}
              x={pad + i * bw + 1}
              y={h - bh}
              width={Math.max(1, bw - 2)}
              height={bh}
              fill="#c9b6ff"
              rx={2}
            >
              <title>{`${d.day}: ${d.plays} plays`}</title>
            </rect>
          );
        })}
        {data.length > 0 && (
          <text x={pad} y={h + 14}>
            {data[0]!.day}
          </text>
        )}
        {data.length > 1 && (
          <text x={w} y={h + 14} textAnchor="end">
            {data[data.length - 1]!.day}
          </text>
        )}
      </svg>
      <figcaption className="small muted">Plays per day (UTC), last {data.length} days.</figcaption>
    </figure>
  );
}

function GenreChart({ data }: { data: { genre: string; count: number }[] }) {
  const max = Math.max(1, ...data.map((d) => d.count));
  const row = 26;
  const w = 600;
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${w} ${Math.max(1, data.length) * row}`}
        role="img"
        aria-labelledby="genre-desc"
      >
        <title id="genre-desc">{`Songs per genre: ${data.map((d) => `${d.genre} ${d.count}`).join(", ") || "none yet"}.`}</title>
        {data.map((d, i) => (
          <g key={d.genre} transform={`translate(0 ${i * row})`}>
            <text x={0} y={17} style={{ fontSize: 12 }}>
              {d.genre}
            </text>
            <rect
              x={90}
              y={4}
              height={18}
              width={((w - 140) * d.count) / max}
              fill="#f472b6"
              rx={3}
            />
            <text x={95 + ((w - 140) * d.count) / max} y={17} style={{ fontSize: 12 }}>
              {d.count}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

export function Stats() {
  const trpc = useTRPC();
  const { data, isPending, error } = useQuery(trpc.stats.mine.queryOptions({ days: 30 }));
  if (isPending) return <p className="loading">Loading…</p>;
  if (error || !data)
    return (
      <p className="error" role="alert">
        Could not load your stats.
      </p>
    );
  const tiles = [
    ["Songs", data.songCount],
    ["Public songs", data.publicSongCount],
    ["Plays", data.totalPlays],
    ["Likes received", data.likesReceived],
    ["Comments received", data.commentsReceived],
  ] as const;
  return (
    <div className="stack">
      <h1>Your stats</h1>
      <dl className="stat-tiles" style={{ margin: 0 }}>
        {tiles.map(([label, value]) => (
          <div key={label} className="panel">
            <dt className="small muted">{label}</dt>
            <dd style={{ margin: 0 }}>
              <strong>{value}</strong>
            </dd>
          </div>
        ))}
      </dl>
      <section className="panel" aria-labelledby="plays-title">
        <h2 id="plays-title">Plays per day</h2>
        <PlaysChart data={data.playsPerDay} />
        <details>
          <summary>Show as a table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Plays</th>
              </tr>
            </thead>
            <tbody>
              {data.playsPerDay
                .filter((d) => d.plays > 0)
                .map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>{d.plays}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      </section>
      <section className="panel" aria-labelledby="genre-title">
        <h2 id="genre-title">Songs per genre</h2>
        {data.songsPerGenre.length === 0 ? (
          <p className="muted">No songs yet.</p>
        ) : (
          <GenreChart data={data.songsPerGenre} />
        )}
      </section>
    </div>
  );
}
