/** The home-visit program at a glance for the person signed in: their visits, their participation, the saved forms, and where to go next. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { HvNav, StatusBadge, visitTypeName } from './common.tsx';
import { useOutbox } from './offline.ts';
import { Outbox } from './Outbox.tsx';
import type { Educator, VisitSummary } from './types.ts';

function Participation({ staffId }: { staffId: number }) {
  const { t } = useTranslation('homeVisits');
  const { data, reload } = useApi<{ year: string; educators: Educator[] }>('home-visits/educators');
  const [error, setError] = useState<unknown>(null);
  const me = data?.educators.find((e) => e.staffId === staffId);
  if (!data) return null;
  async function toggle(optedIn: boolean) {
    setError(null);
    try {
      await api.put(`home-visits/educators/${staffId}/participation`, { optedIn });
      reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className="card" aria-labelledby="me-part">
      <h2 id="me-part">{t('overview.participation', { year: data.year })}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      <p>{me?.trained ? t('overview.trained', { date: me.firstTrainedOn }) : t('overview.notTrained')}</p>
      <p>{me?.optedIn ? t('overview.optedIn') : t('overview.optedOut')}</p>
      <button type="button" onClick={() => void toggle(!me?.optedIn)}>
        {me?.optedIn ? t('overview.optOut') : t('overview.optIn')}
      </button>
      <p className="field-hint">{t('overview.voluntary')}</p>
    </section>
  );
}

function VisitTable({ title, rows }: { title: string; rows: VisitSummary[] }) {
  const { t } = useTranslation('homeVisits');
  return (
    <DataTable
      caption={title}
      rows={rows}
      rowKey={(r) => r.id}
      empty={t('overview.noVisits')}
      columns={[
        { key: 'date', header: t('form.date'), render: (r) => <Link to={`/home-visits/visits/${r.id}`}>{`${r.date} ${r.startTime}`}</Link>, value: (r) => r.date },
        { key: 'students', header: t('visit.students'), render: (r) => `${r.students.join(', ') || '—'}${r.otherStudents ? ` (+${r.otherStudents})` : ''}`, value: (r) => r.students.join('; ') },
        { key: 'type', header: t('form.visitType'), render: (r) => visitTypeName(t, r.visitType) },
        { key: 'educators', header: t('form.educators'), render: (r) => r.educators.join(', ') },
        { key: 'school', header: t('form.school'), render: (r) => r.schoolName },
        { key: 'status', header: t('overview.status'), render: (r) => <StatusBadge status={r.status} />, value: (r) => t(`status.${r.status}`) },
      ]}
    />
  );
}

export function HomeVisitsPage() {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const educator = me.staffId !== null && (me.role === 'teacher' || me.role === 'school_staff');
  const seesVisits = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'].includes(me.role);
  const mine = useApi<{ visits: VisitSummary[]; total: number }>(educator ? 'home-visits/visits?mine=1' : null);
  const all = useApi<{ visits: VisitSummary[]; total: number }>(seesVisits ? 'home-visits/visits?limit=50' : null);
  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <HvNav />
      <section className="card" aria-labelledby="practices">
        <h2 id="practices">{t('practices.title')}</h2>
        <ol className="hv-practices">
          {[1, 2, 3, 4, 5].map((n) => (
            <li key={n}>{t(`practices.p${n}`)}</li>
          ))}
        </ol>
        {educator ? (
          <Link className="button button-primary" to="/home-visits/log">
            {t('nav.log')}
          </Link>
        ) : null}
      </section>
      {educator ? <HomeEducator staffId={me.staffId!} mine={mine.data?.visits} loading={mine.loading} error={mine.error} /> : null}
      {seesVisits ? (
        all.loading && !all.data ? (
          <Loading />
        ) : all.error ? (
          <ErrorAlert error={all.error} />
        ) : (
          <VisitTable title={t('overview.recent', { total: all.data?.total ?? 0 })} rows={all.data?.visits ?? []} />
        )
      ) : (
        <p>
          <Link to="/home-visits/coverage">{t('overview.seeCoverage')}</Link>
        </p>
      )}
    </Page>
  );
}

function HomeEducator({ staffId, mine, loading, error }: { staffId: number; mine?: VisitSummary[]; loading: boolean; error: unknown }) {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const outbox = useOutbox(me.email);
  return (
    <>
      {loading && !mine ? <Loading /> : error ? <ErrorAlert error={error} /> : <VisitTable title={t('overview.mine')} rows={mine ?? []} />}
      <Outbox outbox={outbox} />
      <Participation staffId={staffId} />
    </>
  );
}
