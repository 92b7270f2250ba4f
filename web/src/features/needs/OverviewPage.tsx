/** Across the district: schools with high need and few partners stand out. */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { NeedsNav, type Overview } from './common.tsx';

export function OverviewPage() {
  const { t } = useTranslation('needs');
  const { data, error, loading } = useApi<Overview>('needs/overview');
  const standing = data?.schools.filter((s) => s.standsOut) ?? [];
  return (
    <Page title={t('overview.title')} subtitle={t('overview.subtitle')}>
      <NeedsNav />
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? <p>{standing.length ? t('overview.standOut', { count: standing.length, schools: standing.map((s) => s.schoolName).join(', ') }) : t('overview.noneStandOut')}</p> : null}
      {data ? (
        <DataTable
          caption={t('overview.caption')}
          rows={data.schools}
          rowKey={(s) => s.schoolId}
          csvName="needs-by-school"
          columns={[
            {
              key: 'school',
              header: t('school'),
              render: (s) => (
                <>
                  <Link to={`/needs?schoolId=${s.schoolId}`}>{s.schoolName}</Link>
                  {s.standsOut ? (
                    <>
                      {' '}
                      <span className="badge badge-bad">{t('overview.standsOutBadge')}</span>
                    </>
                  ) : null}
                </>
              ),
              value: (s) => s.schoolName,
            },
            { key: 'openNeeds', header: t('overview.openNeeds'), numeric: true },
            { key: 'highPriorityUnmet', header: t('overview.highUnmet'), numeric: true },
            { key: 'partners', header: t('overview.partners'), numeric: true, render: (s) => <Link to={`/partners?schoolId=${s.schoolId}`}>{s.partners}</Link>, value: (s) => s.partners },
            { key: 'gaps', header: t('overview.gaps'), render: (s) => s.categoriesWithoutPartner.map((c) => t(`partners:categories.${c}`)).join(', ') || '—', value: (s) => s.categoriesWithoutPartner.join(';') },
            { key: 'standsOut', header: t('overview.standsOutColumn'), render: (s) => (s.standsOut ? t('common:yes') : t('common:no')) },
          ]}
        />
      ) : null}
    </Page>
  );
}
