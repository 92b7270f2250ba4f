/**
 * The district overview and a school's page: key figures with the change from last year, the
 * attendance tiers, schools ranked by chronic absence (or a school's grades), gaps across student
 * groups, the monthly trend, proficiency, and the shared goals. Every chart has its table beside it
 * and a CSV export; small groups are suppressed by the server for those who may not see them.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { ChartSection, RateBars, TierBar, TIER_KEYS, TrendLines } from './charts.tsx';
import { bandText, count, direction, gradeLabel, groupLabel, kindLabel, measureLabel, monthLabel, pct, points } from './format.ts';
import { GoalStatusBadge, goalProgressText } from './GoalSummary.tsx';
import { RenewalReminders } from '../agreements/AgreementsPage.tsx';
import { STUDENT_ROLES, type Cell, type Dashboard, type Figure } from './types.ts';

const KINDS = ['race', 'sex', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'home_language'];
const BETTER: Record<string, 'lower' | 'higher'> = { 'chronic-absence': 'lower', 'average-daily-attendance': 'higher', suspension: 'lower', 'home-visit-coverage': 'higher', proficiency: 'higher' };

/** "12.3% (45 of 366)", or "Suppressed". */
function useCellText() {
  const { t } = useTranslation('dashboard');
  return (c: Cell | null | undefined, withCount = true) => {
    if (!c) return '—';
    if (c.suppressed) return t('suppressed');
    if (c.band) return t('band', { band: bandText(c.band) });
    if (c.rate === null) return '—';
    return withCount && c.numerator !== null && c.denominator !== null ? t('rateOf', { rate: pct(c.rate), n: count(c.numerator), of: count(c.denominator) }) : pct(c.rate);
  };
}

function Change({ figure }: { figure: Figure }) {
  const { t } = useTranslation('dashboard');
  const better = BETTER[figure.measure] ?? 'lower';
  const dir = direction(figure.change, better);
  if (!figure.prior) return <p className="dash-change muted">{t('noPriorYear')}</p>;
  if (figure.prior.suppressed || dir === null) return <p className="dash-change muted">{t('lastYear', { value: figure.prior.suppressed ? t('suppressed') : pct(figure.prior.rate) })}</p>;
  const arrow = (figure.change ?? 0) > 0 ? '▲' : (figure.change ?? 0) < 0 ? '▼' : '■';
  return (
    <p className={`dash-change dash-${dir}`}>
      <span aria-hidden="true">{arrow} </span>
      {t(`change.${dir}`, { points: points(figure.change), last: pct(figure.prior.rate) })}
    </p>
  );
}

function KeyFigures({ figures }: { figures: Figure[] }) {
  const { t } = useTranslation('dashboard');
  return (
    <section aria-labelledby="figures-title" className="dash-figures-wrap">
      <h2 id="figures-title" className="visually-hidden">
        {t('keyFigures')}
      </h2>
      <ul className="dash-figures">
        {figures.map((f) => (
          <li key={f.measure} className="card dash-figure">
            <h3>{measureLabel(t, f.measure)}</h3>
            <p className="figure">{f.suppressed ? t('suppressed') : f.band ? bandText(f.band) : pct(f.rate)}</p>
            {!f.suppressed && f.numerator !== null && f.denominator !== null ? <p className="muted">{t(`figureCount.${f.measure}`, { n: count(f.numerator), of: count(f.denominator), defaultValue: t('rateCount', { n: count(f.numerator), of: count(f.denominator) }) })}</p> : null}
            <Change figure={f} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function csvCell(c: Cell, field: 'rate' | 'numerator' | 'denominator') {
  return c.suppressed ? '' : c[field];
}

export function DashboardView({ schoolId }: { schoolId?: number }) {
  const { t } = useTranslation('dashboard');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ?? '';
  const asOf = params.get('asOf') ?? '';
  const [kind, setKind] = useState('race');
  const path = schoolId ? `dashboard/schools/${schoolId}` : 'dashboard';
  const { data, error, loading } = useApi<Dashboard>(`${path}${qs({ year, asOf })}`);
  const cellText = useCellText();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'year') next.delete('asOf');
    setParams(next, { replace: true });
  };
  const title = data?.school ? data.school.name : t('title');
  const canSeeStudents = STUDENT_ROLES.includes(me.role);
  const ownSchool = !schoolId && me.role === 'school_staff' ? me.schools[0] : undefined;

  const overall = data?.figures.find((f) => f.measure === 'chronic-absence') ?? null;
  const gaps = (data?.gaps ?? []).filter((g) => g.kind === kind);
  const priorName = data?.priorYear ?? null;

  return (
    <Page
      title={title}
      subtitle={data ? t('subtitle', { year: data.year, date: formatDate(data.asOf) }) : undefined}
      actions={
        <button type="button" onClick={() => window.print()}>
          {t('common:print')}
        </button>
      }
    >
      {schoolId ? (
        <p className="no-print">
          <Link to={`/dashboard${qs({ year, asOf })}`}>{t('backToDistrict')}</Link>
        </p>
      ) : null}
      {!schoolId ? <RenewalReminders /> : null}
      {ownSchool ? (
        <p className="no-print">
          <Link to={`/dashboard/schools/${ownSchool.id}${qs({ year, asOf })}`}>{t('yourSchool', { school: ownSchool.name })}</Link>
        </p>
      ) : null}
      <form className="row dash-controls no-print" onSubmit={(e) => e.preventDefault()} aria-label={t('controls')}>
        <SelectField label={t('year')} value={data?.year ?? year} onChange={(e) => set('year', e.target.value)}>
          {(data?.years ?? (year ? [year] : [])).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
        <TextField label={t('asOf')} type="date" value={asOf} onChange={(e) => set('asOf', e.target.value)} hint={data ? t('asOfHint', { date: formatDate(data.asOf) }) : undefined} />
      </form>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading label={t('loading')} /> : null}
      {data ? (
        <div className={loading ? 'dash dash-busy' : 'dash'} aria-busy={loading}>
          {data.suppressionApplied ? <p className="muted dash-note">{t('suppressionNote', { n: data.minN })}</p> : null}
          {data.priorYear ? <p className="muted dash-note">{t('comparedWith', { year: data.priorYear, date: formatDate(data.priorAsOf) })}</p> : null}
          <KeyFigures figures={data.figures} />

          {canSeeStudents ? (
            <nav className="card dash-lists no-print" aria-labelledby="lists-title">
              <h2 id="lists-title">{t('lists.title')}</h2>
              <ul>
                {(['chronically-absent', 'at-risk', 'early-warning'] as const).map((l) => (
                  <li key={l}>
                    <Link to={`/dashboard/students/${l}${qs({ year: data.year, asOf, schoolId })}`}>{t(`lists.${l}`)}</Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}

          {data.tiers ? (
            <ChartSection
              id="tiers"
              title={t('tiersTitle')}
              intro={t('tiersIntro')}
              chart={data.tiers.suppressed ? <p>{t('suppressed')}</p> : <TierBar tiers={data.tiers as unknown as Record<(typeof TIER_KEYS)[number], number>} />}
              table={
                <DataTable
                  caption={t('tiersTable')}
                  rows={TIER_KEYS.map((k) => ({ tier: k, n: data.tiers?.suppressed ? null : data.tiers?.[k] ?? null }))}
                  rowKey={(r) => r.tier}
                  csvName={`attendance-tiers-${data.year}${data.school ? `-${data.school.code}` : ''}`}
                  columns={[
                    { key: 'tier', header: t('tier'), render: (r) => t(`tiers.${r.tier}`), value: (r) => t(`tiers.${r.tier}`) },
                    { key: 'n', header: t('students'), numeric: true, render: (r) => (r.n === null ? t('suppressed') : count(r.n)), value: (r) => r.n },
                    { key: 'share', header: t('share'), numeric: true, render: (r) => (r.n === null || !data.tiers?.denominator ? '—' : pct(r.n / data.tiers.denominator)), value: (r) => (r.n === null || !data.tiers?.denominator ? '' : Math.round((r.n / data.tiers.denominator) * 10000) / 10000) },
                  ]}
                />
              }
            />
          ) : null}

          {!data.school ? (
            <ChartSection
              id="schools"
              title={t('schoolsTitle')}
              intro={t('schoolsIntro', { count: Math.min(15, data.schools.filter((s) => !s.suppressed).length) })}
              chart={<RateBars data={data.schools.filter((s) => s.rate !== null).slice(0, 15).map((s) => ({ key: s.code, label: s.name, rate: s.rate as number }))} reference={overall?.rate} referenceLabel={t('district')} />}
              table={
                <DataTable
                  caption={t('schoolsTable')}
                  rows={data.schools}
                  rowKey={(s) => s.code}
                  csvName={`chronic-absence-by-school-${data.year}`}
                  columns={[
                    { key: 'name', header: t('school'), render: (s) => <Link to={`/dashboard/schools/${s.schoolId}${qs({ year: data.year, asOf })}`}>{s.name}</Link>, value: (s) => s.name },
                    { key: 'rate', header: t('chronicRate'), numeric: true, render: (s) => cellText(s), value: (s) => csvCell(s, 'rate') },
                    { key: 'numerator', header: t('chronicallyAbsent'), csvOnly: true, value: (s) => csvCell(s, 'numerator') },
                    { key: 'denominator', header: t('eligible'), csvOnly: true, value: (s) => csvCell(s, 'denominator') },
                    ...(priorName ? [{ key: 'prior', header: t('lastYearShort', { year: priorName }), numeric: true, render: (s: (typeof data.schools)[number]) => cellText(s.prior, false), value: (s: (typeof data.schools)[number]) => (s.prior && !s.prior.suppressed ? s.prior.rate : '') }] : []),
                  ]}
                />
              }
            />
          ) : (
            <ChartSection
              id="grades"
              title={t('gradesTitle')}
              chart={<RateBars data={data.grades.filter((g) => g.rate !== null).map((g) => ({ key: g.grade, label: gradeLabel(t, g.grade), rate: g.rate as number }))} reference={overall?.rate} referenceLabel={t('allGrades')} color="var(--chart-5)" />}
              table={
                <DataTable
                  caption={t('gradesTable')}
                  rows={data.grades}
                  rowKey={(g) => g.grade}
                  csvName={`chronic-absence-by-grade-${data.year}-${data.school.code}`}
                  columns={[
                    { key: 'grade', header: t('grade'), render: (g) => gradeLabel(t, g.grade), value: (g) => g.grade },
                    { key: 'rate', header: t('chronicRate'), numeric: true, render: (g) => cellText(g), value: (g) => csvCell(g, 'rate') },
                    { key: 'numerator', header: t('chronicallyAbsent'), csvOnly: true, value: (g) => csvCell(g, 'numerator') },
                    { key: 'denominator', header: t('eligible'), csvOnly: true, value: (g) => csvCell(g, 'denominator') },
                  ]}
                />
              }
            />
          )}

          <ChartSection
            id="gaps"
            title={t('gapsTitle')}
            intro={t('gapsIntro')}
            tools={
              <SelectField label={t('groupKind')} value={kind} onChange={(e) => setKind(e.target.value)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(t, k)}
                  </option>
                ))}
              </SelectField>
            }
            chart={<RateBars data={gaps.filter((g) => g.rate !== null).map((g) => ({ key: g.group, label: groupLabel(t, g.group), rate: g.rate as number }))} reference={overall?.rate} referenceLabel={data.school ? t('schoolAll') : t('district')} color="var(--chart-1)" />}
            table={
              <DataTable
                caption={t('gapsTable', { kind: kindLabel(t, kind) })}
                rows={gaps}
                rowKey={(g) => g.group}
                csvName={`chronic-absence-by-${kind}-${data.year}${data.school ? `-${data.school.code}` : ''}`}
                empty={t('noGroups')}
                columns={[
                  { key: 'group', header: t('group'), render: (g) => groupLabel(t, g.group), value: (g) => g.group },
                  { key: 'rate', header: t('chronicRate'), numeric: true, render: (g) => cellText(g), value: (g) => csvCell(g, 'rate') },
                  { key: 'numerator', header: t('chronicallyAbsent'), csvOnly: true, value: (g) => csvCell(g, 'numerator') },
                  { key: 'denominator', header: t('eligible'), csvOnly: true, value: (g) => csvCell(g, 'denominator') },
                  { key: 'gap', header: t('gap'), numeric: true, render: (g) => (g.gap === null ? '—' : t('pointsShort', { points: points(g.gap) })), value: (g) => g.gap ?? '' },
                ]}
              />
            }
          />

          <ChartSection
            id="trend"
            title={t('trendTitle')}
            intro={t('trendIntro')}
            chart={<TrendLines data={data.trend.map((m) => ({ month: m.month, rate: m.rate, prior: m.prior?.rate ?? null }))} label={data.year} priorLabel={priorName} />}
            table={
              <DataTable
                caption={t('trendTable')}
                rows={data.trend}
                rowKey={(m) => m.month}
                csvName={`chronic-absence-by-month-${data.year}${data.school ? `-${data.school.code}` : ''}`}
                columns={[
                  { key: 'month', header: t('month'), render: (m) => monthLabel(m.month), value: (m) => m.month },
                  { key: 'rate', header: t('chronicRate'), numeric: true, render: (m) => cellText(m), value: (m) => csvCell(m, 'rate') },
                  { key: 'numerator', header: t('chronicallyAbsent'), csvOnly: true, value: (m) => csvCell(m, 'numerator') },
                  { key: 'denominator', header: t('eligible'), csvOnly: true, value: (m) => csvCell(m, 'denominator') },
                  ...(priorName ? [{ key: 'prior', header: t('lastYearShort', { year: priorName }), numeric: true, render: (m: (typeof data.trend)[number]) => cellText(m.prior, false), value: (m: (typeof data.trend)[number]) => (m.prior && !m.prior.suppressed ? m.prior.rate : '') }] : []),
                ]}
              />
            }
          />

          {data.proficiency.length ? (
            <section className="card" aria-labelledby="prof-title">
              <h2 id="prof-title">{t('proficiencyTitle')}</h2>
              <DataTable
                caption={t('proficiencyTable')}
                rows={data.proficiency}
                rowKey={(p) => `${p.assessment}-${p.subject}`}
                csvName={`proficiency-${data.year}${data.school ? `-${data.school.code}` : ''}`}
                columns={[
                  { key: 'assessment', header: t('assessment'), render: (p) => p.assessment ?? '' },
                  { key: 'subject', header: t('subject'), render: (p) => t(`subjects.${p.subject}`, { defaultValue: p.subject }), value: (p) => p.subject },
                  { key: 'rate', header: t('proficient'), numeric: true, render: (p) => cellText(p), value: (p) => csvCell(p, 'rate') },
                  { key: 'numerator', header: t('proficientCount'), csvOnly: true, value: (p) => csvCell(p, 'numerator') },
                  { key: 'denominator', header: t('tested'), csvOnly: true, value: (p) => csvCell(p, 'denominator') },
                  { key: 'change', header: t('changeShort'), numeric: true, render: (p) => (p.change === null ? '—' : t('pointsShort', { points: points(p.change) })), value: (p) => p.change ?? '' },
                ]}
              />
            </section>
          ) : null}

          <section className="card" aria-labelledby="goals-title">
            <div className="dash-section-head">
              <h2 id="goals-title">{t('goalsTitle')}</h2>
              <Link to="/goals" className="no-print">
                {t('allGoals')}
              </Link>
            </div>
            {data.goals.length === 0 ? (
              <p>{t('noGoals')}</p>
            ) : (
              <ul className="plain-list">
                {data.goals.map((g) => (
                  <li key={g.id}>
                    <Link to={`/goals/${g.id}`}>{g.title}</Link> <GoalStatusBadge status={g.progress.status} />
                    <p className="muted">{goalProgressText(t, g)}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          {data.ignored.nonInstructionalDays + data.ignored.outsideEnrollment > 0 || data.warnings.length ? (
            <section className="card" aria-labelledby="notes-title">
              <h2 id="notes-title">{t('dataNotes')}</h2>
              {data.ignored.nonInstructionalDays + data.ignored.outsideEnrollment > 0 ? <p>{t('ignored', { nonInstructional: count(data.ignored.nonInstructionalDays), outside: count(data.ignored.outsideEnrollment) })}</p> : null}
              {data.warnings.map((w) => (
                <Alert key={w} kind="warning">
                  {w}
                </Alert>
              ))}
            </section>
          ) : null}
        </div>
      ) : null}
    </Page>
  );
}

export function DashboardPage() {
  return <DashboardView />;
}

export function SchoolDashboardPage() {
  const { schoolId } = useParams();
  return <DashboardView key={schoolId} schoolId={Number(schoolId)} />;
}
