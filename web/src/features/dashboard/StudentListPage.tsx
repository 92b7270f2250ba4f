/**
 * The students behind a number: who is chronically absent, who is at risk, and who is on track to
 * become chronically absent this year (with the days they can still miss). The server lists only the
 * students the person may see, and records every read in the audit trail.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { formatDate } from '../../ui/format.ts';
import { NotFoundPage } from '../../ui/NotFoundPage.tsx';
import { count, gradeLabel, pct } from './format.ts';
import type { StudentList, StudentListName } from './types.ts';

const LISTS: StudentListName[] = ['chronically-absent', 'at-risk', 'early-warning'];
const PAGE = 50;

export function StudentListPage() {
  const { t } = useTranslation('dashboard');
  const { list } = useParams();
  const [params] = useSearchParams();
  const [page, setPage] = useState(1);
  const name = LISTS.includes(list as StudentListName) ? (list as StudentListName) : null;
  const query = { year: params.get('year') ?? undefined, asOf: params.get('asOf') ?? undefined, schoolId: params.get('schoolId') ?? undefined };
  const { data, error, loading } = useApi<StudentList>(name ? `student-lists/${name}${qs({ ...query, limit: PAGE, offset: (page - 1) * PAGE })}` : null);
  if (!name) return <NotFoundPage />;
  const csvHref = `/api/v1/student-lists/${name}/csv${qs(query)}`;
  return (
    <Page
      title={t(`lists.${name}`)}
      subtitle={data ? t('listSubtitle', { scope: data.school?.name ?? t('wholeDistrict'), year: data.year, date: formatDate(data.asOf) }) : undefined}
      actions={
        <>
          <a className="button" href={csvHref} download>
            {t('common:downloadCsv')}
          </a>
          <button type="button" onClick={() => window.print()}>
            {t('common:print')}
          </button>
        </>
      }
    >
      <p className="no-print">
        <Link to={`${query.schoolId ? `/dashboard/schools/${query.schoolId}` : '/dashboard'}${qs({ year: query.year, asOf: query.asOf })}`}>{t('backToDashboard')}</Link>
      </p>
      <p>{t(`listIntro.${name}`)}</p>
      <p className="muted">{t('listPrivacy')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p aria-live="polite">{t('listTotal', { count: data.total })}</p>
          <DataTable
            caption={t(`lists.${name}`)}
            rows={data.students}
            rowKey={(s) => s.studentId}
            empty={t('listEmpty')}
            columns={[
              { key: 'name', header: t('student'), render: (s) => <Link to={`/students/${s.studentId}`}>{`${s.lastName}, ${s.firstName}`}</Link> },
              { key: 'studentNumber', header: t('studentNumber') },
              { key: 'school', header: t('school'), render: (s) => s.school.name },
              { key: 'grade', header: t('grade'), render: (s) => gradeLabel(t, s.grade) },
              { key: 'rate', header: t('absenceRate'), numeric: true, render: (s) => pct(s.rate) },
              { key: 'days', header: t('daysAbsentOf'), numeric: true, render: (s) => t('daysOf', { absent: count(s.daysAbsent), enrolled: count(s.daysEnrolled) }) },
              { key: 'tier', header: t('tier'), render: (s) => t(`tiers.${s.tier}`) },
              { key: 'miss', header: t('canStillMiss'), numeric: true, render: (s) => (s.stillEnrolled ? count(s.daysCanStillMiss) : t('notEnrolled')) },
            ]}
          />
          <Pager page={page} pageSize={PAGE} total={data.total} onPage={setPage} />
        </>
      ) : null}
    </Page>
  );
}
