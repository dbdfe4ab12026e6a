/**
 * Hand-written SVG charts for bench/results/REPORT.md: ratio bars on a log scale, and
 * time and memory against the number of chips. No dependency: a chart is a string.
 */

/** One bar: its label, speed ratio (reference ms / rasterduck ms) and the target, if any. */
export interface RatioBar {
  readonly label: string;
  readonly ratio: number;
  readonly target?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtRatio = (r: number): string => (r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2));

/**
 * Horizontal bars of `ratio` on a log axis from 0.1x to 100x, drawn from the 1x line: green
 * where the target (or 1x without one) is met, red where not; a black tick marks the target.
 */
export function ratioChart(title: string, bars: readonly RatioBar[]): string {
  const labelW = 520, plotW = 400, rowH = 22, top = 48, left = labelW + 10;
  const height = top + bars.length * rowH + 40;
  const x = (r: number) => left + ((Math.log10(Math.min(100, Math.max(0.1, r))) + 1) / 3) * plotW;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotW + 60}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="38" fill="#555">rasterio (or GDAL) time / rasterduck time; right of 1x = rasterduck faster; black tick = target</text>`,
  ];
  for (const t of [0.1, 0.3, 1, 3, 10, 30, 100]) {
    out.push(`<line x1="${x(t)}" y1="${top - 4}" x2="${x(t)}" y2="${height - 30}" stroke="${t === 1 ? '#000' : '#ddd'}"/>`);
    out.push(`<text x="${x(t)}" y="${height - 14}" text-anchor="middle" fill="#555">${t}x</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const met = b.ratio >= (b.target ?? 1);
    const [x0, x1] = [x(Math.min(1, b.ratio)), x(Math.max(1, b.ratio))];
    out.push(`<text x="${labelW}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${x0}" y="${y + 4}" width="${Math.max(1, x1 - x0)}" height="${rowH - 8}" fill="${met ? '#2e9d4c' : '#d0453a'}"/>`);
    if (b.target) out.push(`<line x1="${x(b.target)}" y1="${y + 1}" x2="${x(b.target)}" y2="${y + rowH - 1}" stroke="#000" stroke-width="2"/>`);
    const tx = b.ratio >= 1 ? x1 + 4 : x0 - 4;
    out.push(`<text x="${tx}" y="${y + 15}" text-anchor="${b.ratio >= 1 ? 'start' : 'end'}" font-weight="bold">${fmtRatio(b.ratio)}x</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** One measured size of the scale benchmark. */
export interface ScalePoint {
  readonly chips: number;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly referenceMs?: number;
  readonly referencePeakRssMb?: number;
}

function polyline(points: readonly (readonly [number, number])[], colour: string, dashed = false): string {
  const d = points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  // the dashed guide has no markers and is clipped to the time panel (it runs below the axis)
  if (dashed) return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5,4" clip-path="url(#time-panel)"/>`;
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="2"/>` +
    points.map(([px, py]) => `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3.5" fill="${colour}"/>`).join('');
}

/**
 * Two panels: wall time against chips (log-log, with a dashed line of slope 1 through the
 * largest rasterduck point: what linear growth looks like), and peak RSS against chips.
 */
export function scaleChart(title: string, points: readonly ScalePoint[]): string {
  const W = 420, H = 280, pad = 55, top = 50;
  const chips = points.map((p) => p.chips);
  const [cMin, cMax] = [Math.min(...chips), Math.max(...chips)];
  const lx = (c: number, x0: number) => x0 + pad + ((Math.log10(c) - Math.log10(cMin)) / Math.max(1e-9, Math.log10(cMax) - Math.log10(cMin))) * (W - 2 * pad);
  const times = points.flatMap((p) => [p.ms, p.referenceMs ?? p.ms]);
  const [tMin, tMax] = [Math.min(...times) / 1.5, Math.max(...times) * 1.5];
  const ty = (ms: number) => top + H - pad - ((Math.log10(ms) - Math.log10(tMin)) / (Math.log10(tMax) - Math.log10(tMin))) * (H - 2 * pad);
  const rssMax = Math.max(...points.flatMap((p) => [p.peakRssMb, p.referencePeakRssMb ?? 0])) * 1.15;
  const ry = (mb: number) => top + H - pad - (mb / rssMax) * (H - 2 * pad);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W + 20}" height="${top + H + 20}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="38" fill="#555"><tspan fill="#1f6fb2">rasterduck</tspan>, <tspan fill="#d0453a">rasterio</tspan>; dashed: linear growth through the largest rasterduck point</text>`,
    `<clipPath id="time-panel"><rect x="${pad}" y="${top + pad / 2}" width="${W - 2 * pad}" height="${H - 1.5 * pad}"/></clipPath>`,
  ];
  for (const [x0, name] of [[0, 'wall time (log)'], [W + 20, 'peak RSS, MiB']] as const) {
    out.push(`<rect x="${x0 + pad}" y="${top + pad / 2}" width="${W - 2 * pad}" height="${H - 1.5 * pad}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${x0 + pad}" y="${top + pad / 2 - 6}" fill="#333">${name}</text>`);
    // a label too close to the one before it (1000 and 2048) drops a line instead of overlapping
    chips.forEach((c, i) => {
      const low = i > 0 && lx(c, x0) - lx(chips[i - 1], x0) < 34 ? 12 : 0;
      out.push(`<text x="${lx(c, x0)}" y="${top + H - pad + 16 + low}" text-anchor="middle" fill="#555">${c}</text>`);
    });
    out.push(`<text x="${x0 + W / 2}" y="${top + H - pad + 40}" text-anchor="middle" fill="#333">chips (log)</text>`);
  }
  const ticks = [1, 2, 5].flatMap((m) => Array.from({ length: 8 }, (_, e) => m * 10 ** e)).filter((t) => t >= tMin && t <= tMax);
  for (const t of ticks) {
    out.push(`<text x="${pad - 4}" y="${ty(t) + 4}" text-anchor="end" fill="#555">${t >= 1000 ? `${t / 1000} s` : t}</text><line x1="${pad}" x2="${W - pad}" y1="${ty(t)}" y2="${ty(t)}" stroke="#eee"/>`);
  }
  for (let mb = 0; mb <= rssMax; mb += rssMax > 1200 ? 500 : rssMax > 400 ? 200 : 50) {
    out.push(`<text x="${W + 20 + pad - 4}" y="${ry(mb) + 4}" text-anchor="end" fill="#555">${mb}</text><line x1="${W + 20 + pad}" x2="${2 * W + 20 - pad}" y1="${ry(mb)}" y2="${ry(mb)}" stroke="#eee"/>`);
  }
  const last = points[points.length - 1];
  out.push(polyline(points.map((p) => [lx(p.chips, 0), ty((last.ms * p.chips) / last.chips)]), '#1f6fb2', true));
  out.push(polyline(points.map((p) => [lx(p.chips, 0), ty(p.ms)]), '#1f6fb2'));
  const ref = points.filter((p) => p.referenceMs !== undefined);
  if (ref.length) out.push(polyline(ref.map((p) => [lx(p.chips, 0), ty(p.referenceMs as number)]), '#d0453a'));
  out.push(polyline(points.map((p) => [lx(p.chips, W + 20), ry(p.peakRssMb)]), '#1f6fb2'));
  const refRss = points.filter((p) => p.referencePeakRssMb !== undefined);
  if (refRss.length) out.push(polyline(refRss.map((p) => [lx(p.chips, W + 20), ry(p.referencePeakRssMb as number)]), '#d0453a'));
  out.push('</svg>');
  return out.join('\n');
}
