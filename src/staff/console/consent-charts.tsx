/**
 * Consent statistics as charts, drawn on the server as SVG: no script, so the CSP stays strict,
 * and every chart has a title and a table of the same figures for screen readers.
 *
 * - choices per category per day: a stacked bar per day (accepted below, refused above);
 * - acceptance rate per category over the period: one bar each;
 * - the share of choices made with a GPC or DNT signal, per day.
 */
import type { ConsentStatistics } from '../../consent/consent.service.ts';

export interface CategoryTotals {
  key: string;
  granted: number;
  refused: number;
  signalled: number;
}

/** Totals per category over the period, in a stable order (by key). */
export function totalsByCategory(stats: ConsentStatistics): CategoryTotals[] {
  const totals = new Map<string, CategoryTotals>();
  for (const day of stats.days)
    for (const [key, v] of Object.entries(day.choices)) {
      const t = totals.get(key) ?? { key, granted: 0, refused: 0, signalled: 0 };
      t.granted += v.granted;
      t.refused += v.refused;
      t.signalled += v.signalled;
      totals.set(key, t);
    }
  return [...totals.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Per day: the share of choices that came with a GPC or DNT signal (0 to 1). */
export function signalShareByDay(stats: ConsentStatistics): { day: string; share: number }[] {
  return stats.days.map((d) => {
    let all = 0;
    let signalled = 0;
    for (const v of Object.values(d.choices)) {
      all += v.granted + v.refused;
      signalled += v.signalled;
    }
    return { day: d.day, share: all === 0 ? 0 : signalled / all };
  });
}

export const rate = (t: { granted: number; refused: number }) =>
  t.granted + t.refused === 0 ? 0 : t.granted / (t.granted + t.refused);

const percent = (x: number) => `${Math.round(x * 100)} %`;
const GRANTED = '#1e6b41';
const REFUSED = '#a4262c';
const SIGNAL = '#1a5fb4';

/** One category's choices per day: stacked bars, accepted (green) under refused (red). */
export function ChoicesChart(p: {
  id: string;
  title: string;
  stats: ConsentStatistics;
  category: string;
}) {
  const days = p.stats.days.map((d) => ({
    day: d.day,
    granted: d.choices[p.category]?.granted ?? 0,
    refused: d.choices[p.category]?.refused ?? 0,
  }));
  const max = Math.max(1, ...days.map((d) => d.granted + d.refused));
  const width = 600;
  const height = 120;
  const step = width / Math.max(days.length, 1);
  const bar = Math.max(2, step * 0.7);
  const y = (n: number) => (n / max) * height;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={p.id}
      viewBox={`0 0 ${width} ${height + 20}`}
      width="100%"
      height={height + 20}
      data-chart="choices"
      data-category={p.category}
    >
      <title id={p.id}>{p.title}</title>
      {days.map((d, i) => (
        <g>
          <rect
            x={i * step}
            y={height - y(d.granted)}
            width={bar}
            height={y(d.granted)}
            fill={GRANTED}
            data-granted={d.granted}
          />
          <rect
            x={i * step}
            y={height - y(d.granted) - y(d.refused)}
            width={bar}
            height={y(d.refused)}
            fill={REFUSED}
            data-refused={d.refused}
          />
        </g>
      ))}
      <text x="0" y={height + 16} font-size="12" fill="#1f1a1c">
        {days[0]?.day ?? ''}
      </text>
      <text x={width} y={height + 16} font-size="12" fill="#1f1a1c" text-anchor="end">
        {days.at(-1)?.day ?? ''} · max {max}
      </text>
    </svg>
  );
}

/** Acceptance rate per category over the period: one horizontal bar each. */
export function AcceptanceChart(p: {
  id: string;
  title: string;
  totals: CategoryTotals[];
  label: (key: string) => string;
}) {
  const row = 26;
  const width = 600;
  const left = 170;
  const height = Math.max(row, p.totals.length * row);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={p.id}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      data-chart="acceptance"
    >
      <title id={p.id}>{p.title}</title>
      {p.totals.map((t, i) => (
        <g>
          <text x="0" y={i * row + 17} font-size="13" fill="#1f1a1c">
            {p.label(t.key)}
          </text>
          <rect x={left} y={i * row + 4} width={width - left - 60} height="16" fill="#e6dadf" />
          <rect
            x={left}
            y={i * row + 4}
            width={(width - left - 60) * rate(t)}
            height="16"
            fill={GRANTED}
            data-rate={rate(t).toFixed(3)}
          />
          <text x={width} y={i * row + 17} font-size="13" fill="#1f1a1c" text-anchor="end">
            {percent(rate(t))}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The share of choices with a GPC or DNT signal, per day (0–100 %). */
export function SignalChart(p: { id: string; title: string; stats: ConsentStatistics }) {
  const days = signalShareByDay(p.stats);
  const width = 600;
  const height = 100;
  const step = width / Math.max(days.length, 1);
  const bar = Math.max(2, step * 0.7);
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={p.id}
      viewBox={`0 0 ${width} ${height + 20}`}
      width="100%"
      height={height + 20}
      data-chart="signal"
    >
      <title id={p.id}>{p.title}</title>
      <line x1="0" y1={height} x2={width} y2={height} stroke="#5c5458" />
      {days.map((d, i) => (
        <rect
          x={i * step}
          y={height - d.share * height}
          width={bar}
          height={d.share * height}
          fill={SIGNAL}
          data-share={d.share.toFixed(3)}
        />
      ))}
      <text x="0" y={height + 16} font-size="12" fill="#1f1a1c">
        {days[0]?.day ?? ''}
      </text>
      <text x={width} y={height + 16} font-size="12" fill="#1f1a1c" text-anchor="end">
        {days.at(-1)?.day ?? ''} · max 100 %
      </text>
    </svg>
  );
}
