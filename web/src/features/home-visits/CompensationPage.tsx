/** Hours per educator per pay period, the payroll export, and the union's view of participation, training and compensation. */
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { HvNav } from './common.tsx';
import { money } from './types.ts';
import type { Compensation, Participation } from './types.ts';

const h = (m: number) => (m / 60).toFixed(2);

export function CompensationPage() {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const pay = useApi<Compensation>('home-visits/compensation');
  const wide = ['district_admin', 'data_manager', 'school_staff', 'union_rep'].includes(me.role);
  const part = useApi<Participation>(wide ? 'home-visits/participation' : null);
  return (
    <Page title={t('pay.title')} subtitle={t('pay.subtitle')}>
      <HvNav />
      {wide ? (
        <p>
          <a className="button" href="/api/v1/home-visits/compensation.csv" download>
            {t('pay.download')}
          </a>
        </p>
      ) : null}
      {pay.error ? <ErrorAlert error={pay.error} /> : null}
      {pay.loading && !pay.data ? (
        <Loading />
      ) : pay.data ? (
        <>
          <DataTable
            caption={t('pay.caption', { year: pay.data.year })}
            rows={pay.data.rows}
            rowKey={(r) => `${r.staffId}-${r.schoolId}-${r.periodStart}`}
            empty={t('pay.none')}
            columns={[
              { key: 'name', header: t('program.name'), render: (r) => r.name },
              { key: 'period', header: t('pay.period'), render: (r) => `${r.periodStart} – ${r.periodEnd}`, value: (r) => r.periodStart },
              { key: 'school', header: t('form.school'), render: (r) => r.schoolName },
              { key: 'visits', header: t('pay.visits'), numeric: true, render: (r) => String(r.visits) },
              { key: 'visitHours', header: t('pay.visitHours'), numeric: true, render: (r) => h(r.visitMinutes) },
              { key: 'travelHours', header: t('pay.travelHours'), numeric: true, render: (r) => h(r.travelMinutes) },
              { key: 'reflectionHours', header: t('pay.reflectionHours'), numeric: true, render: (r) => h(r.reflectionMinutes) },
              { key: 'hours', header: t('pay.hours'), numeric: true, render: (r) => r.hours.toFixed(2) },
              { key: 'amount', header: t('pay.amount'), numeric: true, render: (r) => money(r.amountCents), value: (r) => money(r.amountCents) },
            ]}
          />
          {pay.data.pending.length ? (
            <section className="card" aria-labelledby="pay-pending">
              <h2 id="pay-pending">{t('pay.pending')}</h2>
              <ul>
                {pay.data.pending.map((p) => (
                  <li key={p.staffId}>{t('pay.pendingLine', { name: p.name, count: p.visits })}</li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      {part.data ? (
        <>
          <h2>{t('pay.participation')}</h2>
          <DataTable
            caption={t('pay.bySchool')}
            rows={part.data.schools}
            rowKey={(s) => s.schoolId}
            csvName="participation-by-school"
            columns={[
              { key: 'school', header: t('form.school'), render: (s) => s.schoolName },
              { key: 'educators', header: t('pay.educators'), numeric: true, render: (s) => String(s.educators) },
              { key: 'trained', header: t('pay.trained'), numeric: true, render: (s) => String(s.trained) },
              { key: 'optedIn', header: t('pay.optedIn'), numeric: true, render: (s) => String(s.optedIn) },
              { key: 'visiting', header: t('pay.visiting'), numeric: true, render: (s) => String(s.visiting) },
              { key: 'trainingHours', header: t('pay.trainingHours'), numeric: true, render: (s) => String(s.trainingHours) },
              { key: 'paidHours', header: t('pay.hours'), numeric: true, render: (s) => s.paidHours.toFixed(2) },
              { key: 'amount', header: t('pay.amount'), numeric: true, render: (s) => money(s.amountCents), value: (s) => money(s.amountCents) },
            ]}
          />
          <DataTable
            caption={t('pay.byEducator')}
            rows={part.data.educators}
            rowKey={(e) => e.staffId}
            csvName="participation-by-educator"
            columns={[
              { key: 'name', header: t('program.name'), render: (e) => `${e.firstName} ${e.lastName}` },
              { key: 'trained', header: t('program.training'), render: (e) => (e.trained ? `${e.firstTrainedOn} · ${e.trainingHours} h` : t('program.untrained')) },
              { key: 'optedIn', header: t('program.participation'), render: (e) => (e.optedIn ? t('overview.optedIn') : t('overview.optedOut')) },
              { key: 'visits', header: t('pay.visits'), numeric: true, render: (e) => String(e.completedVisits) },
              { key: 'hours', header: t('pay.hours'), numeric: true, render: (e) => e.paidHours.toFixed(2) },
              { key: 'amount', header: t('pay.amount'), numeric: true, render: (e) => money(e.amountCents), value: (e) => money(e.amountCents) },
            ]}
          />
        </>
      ) : part.error ? (
        <ErrorAlert error={part.error} />
      ) : null}
    </Page>
  );
}
