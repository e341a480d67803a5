/**
 * One motif per genre, drawn as SVG on a 1024 × 1024 canvas: a vinyl for hip-hop, a guilloché
 * rosette for classical, a synthwave horizon for EDM... The seed moves, turns and varies each, and
 * `centerY` keeps it clear of the title.
 */
import type { Rng } from "../prng";
import type { Genre } from "../profiles";
import type { Palette } from "./palette";

export const CANVAS = 1024;

export interface MotifContext {
  rng: Rng;
  palette: Palette;
  /** Where the motif's weight should sit, away from the title. */
  centerY: number;
}

const f = (v: number) => (Math.round(v * 10) / 10).toString();

function pop({ rng, palette, centerY }: MotifContext): string {
  // A big sun of halftone dots, shrinking away from its centre, with a ring around it.
  const cx = rng.range(380, 640);
  const cy = centerY + rng.range(-40, 40);
  const r = rng.range(250, 320);
  const step = 30;
  let dots = "";
  for (let y = cy - r; y <= cy + r; y += step) {
    for (let x = cx - r; x <= cx + r; x += step) {
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d > 1) continue;
      dots += `<circle cx="${f(x)}" cy="${f(y)}" r="${f((1 - d * 0.85) * step * 0.48)}"/>`;
    }
  }
  const ring = r + rng.range(36, 70);
  return (
    `<circle cx="${f(cx + rng.range(-60, 60))}" cy="${f(cy + rng.range(-60, 60))}" r="${f(r * 0.9)}" fill="${palette.second}" opacity="0.85"/>` +
    `<g fill="${palette.accent}">${dots}</g>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(ring)}" fill="none" stroke="${palette.third}" stroke-width="6"/>`
  );
}

function rock({ rng, palette, centerY }: MotifContext): string {
  // Slashed diagonal bands and a lightning stroke cutting through them.
  const angle = rng.pick([-24, -18, 18, 24]);
  let bands = "";
  const colors = [palette.accent, palette.third, palette.second];
  let y = centerY - 330;
  for (let i = 0; i < 5; i++) {
    const h = rng.range(40, 110);
    bands += `<rect x="-300" y="${f(y)}" width="1624" height="${f(h)}" fill="${colors[i % 3]}" opacity="${f(0.95 - i * 0.1)}"/>`;
    y += h + rng.range(24, 70);
  }
  const x0 = rng.range(420, 620);
  const bolt = [
    [x0, centerY - 320],
    [x0 - 120, centerY + 10],
    [x0 - 10, centerY - 10],
    [x0 - 110, centerY + 330],
    [x0 + 140, centerY - 80],
    [x0 + 20, centerY - 60],
    [x0 + 130, centerY - 320],
  ]
    .map(([px, py]) => `${f(px!)},${f(py!)}`)
    .join(" ");
  return (
    `<g transform="rotate(${angle} 512 ${f(centerY)})">${bands}</g>` +
    `<polygon points="${bolt}" fill="${palette.ink}" stroke="${palette.ground[0]}" stroke-width="10" stroke-linejoin="miter"/>`
  );
}

function hipHop({ rng, palette, centerY }: MotifContext): string {
  // A record half out of its sleeve: grooves, a light sheen, a label in the accent colour.
  const r = rng.range(300, 350);
  const cx = rng.pick([r * 0.55, CANVAS - r * 0.55, 512]);
  const cy = centerY + rng.range(-30, 30);
  const sleeve = rng.range(-8, 8);
  let grooves = "";
  for (let g = r * 0.42; g < r - 8; g += 9) {
    grooves += `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(g)}"/>`;
  }
  return (
    `<rect x="${f(512 - 330)}" y="${f(cy - 330)}" width="660" height="660" fill="${palette.accent}" transform="rotate(${f(sleeve)} 512 ${f(cy)})"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="#0c0c0e"/>` +
    `<g fill="none" stroke="#2a2a30" stroke-width="2">${grooves}</g>` +
    `<path d="M${f(cx - r * 0.7)} ${f(cy - r * 0.7)} A${f(r)} ${f(r)} 0 0 1 ${f(cx + r * 0.2)} ${f(cy - r * 0.98)} L${f(cx)} ${f(cy)} Z" fill="#ffffff" opacity="0.06"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 0.36)}" fill="${palette.second}"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r * 0.2)}" fill="none" stroke="${palette.third}" stroke-width="3"/>` +
    `<circle cx="${f(cx)}" cy="${f(cy)}" r="9" fill="#0c0c0e"/>`
  );
}

function jazz({ rng, palette, centerY }: MotifContext): string {
  // Blue Note-style blocks: overlapping tinted rectangles, a bar of dots, one thin rule.
  const colors = [palette.accent, palette.second, palette.third, palette.ink];
  let blocks = "";
  for (let i = 0; i < 5; i++) {
    const w = rng.range(120, 420);
    const h = rng.range(60, 300);
    const x = rng.range(60, CANVAS - 60 - w);
    const y = centerY + rng.range(-300, 300 - h);
    blocks += `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${colors[i % colors.length]}" opacity="${f(rng.range(0.55, 0.92))}"/>`;
  }
  const ry = centerY + rng.range(-260, 260);
  let dots = "";
  const dx = rng.range(80, 500);
  for (let i = 0; i < 9; i++) dots += `<circle cx="${f(dx + i * 26)}" cy="${f(ry + 34)}" r="7"/>`;
  return (
    blocks +
    `<rect x="72" y="${f(ry)}" width="880" height="4" fill="${palette.ink}"/>` +
    `<g fill="${palette.ink}">${dots}</g>`
  );
}

function classical({ rng, palette, centerY }: MotifContext): string {
  // A guilloché rosette: one continuous hypotrochoid in hairlines, as on an engraved certificate.
  const cx = 512;
  const cy = centerY;
  const R = rng.range(260, 300);
  const petals = rng.int(9, 17);
  const r = R / petals;
  const d = rng.range(0.6, 1.15) * r * 4;
  const rings = rng.int(3, 5);
  let paths = "";
  for (let k = 0; k < rings; k++) {
    const scale = 1 - k * 0.17;
    let path = "";
    const steps = 900;
    for (let i = 0; i <= steps; i++) {
      const t = (i / steps) * Math.PI * 2;
      const x = (R - r) * Math.cos(t) + d * Math.cos(((R - r) / r) * t);
      const y = (R - r) * Math.sin(t) - d * Math.sin(((R - r) / r) * t);
      path += `${i === 0 ? "M" : "L"}${f(cx + x * scale)} ${f(cy + y * scale)}`;
    }
    paths += `<path d="${path}Z" stroke="${k % 2 ? palette.second : palette.accent}"/>`;
  }
  return (
    `<circle cx="${cx}" cy="${f(cy)}" r="${f(R + d + 26)}" fill="none" stroke="${palette.ink}" stroke-width="1.5" opacity="0.6"/>` +
    `<g fill="none" stroke-width="1.6" opacity="0.95">${paths}</g>`
  );
}

function edm({ rng, palette, centerY }: MotifContext): string {
  // A synthwave horizon: a striped sun sinking behind a perspective grid.
  const horizon = centerY + rng.range(60, 110);
  const sunR = rng.range(210, 270);
  const sx = rng.range(420, 600);
  let cuts = "";
  for (let i = 0; i < 7; i++) {
    const y = horizon - 10 - i * (sunR / 7);
    cuts += `<rect x="0" y="${f(y - (7 - i) * 2.2)}" width="1024" height="${f((7 - i) * 2.2)}"/>`;
  }
  let grid = "";
  for (let i = -12; i <= 12; i++) {
    grid += `<line x1="${f(512 + i * 18)}" y1="${f(horizon)}" x2="${f(512 + i * 150)}" y2="1024"/>`;
  }
  for (let i = 1; i < 9; i++) {
    const y = horizon + (1024 - horizon) * (i / 8) ** 1.8;
    grid += `<line x1="0" y1="${f(y)}" x2="1024" y2="${f(y)}"/>`;
  }
  return (
    `<defs><linearGradient id="sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.second}"/><stop offset="1" stop-color="${palette.accent}"/></linearGradient>` +
    `<mask id="cuts"><rect width="1024" height="1024" fill="#fff"/><g fill="#000">${cuts}</g></mask>` +
    `<clipPath id="sky"><rect width="1024" height="${f(horizon)}"/></clipPath></defs>` +
    `<circle cx="${f(sx)}" cy="${f(horizon)}" r="${f(sunR)}" fill="url(#sun)" mask="url(#cuts)" clip-path="url(#sky)"/>` +
    `<rect y="${f(horizon)}" width="1024" height="${f(1024 - horizon)}" fill="${palette.ground[0]}" opacity="0.7"/>` +
    `<g stroke="${palette.third}" stroke-width="2" opacity="0.8">${grid}</g>`
  );
}

function country({ rng, palette, centerY }: MotifContext): string {
  // Rolling hills in layers under a low sun with rays.
  const sx = rng.range(300, 720);
  const sy = centerY - rng.range(40, 120);
  let rays = "";
  for (let i = 0; i < 18; i++) {
    const a = (i / 18) * Math.PI * 2 + rng.range(-0.05, 0.05);
    rays += `<line x1="${f(sx + Math.cos(a) * 150)}" y1="${f(sy + Math.sin(a) * 150)}" x2="${f(sx + Math.cos(a) * 260)}" y2="${f(sy + Math.sin(a) * 260)}"/>`;
  }
  const layers = [palette.second, palette.accent, palette.third];
  let hills = "";
  layers.forEach((color, k) => {
    const base = centerY + 60 + k * 90;
    const amp = 40 + k * 14;
    const phase = rng.range(0, Math.PI * 2);
    const freq = rng.range(1.2, 2.2);
    let d = `M0 1024 L0 ${f(base)}`;
    for (let x = 0; x <= 1024; x += 32) {
      d += ` L${x} ${f(base - Math.sin((x / 1024) * Math.PI * freq + phase) * amp)}`;
    }
    hills += `<path d="${d} L1024 1024 Z" fill="${color}" opacity="${f(0.75 + k * 0.08)}"/>`;
  });
  return (
    `<g stroke="${palette.third}" stroke-width="6" stroke-linecap="round" opacity="0.8">${rays}</g>` +
    `<circle cx="${f(sx)}" cy="${f(sy)}" r="120" fill="${palette.accent}"/>` +
    hills
  );
}

function rnb({ rng, palette, centerY }: MotifContext): string {
  // Soft glowing orbs and silk ribbons of fine lines.
  const orbs = [palette.accent, palette.second, palette.third];
  let defs = "";
  let circles = "";
  orbs.forEach((color, i) => {
    defs += `<radialGradient id="orb${i}"><stop offset="0" stop-color="${color}" stop-opacity="0.95"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient>`;
    circles += `<circle cx="${f(rng.range(220, 800))}" cy="${f(centerY + rng.range(-200, 200))}" r="${f(rng.range(260, 400))}" fill="url(#orb${i})"/>`;
  });
  let silk = "";
  const phase = rng.range(0, Math.PI * 2);
  for (let k = 0; k < 26; k++) {
    let d = "";
    for (let x = -20; x <= 1044; x += 24) {
      const y =
        centerY +
        Math.sin((x / 1024) * Math.PI * 2 + phase + k * 0.07) * (120 + k * 3) +
        Math.sin((x / 1024) * Math.PI * 5 + k * 0.12) * 24 +
        (k - 13) * 7;
      d += `${d ? "L" : "M"}${x} ${f(y)}`;
    }
    silk += `<path d="${d}"/>`;
  }
  return (
    `<defs>${defs}</defs>${circles}` +
    `<g fill="none" stroke="${palette.ink}" stroke-width="1.4" opacity="0.55">${silk}</g>`
  );
}

function metal({ rng, palette, centerY }: MotifContext): string {
  // A symmetric crown of thorns: long spikes around a hard ring.
  const cx = 512;
  const cy = centerY;
  const spikes = rng.pick([12, 16, 20, 24]);
  const inner = rng.range(120, 160);
  let thorns = "";
  for (let i = 0; i < spikes; i++) {
    const a = (i / spikes) * Math.PI * 2 - Math.PI / 2;
    const long = i % 2 === 0 ? rng.range(320, 380) : rng.range(220, 270);
    const w = (Math.PI / spikes) * 0.7;
    const p = [
      [cx + Math.cos(a - w) * inner, cy + Math.sin(a - w) * inner],
      [cx + Math.cos(a) * long, cy + Math.sin(a) * long],
      [cx + Math.cos(a + w) * inner, cy + Math.sin(a + w) * inner],
    ];
    thorns += `<polygon points="${p.map(([x, y]) => `${f(x!)},${f(y!)}`).join(" ")}"/>`;
  }
  return (
    `<g fill="${palette.accent}">${thorns}</g>` +
    `<circle cx="${cx}" cy="${f(cy)}" r="${f(inner + 6)}" fill="${palette.ground[0]}" stroke="${palette.ink}" stroke-width="10"/>` +
    `<circle cx="${cx}" cy="${f(cy)}" r="${f(inner * 0.55)}" fill="none" stroke="${palette.second}" stroke-width="4"/>`
  );
}

export const MOTIFS: Record<Genre, (context: MotifContext) => string> = {
  Pop: pop,
  Rock: rock,
  "Hip-Hop": hipHop,
  Jazz: jazz,
  Classical: classical,
  EDM: edm,
  Country: country,
  "R&B": rnb,
  Metal: metal,
};
