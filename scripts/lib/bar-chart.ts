// A small grouped bar chart as SVG (log scale), for docs/PERFORMANCE.md.

export interface ChartSeries { name: string; color: string }
export interface ChartGroup { label: string; values: (number | null)[] }

export function barChartSvg(title: string, yLabel: string, series: readonly ChartSeries[], groups: readonly ChartGroup[]): string {
  const W = 900, H = 420, left = 70, right = 20, top = 50, bottom = 80;
  const all = groups.flatMap((g) => g.values.filter((v): v is number => v !== null && v > 0));
  const lo = Math.floor(Math.log10(Math.min(0.5, ...all))), hi = Math.ceil(Math.log10(Math.max(2, ...all)));
  const y = (v: number): number => top + (H - top - bottom) * (1 - (Math.log10(v) - lo) / (hi - lo));
  const gw = (W - left - right) / groups.length, bw = (gw * 0.8) / series.length;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="15">${title}</text>`,
    `<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  ];
  for (let e = lo; e <= hi; e++) {
    const v = 10 ** e;
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toFixed(-e)}x</text>`);
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * gw + gw * 0.1;
    g.values.forEach((v, si) => {
      if (v === null || v <= 0) return;
      const x = x0 + si * bw, yt = y(v);
      out.push(`<rect x="${x.toFixed(1)}" y="${yt.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(y(10 ** lo) - yt).toFixed(1)}" fill="${series[si]!.color}"><title>${series[si]!.name}: ${v.toFixed(2)}x</title></rect>`);
    });
    out.push(`<text x="${(x0 + gw * 0.4).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${g.label}</text>`);
  });
  series.forEach((s, si) => {
    const x = left + si * 170;
    out.push(`<rect x="${x}" y="${H - 30}" width="12" height="12" fill="${s.color}"/><text x="${x + 16}" y="${H - 20}">${s.name}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
