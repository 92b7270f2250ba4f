/**
 * Coverage (students and families visited, by district, school, grade, class and teacher; which schools
 * reached their target; month by month), whether visits reach a cross-section of families, and the
 * results beside the visits, worded as the correlation they are.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError, qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { HvNav, languageName } from './common.tsx';
import { pct } from './types.ts';
import type { Coverage, CoverageRow, CrossSection, Results } from './types.ts';

const n = (x: number | null) => (x === null ? '—' : String(x));

function CoverageTable({ caption, rows, showTarget, csvName }: { caption: string; rows: CoverageRow[]; showTarget?: boolean; csvName: string }) {
  const { t } = useTranslation('homeVisits');
  const sup = (r: CoverageRow, v: string) => (r.suppressed ? t('coverage.suppressed') : v);
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => `${r.level}-${r.schoolId}-${r.grade}-${r.classId}-${r.staffId}`}
      csvName={csvName}
      columns={[
        { key: 'label', header: t('coverage.name'), render: (r) => (r.level === 'district' ? t('coverage.district') : r.label), value: (r) => (r.level === 'district' ? t('coverage.district') : r.label) },
        { key: 'students', header: t('coverage.students'), numeric: true, render: (r) => sup(r, n(r.students)), value: (r) => (r.suppressed ? '' : r.students) },
        { key: 'studentsVisited', header: t('coverage.studentsVisited'), numeric: true, render: (r) => sup(r, `${n(r.studentsVisited)} (${pct(r.rate, 1)})`), value: (r) => (r.suppressed ? '' : r.studentsVisited) },
        { key: 'families', header: t('coverage.families'), numeric: true, render: (r) => sup(r, n(r.families)), value: (r) => (r.suppressed ? '' : r.families) },
        { key: 'familiesVisited', header: t('coverage.familiesVisited'), numeric: true, render: (r) => sup(r, `${n(r.familiesVisited)} (${pct(r.familyRate, 1)})`), value: (r) => (r.suppressed ? '' : r.familiesVisited) },
        ...(showTarget
          ? [{ key: 'target', header: t('coverage.target'), render: (r: CoverageRow) => (r.level !== 'school' ? '' : r.suppressed ? t('coverage.suppressed') : `${pct(r.target)} · ${r.reachedTarget ? t('coverage.reached') : t('coverage.notReached')}`), value: (r: CoverageRow) => (r.reachedTarget === null ? '' : r.reachedTarget ? 'Y' : 'N') }]
          : []),
      ]}
    />
  );
}

function groupLabel(t: (k: string, o?: Record<string, unknown>) => string, kind: string, value: string, locale: string): string {
  if (kind === 'home_language' && value !== 'unknown') return languageName(value, locale);
  const key = `groupValues.${kind}.${value}`;
  const label = t(key);
  return label === key ? t(`groupValues.any.${value}`, { defaultValue: value }) : label;
}

function CrossSectionView({ data }: { data: CrossSection }) {
  const { t, i18n } = useTranslation('homeVisits');
  let statement: string;
  if (data.verdict === 'no_verdict') statement = t('cross.noVerdict', { count: data.visitedFamilies, min: data.minimumVisited });
  else if (data.verdict === 'cross_section') statement = t('cross.fair', { tolerance: pct(data.tolerance) });
  else {
    const parts = data.kinds
      .filter((k) => k.verdict === 'concentrated')
      .map((k) => {
        const g = k.groups.filter((x) => x.flag === 'over').sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
        return t('cross.part', { kind: t(`kinds.${k.kind}`), group: groupLabel(t, k.kind, g.value, i18n.language), visited: pct(g.visitedShare), enrolled: pct(g.enrolledShare), ratio: g.ratio });
      });
    statement = `${t('cross.concentrated')} ${parts.join('; ')}. ${t('cross.reminder')}`;
  }
  return (
    <>
      <Alert kind={data.verdict === 'concentrated' ? 'warning' : data.verdict === 'no_verdict' ? 'info' : 'success'} title={t(`cross.verdict.${data.verdict}`)}>
        <p className="hv-statement">{statement}</p>
        <p className="muted">{t('cross.method', { visited: data.visitedFamilies, enrolled: data.enrolledFamilies, alpha: data.alpha })}</p>
      </Alert>
      {data.kinds.map((k) => (
        <details key={k.kind} className="hv-kind">
          <summary>
            {t(`kinds.${k.kind}`)} · {t(`cross.verdict.${k.verdict}`)}
            {k.pValue !== null ? ` · p = ${k.pValue.toFixed(3)}` : ''}
          </summary>
          <DataTable
            caption={t('cross.tableCaption', { kind: t(`kinds.${k.kind}`) })}
            rows={k.groups}
            rowKey={(g) => g.value}
            columns={[
              { key: 'value', header: t('cross.group'), render: (g) => groupLabel(t, k.kind, g.value, i18n.language) },
              { key: 'enrolledShare', header: t('cross.enrolledShare'), numeric: true, render: (g) => pct(g.enrolledShare) },
              { key: 'visitedShare', header: t('cross.visitedShare'), numeric: true, render: (g) => pct(g.visitedShare) },
              { key: 'ratio', header: t('cross.ratio'), numeric: true, render: (g) => (g.ratio === null ? '—' : g.ratio.toFixed(2)) },
              { key: 'flag', header: t('cross.flag'), render: (g) => (g.flag ? t(`cross.${g.flag}`) : '') },
            ]}
          />
        </details>
      ))}
    </>
  );
}

function ResultsView({ data }: { data: Results }) {
  const { t } = useTranslation('homeVisits');
  return (
    <>
      <Alert kind="info" title={t('results.correlationTitle')}>
        <p>{t('results.correlation')}</p>
        <p>{t('results.study')}</p>
      </Alert>
      {!data.hasAttendance ? <Alert kind="warning">{t('results.noAttendance')}</Alert> : null}
      <DataTable
        caption={t('results.caption', { asOf: data.asOf })}
        rows={data.groups}
        rowKey={(g) => String(g.visited)}
        csvName="home-visit-results"
        columns={[
          { key: 'visited', header: t('results.group'), render: (g) => (g.visited ? t('results.visited') : t('results.notVisited')) },
          { key: 'students', header: t('coverage.students'), numeric: true, render: (g) => (g.suppressed ? t('coverage.suppressed') : n(g.students)) },
          { key: 'chronic', header: t('results.chronic'), numeric: true, render: (g) => (g.suppressed ? t('coverage.suppressed') : `${n(g.chronicallyAbsent)} / ${n(g.eligible)} (${pct(g.chronicRate, 1)})`), value: (g) => g.chronicRate },
          { key: 'attendance', header: t('results.attendanceRate'), numeric: true, render: (g) => (g.suppressed ? t('coverage.suppressed') : pct(g.attendanceRate, 1)), value: (g) => g.attendanceRate },
        ]}
      />
      <h3>{t('results.beforeAfter')}</h3>
      {data.beforeAfter.suppressed ? (
        <p>{t('coverage.suppressed')}</p>
      ) : (
        <p>{t('results.beforeAfterSummary', { count: data.beforeAfter.students ?? 0, before: pct(data.beforeAfter.meanRateBefore, 1), after: pct(data.beforeAfter.meanRateAfter, 1), higher: data.beforeAfter.higherAfter, lower: data.beforeAfter.lowerAfter, days: data.minDaysEachSide })}</p>
      )}
      {data.beforeAfter.list ? (
        <DataTable
          caption={t('results.listCaption')}
          rows={data.beforeAfter.list}
          rowKey={(r) => r.studentId}
          csvName="before-after-first-visit"
          columns={[
            { key: 'name', header: t('results.student'), render: (r) => r.name },
            { key: 'firstVisitDate', header: t('results.firstVisit'), render: (r) => r.firstVisitDate },
            { key: 'before', header: t('results.before'), numeric: true, render: (r) => pct(r.before.rate, 1), value: (r) => r.before.rate },
            { key: 'after', header: t('results.after'), numeric: true, render: (r) => pct(r.after.rate, 1), value: (r) => r.after.rate },
          ]}
        />
      ) : null}
    </>
  );
}

const forbidden = (e: unknown) => e instanceof ApiError && e.status === 403;

export function CoveragePage() {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const [asOf, setAsOf] = useState('');
  const [school, setSchool] = useState<string>('');
  const staffRole = ['district_admin', 'data_manager', 'school_staff', 'teacher'].includes(me.role);
  const districtWide = me.role === 'district_admin' || me.role === 'data_manager';
  // Default: the whole district for district staff; otherwise the person's own school (first by name),
  // or, for someone with no school, the first school shown once the figures have come.
  const [firstShown, setFirstShown] = useState<number | null>(null);
  const own = [...me.schools].sort((a, b) => a.name.localeCompare(b.name))[0]?.id ?? firstShown;
  const chosen = school || (districtWide || !own ? '' : String(own));
  // Grade, class and teacher rows come for the school chosen (a teacher's row counts their classes there).
  const coverage = useApi<Coverage>(`home-visits/coverage${qs({ asOf, schoolId: staffRole ? chosen : '' })}`);
  useEffect(() => {
    if (coverage.data && firstShown === null) setFirstShown(coverage.data.rows.find((r) => r.level === 'school' && !r.suppressed)?.schoolId ?? 0);
  }, [coverage.data, firstShown]);
  const schools = (coverage.data?.rows ?? []).filter((r) => r.level === 'school');
  const inChosen = (r: CoverageRow) => !chosen || r.schoolId === Number(chosen);
  const cross = useApi<CrossSection>(staffRole && coverage.data && (chosen || districtWide) ? `home-visits/cross-section${qs({ asOf, schoolId: chosen })}` : null);
  const results = useApi<Results>(me.role !== 'union_rep' && coverage.data && (chosen || districtWide || ['partner_staff', 'viewer'].includes(me.role)) ? `home-visits/results${qs({ asOf, schoolId: chosen })}` : null);
  const data = coverage.data;
  const chosenName = chosen ? schools.find((s) => s.schoolId === Number(chosen))?.label : undefined;
  const timeline = (data?.timeline ?? []).filter((p) => (chosen ? p.schoolId === Number(chosen) : p.schoolId === null));
  const chartRows = timeline.map((p) => ({ month: p.month, families: p.families ? Math.round((1000 * p.familiesVisited) / p.families) / 10 : 0, students: p.students ? Math.round((1000 * p.studentsVisited) / p.students) / 10 : 0 }));
  return (
    <Page title={t('coverage.title')} subtitle={t('coverage.subtitle')}>
      <HvNav />
      <div className="row">
        <TextField label={t('coverage.asOf')} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} hint={data ? t('coverage.asOfHint', { date: data.asOf }) : undefined} />
        {schools.length > 1 || districtWide ? (
          <SelectField label={t('form.school')} value={chosen} onChange={(e) => setSchool(e.target.value)}>
            {districtWide ? <option value="">{t('coverage.allSchools')}</option> : null}
            {schools
              .filter((s) => !s.suppressed)
              .map((s) => (
                <option key={s.schoolId} value={String(s.schoolId)}>
                  {s.label}
                </option>
              ))}
          </SelectField>
        ) : null}
      </div>
      {coverage.error ? <ErrorAlert error={coverage.error} /> : null}
      {coverage.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          {data.aggregateOnly || data.rows.some((r) => r.suppressed) ? <p className="muted">{t('coverage.suppressionNote', { n: data.minN })}</p> : null}
          <section className="card" aria-labelledby="cov-target">
            <h2 id="cov-target">{t('coverage.reachedTitle')}</h2>
            <ul>
              {schools
                .filter((s) => !s.suppressed)
                .map((s) => (
                  <li key={s.schoolId}>
                    {s.reachedTarget ? '✓' : '✗'} {t(s.reachedTarget ? 'coverage.schoolReached' : 'coverage.schoolNotReached', { school: s.label, rate: pct(s.familyRate, 1), target: pct(s.target) })}
                  </li>
                ))}
            </ul>
          </section>
          <CoverageTable caption={t('coverage.bySchool')} rows={data.rows.filter((r) => r.level === 'district' || r.level === 'school')} showTarget csvName="coverage-by-school" />
          <CoverageTable caption={t('coverage.byGrade')} rows={data.rows.filter((r) => r.level === 'grade' && inChosen(r))} csvName="coverage-by-grade" />
          {data.rows.some((r) => r.level === 'class') ? <CoverageTable caption={t('coverage.byClass')} rows={data.rows.filter((r) => r.level === 'class' && inChosen(r))} csvName="coverage-by-class" /> : null}
          {data.rows.some((r) => r.level === 'teacher') ? (
            <CoverageTable
              caption={chosenName ? t('coverage.byTeacherAt', { school: chosenName }) : t('coverage.byTeacher')}
              rows={data.rows.filter((r) => r.level === 'teacher' && inChosen(r))}
              csvName="coverage-by-teacher"
            />
          ) : null}
          <section className="card" aria-labelledby="cov-year">
            <h2 id="cov-year">{t('coverage.overYear')}</h2>
            {chartRows.length ? (
              <div className="hv-chart" role="img" aria-label={t('coverage.chartLabel')}>
                <ResponsiveContainer width="100%" height={260}>
                  <LineChart data={chartRows} margin={{ top: 10, right: 20, bottom: 0, left: 0 }} accessibilityLayer={false}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="month" />
                    <YAxis unit="%" />
                    <Tooltip />
                    <Legend />
                    <Line type="monotone" dataKey="families" name={t('coverage.familiesVisited')} stroke="var(--chart-1)" strokeWidth={2} />
                    <Line type="monotone" dataKey="students" name={t('coverage.studentsVisited')} stroke="var(--chart-2)" strokeWidth={2} strokeDasharray="5 3" />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            ) : null}
            <DataTable
              caption={t('coverage.overYearCaption')}
              rows={timeline}
              rowKey={(p) => `${p.month}-${p.schoolId}`}
              csvName="coverage-by-month"
              columns={[
                { key: 'month', header: t('coverage.month'), render: (p) => p.month },
                { key: 'familiesVisited', header: t('coverage.familiesVisited'), numeric: true, render: (p) => `${p.familiesVisited} / ${p.families}` },
                { key: 'studentsVisited', header: t('coverage.studentsVisited'), numeric: true, render: (p) => `${p.studentsVisited} / ${p.students}` },
              ]}
            />
          </section>
        </>
      ) : null}
      {staffRole ? (
        <section className="card" aria-labelledby="cov-cross">
          <h2 id="cov-cross">{t('cross.title')}</h2>
          <p className="muted">{t('cross.explain')}</p>
          {cross.loading && !cross.data ? <Loading /> : cross.error ? forbidden(cross.error) ? <p>{t('cross.forbidden')}</p> : <ErrorAlert error={cross.error} /> : cross.data ? <CrossSectionView data={cross.data} /> : null}
        </section>
      ) : null}
      {me.role !== 'union_rep' ? (
        <section className="card" aria-labelledby="cov-results">
          <h2 id="cov-results">{t('results.title')}</h2>
          {results.loading && !results.data ? <Loading /> : results.error ? forbidden(results.error) ? <p>{t('results.forbidden')}</p> : <ErrorAlert error={results.error} /> : results.data ? <ResultsView data={results.data} /> : null}
        </section>
      ) : null}
    </Page>
  );
}
