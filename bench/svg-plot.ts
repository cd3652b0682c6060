// A small log-log line chart as SVG text, for the benchmark's results page: no plotting library
// (nothing to install for `npm run bench`), and the file diffs as text when figures change.
export interface Series {
  label: string;
  colour: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 70, right: 190, top: 40, bottom: 50 };

export function logLogChart(chart: Chart): string {
  const points = chart.series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  const decades = (values: number[]) => [Math.floor(Math.log10(Math.min(...values))), Math.ceil(Math.log10(Math.max(...values)))] as const;
  const [x0, x1] = decades(points.map((p) => p.x));
  const [y0, y1] = decades(points.map((p) => p.y));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((Math.log10(x) - x0) / Math.max(1, x1 - x0)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - y0) / Math.max(1, y1 - y0)) * plotH;
  const grid: string[] = [];
  for (let d = x0; d <= x1; d++) grid.push(`<line x1="${sx(10 ** d)}" y1="${MARGIN.top}" x2="${sx(10 ** d)}" y2="${MARGIN.top + plotH}" stroke="#ddd"/><text x="${sx(10 ** d)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${format(10 ** d)}</text>`);
  for (let d = y0; d <= y1; d++) grid.push(`<line x1="${MARGIN.left}" y1="${sy(10 ** d)}" x2="${MARGIN.left + plotW}" y2="${sy(10 ** d)}" stroke="#ddd"/><text x="${MARGIN.left - 8}" y="${sy(10 ** d) + 4}" text-anchor="end">${format(10 ** d)}</text>`);
  const lines = chart.series.map((s, i) => {
    const path = s.points.filter((p) => p.x > 0 && p.y > 0).map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    const dots = s.points.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${s.colour}"/>`).join('');
    const legendY = MARGIN.top + 10 + i * 20;
    const legend = `<line x1="${WIDTH - MARGIN.right + 15}" y1="${legendY}" x2="${WIDTH - MARGIN.right + 40}" y2="${legendY}" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/><text x="${WIDTH - MARGIN.right + 46}" y="${legendY + 4}">${escape(s.label)}</text>`;
    return `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''} points="${path}"/>${dots}${legend}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escape(chart.title)}</text>
${grid.join('\n')}
<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>
<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escape(chart.xLabel)}</text>
<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>
${lines.join('\n')}
</svg>
`;
}

function format(value: number): string {
  return value >= 1 ? value.toLocaleString('en-US') : String(value);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
