/** The partnership health check: each party scores the nine principles each year; the trend, and where the parties disagree most. */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { PRINCIPLES, Section } from '../partners/common.tsx';
import { useSubmit } from '../partners/forms.tsx';
import type { AgreementDetail, HealthSummary } from './types.ts';

const SCORES = [1, 2, 3, 4] as const;

function currentSchoolYear(today = new Date()): string {
  const y = today.getFullYear();
  const start = today.getMonth() >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

function HealthForm({ a, onSaved }: { a: AgreementDetail; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const me = useMe();
  const parties = a.parties.filter((p) => a.can.healthCheckParties.includes(p.id));
  const [partyId, setPartyId] = useState(parties[0]?.id ?? 0);
  const [period, setPeriod] = useState(currentSchoolYear());
  const [name, setName] = useState(me.displayName);
  const [comment, setComment] = useState('');
  const [scores, setScores] = useState<Record<string, number>>({});
  const [done, setDone] = useState(false);
  const complete = PRINCIPLES.every((p) => scores[p]);
  const f = useSubmit(
    () => api.post(`agreements/${a.id}/health`, { partyId, period, respondentName: name, comment: comment || null, scores: PRINCIPLES.map((principle) => ({ principle, score: scores[principle] })) }),
    () => {
      setDone(true);
      onSaved();
    },
  );
  return (
    <form className="stack health-form" onSubmit={f.submit} noValidate>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      {done ? <Alert kind="success">{t('health.thanks')}</Alert> : null}
      <div className="row">
        <SelectField label={t('health.forParty')} value={partyId} onChange={(e) => setPartyId(Number(e.target.value))}>
          {parties.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('health.year')} hint={t('health.yearHint')} value={period} onChange={(e) => setPeriod(e.target.value)} error={f.fieldError('period')} />
        <TextField label={t('health.respondent')} value={name} onChange={(e) => setName(e.target.value)} error={f.fieldError('respondentName')} />
      </div>
      <p className="muted">{t('health.scale')}</p>
      {PRINCIPLES.map((p) => (
        <fieldset key={p} className="principle">
          <legend>{t(`principles.${p}`)}</legend>
          <p className="field-hint">{t(`principleHints.${p}`)}</p>
          <div className="score-choices">
            {SCORES.map((s) => (
              <label key={s}>
                <input type="radio" name={`score-${p}`} value={s} checked={scores[p] === s} onChange={() => setScores({ ...scores, [p]: s })} />
                {s} · {t(`scoreLabels.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <TextAreaField label={t('health.comment')} value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="submit" className="button-primary" disabled={f.busy || !complete}>
        {complete ? t('health.submit') : t('health.scoreAll')}
      </button>
    </form>
  );
}

export function HealthPage() {
  const { t, i18n } = useTranslation('agreements');
  const { agreementId } = useParams();
  const agreement = useApi<AgreementDetail>(`agreements/${agreementId}`);
  const summary = useApi<HealthSummary>(`agreements/${agreementId}/health`);
  const a = agreement.data;
  const s = summary.data;
  if ((agreement.loading && !a) || (summary.loading && !s)) return <Loading />;
  if (!a || !s) return <Page title={t('health.title')}>{agreement.error || summary.error ? <ErrorAlert error={agreement.error ?? summary.error} /> : null}</Page>;
  const periods = s.periods.map((p) => p.period);
  const last = s.periods[s.periods.length - 1];
  const fmt = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(n));
  const rows = PRINCIPLES.map((principle) => ({
    principle,
    ...Object.fromEntries(s.periods.map((p) => [p.period, p.byPrinciple.find((x) => x.principle === principle)?.average ?? null])),
    change: s.trend.find((x) => x.principle === principle)?.change ?? null,
  })) as Array<Record<string, number | null | string> & { principle: string; change: number | null }>;
  const chartData = rows.map((r) => ({ ...r, label: t(`principlesShort.${r.principle}`) }));
  const colors = ['var(--chart-5)', 'var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)'];
  return (
    <Page title={t('health.title')} subtitle={<Link to={`/agreements/${a.id}`}>{a.title}</Link>}>
      <p>{t('health.intro')}</p>
      {s.periods.length === 0 ? <Alert kind="info">{t('health.none')}</Alert> : null}
      {s.periods.length ? (
        <Section id="scores" title={t('health.scores')}>
          <p>{s.periods.map((p) => t('health.overall', { year: p.period, score: fmt(p.overall) })).join(' · ')}</p>
          <figure className="chart" aria-labelledby="health-chart-caption">
            <div aria-hidden="true" style={{ width: '100%', height: 320 }}>
              <ResponsiveContainer>
                <BarChart data={chartData} margin={{ top: 8, right: 8, bottom: 40, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
                  <YAxis domain={[0, 4]} ticks={[0, 1, 2, 3, 4]} width={28} />
                  <Tooltip />
                  <Legend verticalAlign="top" />
                  {periods.slice(-4).map((p, i) => (
                    <Bar key={p} dataKey={p} name={p} fill={colors[(i + 4 - Math.min(4, periods.length)) % colors.length]} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption id="health-chart-caption" className="muted">
              {t('health.chartCaption')}
            </figcaption>
          </figure>
          <DataTable
            caption={t('health.tableCaption')}
            rows={rows}
            rowKey={(r) => r.principle}
            csvName="health-check"
            columns={[
              { key: 'principle', header: t('health.principle'), render: (r) => t(`principles.${r.principle}`), value: (r) => r.principle },
              ...periods.map((p) => ({ key: p, header: p, numeric: true, render: (r: (typeof rows)[number]) => fmt(r[p] as number | null), value: (r: (typeof rows)[number]) => r[p] })),
              { key: 'change', header: t('health.change'), numeric: true, render: (r) => (r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${fmt(r.change)}`), value: (r) => r.change },
            ]}
          />
        </Section>
      ) : null}
      {last ? (
        <Section id="disagreements" title={t('health.disagreements', { year: last.period })}>
          {s.disagreements.length === 0 ? <p>{t('health.agree')}</p> : null}
          <ul>
            {s.disagreements.map((d) => (
              <li key={d.principle}>{t('health.gap', { principle: t(`principles.${d.principle}`), count: d.spread, lowest: d.lowest, highest: d.highest })}</li>
            ))}
          </ul>
          <h3>{t('health.responses')}</h3>
          <ul className="plain-list">
            {last.responses.map((r) => (
              <li key={r.partyId}>
                <strong>{r.partyName}</strong> · {r.respondentName}
                {r.comment ? <p className="muted">“{r.comment}”</p> : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {a.can.healthCheckParties.length && a.status !== 'draft' ? (
        <Section id="answer" title={t('health.answer')}>
          <HealthForm a={a} onSaved={summary.reload} />
        </Section>
      ) : null}
    </Page>
  );
}
