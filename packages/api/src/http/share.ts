import { getProfileByHandle, getSong, listSongsByOwner, type Database } from "@harmoniq/db";
import { coverVersion } from "@harmoniq/music/cover-version";
import { decodeWaveform } from "@harmoniq/music/waveform";
import { jsonError, orUnavailable } from "./json-error";

// Share routes read by other sites and apps, anonymous and public-only: the RSS 2.0 feed of a
// creator's public songs (/u/:handle/feed.xml), oEmbed 1.0 (/api/oembed) for a song page, and
// the compact player other sites frame (/embed/songs/:id), a page of its own with no site
// header. A private song is never in any of them: they all read as nobody.

export interface ShareOptions {
  db: Database;
  /** The site's public origin (HARMONIQ_BASE_URL): every link in a feed is absolute. */
  baseUrl: string;
}

/** How many of a creator's newest public songs the feed carries. */
export const RSS_ITEMS = 50;
/** The embed player's size: a compact card, as wide as the page it sits in allows. */
export const EMBED_WIDTH = 480;
export const EMBED_HEIGHT = 152;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SONG_PATH = new RegExp(`^/(?:embed/)?songs/(${UUID})/?$`, "i");

/** Text for XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === "'" ? "&apos;" : "&quot;",
  );
}

/** The song's audio (WAV) and cover (PNG) paths, as the web app's own links write them. */
export const songAudioPath = (id: string) => `/api/songs/${id}/audio`;
export const songCoverPath = (song: {
  id: string;
  title: string;
  mood: string;
  genre: string;
  coverKey: string | null;
}) =>
  `/api/songs/${song.id}/cover?${new URLSearchParams({ v: coverVersion(song), format: "png" })}`;

export function createShareHandlers({ db, baseUrl }: ShareOptions) {
  const origin = new URL(baseUrl).origin;
  const abs = (path: string) => new URL(path, origin).toString();

  return {
    /** GET /u/:handle/feed.xml — the creator's newest public songs with audio enclosures. */
    rss: (_req: Request, handle: string) =>
      orUnavailable(async () => {
        const profile = await getProfileByHandle(db, handle);
        if (!profile) return jsonError(404, "NOT_FOUND", "User not found");
        const page = await listSongsByOwner(db, profile.id, {
          viewerId: null,
          publicOnly: true,
          limit: RSS_ITEMS,
        });
        const profileUrl = abs(`/u/${profile.handle}`);
        const items = page.items
          .filter((song) => song.status === "ready")
          .map((song) => {
            const url = abs(`/songs/${song.id}`);
            const about = song.description ?? `A ${song.mood.toLowerCase()} ${song.genre} song.`;
            return [
              "<item>",
              `<title>${escapeXml(song.title)}</title>`,
              `<link>${escapeXml(url)}</link>`,
              `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
              `<description>${escapeXml(about)}</description>`,
              `<category>${escapeXml(song.genre)}</category>`,
              `<pubDate>${song.createdAt.toUTCString()}</pubDate>`,
              // The WAV's exact size is only known once it is read; 0 is the accepted "unknown".
              `<enclosure url="${escapeXml(abs(songAudioPath(song.id)))}" length="0" type="audio/wav"/>`,
              `<itunes:duration>${Math.round(song.durationSec)}</itunes:duration>`,
              `<itunes:image href="${escapeXml(abs(songCoverPath(song)))}"/>`,
              "</item>",
            ].join("");
          });
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">',
          "<channel>",
          `<title>${escapeXml(`${profile.name} on HarmoniQ`)}</title>`,
          `<link>${escapeXml(profileUrl)}</link>`,
          `<atom:link href="${escapeXml(abs(`/u/${profile.handle}/feed.xml`))}" rel="self" type="application/rss+xml"/>`,
          `<description>${escapeXml(profile.bio ?? `Songs by ${profile.name} (@${profile.handle}).`)}</description>`,
          "<language>en</language>",
          `<itunes:author>${escapeXml(profile.name)}</itunes:author>`,
          ...items,
          "</channel>",
          "</rss>",
        ].join("\n");
        return new Response(xml, {
          headers: {
            "content-type": "application/rss+xml; charset=utf-8",
            "cache-control": "public, max-age=300",
          },
        });
      }),

    /** GET /api/oembed?url=…[&maxwidth&maxheight&format=json] — oEmbed 1.0, type rich. */
    oembed: (req: Request) =>
      orUnavailable(async () => {
        const params = new URL(req.url).searchParams;
        const format = params.get("format") ?? "json";
        if (format !== "json") {
          return jsonError(501, "NOT_IMPLEMENTED", "Only format=json is available");
        }
        const raw = params.get("url");
        if (!raw) return jsonError(400, "BAD_REQUEST", "The url parameter is required");
        let target: URL;
        try {
          target = new URL(raw);
        } catch {
          return jsonError(400, "BAD_REQUEST", "The url parameter is not a URL");
        }
        const match = SONG_PATH.exec(target.pathname);
        if (target.origin !== origin || !match) {
          return jsonError(404, "NOT_FOUND", "Not a HarmoniQ song URL");
        }
        // Read as nobody: only public songs can be embedded.
        const song = await getSong(db, { id: match[1]!.toLowerCase(), viewerId: null });
        if (!song) return jsonError(404, "NOT_FOUND", "Song not found");
        const size = (name: string, fallback: number, min: number) => {
          const value = Number(params.get(name));
          return Number.isFinite(value) && value > 0
            ? Math.max(min, Math.min(fallback, Math.floor(value)))
            : fallback;
        };
        const width = size("maxwidth", EMBED_WIDTH, 200);
        const height = size("maxheight", EMBED_HEIGHT, 100);
        const src = abs(`/embed/songs/${song.id}`);
        const title = `${song.title} by ${song.author.name}`;
        const html = `<iframe src="${escapeXml(src)}" width="${width}" height="${height}" title="${escapeXml(title)} on HarmoniQ" frameborder="0" loading="lazy" allow="autoplay; encrypted-media" style="border:0;border-radius:12px;max-width:100%"></iframe>`;
        const body = {
          version: "1.0",
          type: "rich",
          provider_name: "HarmoniQ",
          provider_url: origin,
          title: song.title,
          author_name: song.author.name,
          author_url: abs(`/u/${song.author.handle}`),
          html,
          width,
          height,
          thumbnail_url: abs(songCoverPath(song)),
          thumbnail_width: 1024,
          thumbnail_height: 1024,
          cache_age: 3600,
        };
        return new Response(JSON.stringify(body), {
          headers: {
            "content-type": "application/json; charset=utf-8",
            "cache-control": "public, max-age=3600",
            "access-control-allow-origin": "*",
          },
        });
      }),

    /** GET /embed/songs/:id — the compact player: cover, title, creator, waveform, play. */
    embed: (_req: Request, songId: string) =>
      orUnavailable(async () => {
        const song = await getSong(db, { id: songId, viewerId: null });
        if (!song) {
          return new Response(
            embedPage("Song not found", '<p class="gone">This song is not available.</p>'),
            {
              status: 404,
              headers: EMBED_HEADERS,
            },
          );
        }
        return new Response(
          embedPage(`${song.title} by ${song.author.name}`, embedBody(song, abs)),
          {
            headers: { ...EMBED_HEADERS, "cache-control": "public, max-age=300" },
          },
        );
      }),
  };
}

/**
 * The embed's own headers. Framing it also needs the site-wide `frame-ancestors 'none'` and
 * `X-Frame-Options: DENY` lifted for /embed/* in next.config.ts (see the docs).
 */
const EMBED_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors *; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function embedPage(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeXml(title)} · HarmoniQ</title><style>${EMBED_CSS}</style></head><body>${body}</body></html>`;
}

const EMBED_CSS = `*{box-sizing:border-box}html,body{margin:0;height:100%;background:#0e1016;color:#e8eaf0;font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.player{display:flex;gap:12px;align-items:center;height:100%;padding:10px;min-height:0}
.cover{width:112px;height:112px;flex:none;border-radius:8px;object-fit:cover;background:#1b1f2a}
.main{flex:1;min-width:0;display:flex;flex-direction:column;gap:6px}
.top{display:flex;gap:10px;align-items:center;min-width:0}
.play{flex:none;width:40px;height:40px;border-radius:50%;border:0;background:#c9b6ff;color:#0e1016;font-size:16px;cursor:pointer}
.play:focus-visible{outline:2px solid #fff;outline-offset:2px}
.titles{min-width:0}.title,.by{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.title{font-weight:700;color:#fff;text-decoration:none}.by{color:#a3a9b8;text-decoration:none;font-size:12px}
.wave{display:block;width:100%;height:40px;cursor:pointer}
.brand{font-size:11px;color:#a3a9b8;text-decoration:none}.gone{padding:16px;color:#a3a9b8}
@media (max-width:360px){.cover{width:64px;height:64px}}`;

function embedBody(
  song: {
    id: string;
    title: string;
    mood: string;
    genre: string;
    coverKey: string | null;
    waveform: string | null;
    author: { name: string; handle: string };
  },
  abs: (path: string) => string,
) {
  const peaks = decodeWaveform(song.waveform);
  const step = Math.max(1, Math.floor(peaks.length / 100));
  const bars = peaks.filter((_, i) => i % step === 0);
  const n = Math.max(bars.length, 1);
  const rects = bars
    .map((p, i) => {
      const h = Math.max(2, Math.min(1, p) * 100);
      return `<rect x="${i + 0.15}" y="${((100 - h) / 2).toFixed(1)}" width="0.7" height="${h.toFixed(1)}"/>`;
    })
    .join("");
  const page = abs(`/songs/${song.id}`);
  // Links open on HarmoniQ, outside the frame.
  return `<div class="player">
<img class="cover" src="${escapeXml(songCoverPath(song))}" alt="" width="112" height="112">
<div class="main">
<div class="top"><button class="play" id="play" type="button" aria-label="Play ${escapeXml(song.title)}">▶</button>
<span class="titles"><a class="title" href="${escapeXml(page)}" target="_blank" rel="noopener">${escapeXml(song.title)}</a>
<a class="by" href="${escapeXml(abs(`/u/${song.author.handle}`))}" target="_blank" rel="noopener">${escapeXml(song.author.name)}</a></span></div>
<svg class="wave" id="wave" viewBox="0 0 ${n} 100" preserveAspectRatio="none" role="img" aria-label="Waveform"><defs><linearGradient id="g"><stop id="s1" offset="0" stop-color="#c9b6ff"/><stop id="s2" offset="0" stop-color="#4a5266"/></linearGradient></defs><g fill="url(#g)">${rects}</g></svg>
<a class="brand" href="${escapeXml(page)}" target="_blank" rel="noopener">♪ HarmoniQ</a>
</div></div>
<audio id="audio" preload="none" src="${escapeXml(songAudioPath(song.id))}"></audio>
<script>(function(){var a=document.getElementById("audio"),b=document.getElementById("play"),w=document.getElementById("wave"),s1=document.getElementById("s1"),s2=document.getElementById("s2"),t=b.getAttribute("aria-label");
b.onclick=function(){if(a.paused){a.play()}else{a.pause()}};
a.onplay=function(){b.textContent="❚❚";b.setAttribute("aria-label",t.replace("Play","Pause"))};
a.onpause=function(){b.textContent="▶";b.setAttribute("aria-label",t)};
a.ontimeupdate=function(){var p=a.duration?a.currentTime/a.duration:0;s1.setAttribute("offset",p);s2.setAttribute("offset",p)};
w.onclick=function(e){var r=w.getBoundingClientRect();if(!a.duration){a.play();return}a.currentTime=(e.clientX-r.left)/r.width*a.duration;if(a.paused)a.play()};})();</script>`;
}
