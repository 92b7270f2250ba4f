/**
 * Dashboard charts (recharts). Each chart sits in a figure beside the table of its data, which is
 * what screen readers, keyboards, print and CSV use; the chart itself is hidden from assistive
 * technology. Colours are the Okabe–Ito palette (--chart-1 …), and no meaning rests on colour alone:
 * every series is also named in a legend or a label.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell as BarCell, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { monthLabel, pct } from './format.ts';

/** A titled section: the chart and its data table side by side (stacked on a phone and in print). */
export function ChartSection({ id, title, intro, chart, table, tools }: { id: string; title: string; intro?: ReactNode; chart: ReactNode; table: ReactNode; tools?: ReactNode }) {
  return (
    <section className="card dash-section" aria-labelledby={`${id}-title`}>
      <div className="dash-section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {tools ? <div className="dash-tools no-print">{tools}</div> : null}
      </div>
      {intro ? <div className="muted">{intro}</div> : null}
      <div className="dash-pair">
        <figure className="dash-chart" aria-labelledby={`${id}-title`}>
          {chart}
        </figure>
        <div className="dash-table">{table}</div>
      </div>
    </section>
  );
}

const percentTick = (v: number) => pct(v, 0);

export interface BarDatum {
  key: string;
  label: string;
  rate: number;
}

/** Horizontal bars of rates, highest first, with an optional reference (the district's rate). */
export function RateBars({ data, reference, referenceLabel, color = 'var(--chart-1)', highlight }: { data: BarDatum[]; reference?: number | null; referenceLabel?: string; color?: string; highlight?: string }) {
  const height = Math.max(120, 40 + data.length * 32);
  const max = Math.max(0.05, reference ?? 0, ...data.map((d) => d.rate));
  const rows = data.map((d) => ({ ...d, short: d.label.length > 26 ? `${d.label.slice(0, 25)}…` : d.label }));
  return (
    <div aria-hidden="true" className="dash-chart-box" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 16, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, Math.min(1, Math.ceil(max * 10) / 10)]} tickFormatter={percentTick} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="short" width={170} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={(v) => pct(Number(v))} isAnimationActive={false} />
          {reference !== null && reference !== undefined ? <ReferenceLine x={reference} stroke="var(--chart-8)" strokeDasharray="4 3" label={{ value: referenceLabel ?? '', position: 'top', fontSize: 12 }} /> : null}
          <Bar dataKey="rate" isAnimationActive={false}>
            {rows.map((d) => (
              <BarCell key={d.key} fill={d.key === highlight ? 'var(--chart-6)' : color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface TrendDatum {
  month: string;
  rate: number | null;
  prior: number | null;
}

/** This year's rate month by month (year to date), and last year's beside it (dashed). */
export function TrendLines({ data, label, priorLabel }: { data: TrendDatum[]; label: string; priorLabel: string | null }) {
  const rows = data.map((d) => ({ ...d, name: monthLabel(d.month) }));
  const max = Math.max(0.05, ...data.map((d) => Math.max(d.rate ?? 0, d.prior ?? 0)));
  const top = Math.min(1, Math.ceil(max * 20) / 20);
  const ticks = Array.from({ length: Math.round(top / 0.05) + 1 }, (_, i) => Math.round(i * 5) / 100).filter((_, i, all) => all.length <= 7 || i % 2 === 0);
  return (
    <div aria-hidden="true" className="dash-chart-box" style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={percentTick} width={48} tick={{ fontSize: 12 }} domain={[0, top]} ticks={ticks} />
          <Tooltip formatter={(v) => pct(Number(v))} isAnimationActive={false} />
          <Legend verticalAlign="top" />
          <Line type="monotone" dataKey="rate" name={label} stroke="var(--chart-1)" strokeWidth={3} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          {priorLabel ? <Line type="monotone" dataKey="prior" name={priorLabel} stroke="var(--chart-2)" strokeWidth={2} strokeDasharray="6 4" dot={false} connectNulls isAnimationActive={false} /> : null}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export const TIER_KEYS = ['satisfactory', 'at_risk', 'moderate', 'severe'] as const;
const TIER_COLORS = ['var(--chart-3)', 'var(--chart-2)', 'var(--chart-6)', 'var(--chart-4)'];

/** The share of students in each attendance tier, a bar each (named on the axis, not by colour alone). */
export function TierBar({ tiers }: { tiers: Record<(typeof TIER_KEYS)[number], number> }) {
  const { t } = useTranslation('dashboard');
  const total = TIER_KEYS.reduce((s, k) => s + tiers[k], 0) || 1;
  const rows = TIER_KEYS.map((k) => ({ key: k, name: t(`tierShort.${k}`), share: tiers[k] / total }));
  const top = Math.min(1, Math.ceil(Math.max(...rows.map((r) => r.share)) * 10) / 10);
  return (
    <div aria-hidden="true" className="dash-chart-box" style={{ height: 240 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis tickFormatter={percentTick} width={48} tick={{ fontSize: 12 }} domain={[0, top]} />
          <Tooltip formatter={(v) => pct(Number(v))} isAnimationActive={false} />
          <Bar dataKey="share" isAnimationActive={false}>
            {rows.map((r, i) => (
              <BarCell key={r.key} fill={TIER_COLORS[i]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
