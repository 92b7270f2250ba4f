/** One student's record: profile, enrollments, family, the year's attendance, programs, assessments and discipline. */
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Page } from '../../ui/Page.tsx';
import { DataTable, type Column } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Alert } from '../../ui/Alert.tsx';
import { useApi } from '../../ui/useApi.ts';
import { qs } from '../../app/api.ts';
import { LoadProblem, useLabels } from './common.tsx';
import type { StudentDetail } from './types.ts';

const GROUPS = ['englishLearner', 'disability', 'economicallyDisadvantaged', 'homeless', 'foster'] as const;

/** One part of the record: a headed card holding its table (the heading names the table). */
function RecordSection<T>({ id, title, rows, rowKey, empty, columns }: { id: string; title: string; rows: T[]; rowKey: (row: T) => string | number; empty: string; columns: Column<T>[] }) {
  return (
    <section className="card student-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <DataTable caption={title} rows={rows} rowKey={rowKey} empty={empty} columns={columns} />
    </section>
  );
}

function Profile({ s }: { s: StudentDetail }) {
  const { t } = useTranslation('students');
  const l = useLabels();
  const current = s.enrollments[0];
  const groups = GROUPS.filter((g) => s[g]).map((g) => t(`codes.group.${g}`));
  const shared = (category: string, value: string) => (s.withheld.includes(category) ? t('notShared') : value);
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile')}</h2>
      <dl className="facts">
        <dt>{t('studentId')}</dt>
        <dd>{s.studentId}</dd>
        {s.localId ? (
          <>
            <dt>{t('localId')}</dt>
            <dd>{s.localId}</dd>
          </>
        ) : null}
        <dt>{t('birthDate')}</dt>
        <dd>{shared('demographics', s.birthDate ?? t('unknown'))}</dd>
        <dt>{t('currentSchool')}</dt>
        <dd>{shared('enrollment', current ? `${current.schoolName} · ${l.grade(current.grade)} · ${current.schoolYear}` : t('unknown'))}</dd>
        <dt>{t('sex')}</dt>
        <dd>{shared('demographics', l.code('sex', s.sex))}</dd>
        <dt>{t('raceEthnicity')}</dt>
        <dd>{shared('demographics', l.code('race', s.raceEthnicity))}</dd>
        <dt>{t('homeLanguage')}</dt>
        <dd>{shared('demographics', s.homeLanguage ? l.language(s.homeLanguage) : t('unknown'))}</dd>
        {s.email ? (
          <>
            <dt>{t('email')}</dt>
            <dd>{s.email}</dd>
          </>
        ) : null}
        <dt>{t('groups')}</dt>
        <dd>{shared('demographics', groups.length ? groups.join(', ') : t('noGroups'))}</dd>
      </dl>
    </section>
  );
}

function Attendance({ s, onYear }: { s: StudentDetail; onYear: (id: string) => void }) {
  const { t } = useTranslation('students');
  const l = useLabels();
  const a = s.attendance;
  return (
    <section className="card" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('attendance')}</h2>
      {!a ? (
        <p>{t('noAttendance')}</p>
      ) : (
        <>
          {s.schoolYears.length > 1 ? (
            <SelectField label={t('attendanceYear')} value={String(a.schoolYearId)} onChange={(e) => onYear(e.target.value)}>
              {s.schoolYears.map((y) => (
                <option key={y.id} value={y.id}>
                  {y.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          <p className="muted">
            {a.schoolYear} · {t('asOf', { date: a.asOf })}
          </p>
          <div className="grid student-figures">
            <div>
              <div className="figure">{a.daysEnrolled}</div>
              <div>{t('daysEnrolled')}</div>
            </div>
            <div>
              <div className="figure">{a.daysAbsent}</div>
              <div>{t('daysAbsent')}</div>
            </div>
            <div>
              <div className="figure">{l.percent(a.rate)}</div>
              <div>{t('absenceRate')}</div>
            </div>
          </div>
          <p>
            {a.eligible ? (
              <span className={a.chronicallyAbsent ? 'badge badge-bad' : 'badge badge-ok'}>{a.chronicallyAbsent ? t('chronicallyAbsent') : t('notChronic')}</span>
            ) : (
              t('notEligible')
            )}
            {a.tier ? <span className="student-tier"> {l.code('tier', a.tier)}</span> : null}
          </p>
          <p className="field-hint">{t('attendanceRule')}</p>
          <DataTable
            caption={t('bySchool')}
            rows={a.schools}
            rowKey={(r) => r.schoolId}
            columns={[
              { key: 'schoolName', header: t('school') },
              { key: 'daysEnrolled', header: t('daysEnrolled'), numeric: true },
              { key: 'daysAbsent', header: t('daysAbsent'), numeric: true },
              { key: 'recordsIgnored', header: t('recordsIgnored'), numeric: true },
              { key: 'source', header: t('source'), render: (r) => t(`sources.${r.source}`) },
            ]}
          />
          <DataTable
            caption={t('absences')}
            rows={a.absences}
            rowKey={(r) => `${r.date}-${r.schoolId}-${r.status}`}
            empty={t('noAbsences')}
            columns={[
              { key: 'date', header: t('date'), render: (r) => <span className="student-date">{r.date}</span> },
              { key: 'status', header: t('status'), render: (r) => l.code('attendance', r.status) },
              { key: 'minutesAbsent', header: t('minutesAbsent'), numeric: true, render: (r) => (r.minutesAbsent ?? '—') as number | string },
            ]}
          />
        </>
      )}
    </section>
  );
}

export function StudentPage() {
  const { t } = useTranslation('students');
  const l = useLabels();
  const { studentId } = useParams();
  const [params, setParams] = useSearchParams();
  const yearId = params.get('yearId');
  const { data: s, error, loading } = useApi<StudentDetail>(`students/${encodeURIComponent(studentId ?? '')}${qs({ yearId })}`);
  const back = <Link to="/students">{t('backToStudents')}</Link>;
  if (error) return <LoadProblem error={error} title={t('notFoundTitle')} body={t('notFoundBody')} back={back} />;
  if (loading || !s) return <Loading />;
  const shown = (category: string) => !s.withheld.includes(category);
  return (
    <Page title={`${s.firstName}${s.middleName ? ` ${s.middleName}` : ''} ${s.lastName}`} subtitle={back}>
      {s.withheld.length ? (
        <Alert kind="info" title={t('withheldTitle')}>
          {t('withheldBody', { list: s.withheld.map((c) => t(`categories.${c}`)).join(', ') })}
        </Alert>
      ) : null}
      <Profile s={s} />
      {shown('attendance') ? <Attendance s={s} onYear={(id) => setParams({ yearId: id })} /> : null}
      {shown('enrollment') ? (
        <RecordSection
          id="enrollments"
          title={t('enrollments')}
          rows={s.enrollments}
          rowKey={(r) => r.id}
          empty={t('noEnrollments')}
          columns={[
            { key: 'schoolYear', header: t('year') },
            { key: 'schoolName', header: t('school') },
            { key: 'grade', header: t('grade'), render: (r) => l.grade(r.grade) },
            { key: 'entryDate', header: t('entryDate'), render: (r) => <span className="student-date">{r.entryDate}</span> },
            { key: 'exitDate', header: t('exitDate'), render: (r) => <span className="student-date">{r.exitDate ?? t('stillEnrolled')}</span> },
          ]}
        />
      ) : null}
      {shown('contact') ? (
        <RecordSection
          id="guardians"
          title={t('guardians')}
          rows={s.guardians}
          rowKey={(r) => r.id}
          empty={t('noGuardians')}
          columns={[
            { key: 'name', header: t('name'), render: (r) => `${r.firstName} ${r.lastName}`, value: (r) => `${r.firstName} ${r.lastName}` },
            { key: 'relationship', header: t('relationship'), render: (r) => r.relationship ?? '—' },
            { key: 'phone', header: t('phone'), render: (r) => (r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : '—') },
            { key: 'email', header: t('email'), render: (r) => r.email ?? '—' },
            { key: 'preferredLanguage', header: t('preferredLanguage'), render: (r) => l.language(r.preferredLanguage) },
            { key: 'livesWithStudent', header: t('livesWithStudent'), render: (r) => l.yesNo(r.livesWithStudent) },
          ]}
        />
      ) : null}
      {shown('programs') ? (
        <RecordSection
          id="programs"
          title={t('programs')}
          rows={s.programs}
          rowKey={(r) => `${r.program}-${r.beginDate}`}
          empty={t('noPrograms')}
          columns={[
            { key: 'program', header: t('program'), render: (r) => `${l.code('program', r.program)}${r.programName ? ` (${r.programName})` : ''}` },
            { key: 'schoolName', header: t('school'), render: (r) => r.schoolName ?? '—' },
            { key: 'beginDate', header: t('begin') },
            { key: 'endDate', header: t('end'), render: (r) => r.endDate ?? '—' },
          ]}
        />
      ) : null}
      {shown('assessments') ? (
        <RecordSection
          id="assessments"
          title={t('assessments')}
          rows={s.assessments}
          rowKey={(r) => `${r.assessment}-${r.subject}-${r.administrationDate}`}
          empty={t('noAssessments')}
          columns={[
            { key: 'administrationDate', header: t('administered'), render: (r) => <span className="student-date">{r.administrationDate}</span> },
            { key: 'assessment', header: t('assessment') },
            { key: 'subject', header: t('subject'), render: (r) => l.code('subject', r.subject) },
            { key: 'grade', header: t('grade'), render: (r) => l.grade(r.grade) },
            { key: 'scaleScore', header: t('scaleScore'), numeric: true, render: (r) => (r.scaleScore ?? '—') as number | string },
            { key: 'performanceLevelLabel', header: t('performance'), render: (r) => r.performanceLevelLabel ?? '—' },
            { key: 'proficient', header: t('proficient'), render: (r) => l.yesNo(r.proficient) },
          ]}
        />
      ) : null}
      {shown('discipline') ? (
        <RecordSection
          id="discipline"
          title={t('discipline')}
          rows={s.discipline}
          rowKey={(r) => `${r.incidentId}-${r.date}`}
          empty={t('noDiscipline')}
          columns={[
            { key: 'date', header: t('date'), render: (r) => <span className="student-date">{r.date}</span> },
            { key: 'schoolName', header: t('school') },
            { key: 'behavior', header: t('behavior'), render: (r) => r.behavior ?? '—' },
            { key: 'action', header: t('action'), render: (r) => l.code('action', r.action) },
            { key: 'days', header: t('days'), numeric: true, render: (r) => (r.days ?? '—') as number | string },
          ]}
        />
      ) : null}
    </Page>
  );
}
