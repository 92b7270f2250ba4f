/** Agreements I may see, with renewal reminders first. */
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { AGREEMENT_EDITORS, AGREEMENT_STATUSES, StatusBadge } from '../partners/common.tsx';
import type { AgreementSummary, Reminders } from './types.ts';

export function RenewalReminders() {
  const { t } = useTranslation('agreements');
  const { data } = useApi<Reminders>('agreements/reminders');
  if (!data || data.reminders.length === 0) return null;
  return (
    <Alert kind="warning" title={t('reminders.title', { count: data.reminders.length })}>
      <ul>
        {data.reminders.map((r) => (
          <li key={r.agreementId}>
            <Link to={`/agreements/${r.agreementId}`}>{r.title}</Link> — {r.daysLeft >= 0 ? t('reminders.ends', { count: r.daysLeft, date: formatDate(r.endDate) }) : t('reminders.ended')}
            {r.kind === 'renewal_due' ? ` · ${t('status.renewal_due')}` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export function AgreementsPage() {
  const { t } = useTranslation('agreements');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const list = useApi<{ agreements: AgreementSummary[] }>(`agreements${qs({ status })}`);
  return (
    <Page title={t('title')} subtitle={t('subtitle')} actions={AGREEMENT_EDITORS.includes(me.role) ? <Link className="button button-primary" to="/agreements/new">{t('new')}</Link> : null}>
      <RenewalReminders />
      <div className="card partner-filters">
        <SelectField label={t('statusLabel')} value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
          <option value="">{t('anyStatus')}</option>
          {AGREEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <DataTable
          caption={t('caption', { count: list.data?.agreements.length ?? 0 })}
          rows={list.data?.agreements ?? []}
          rowKey={(a) => a.id}
          empty={t('none')}
          csvName="agreements"
          columns={[
            { key: 'title', header: t('fields.title'), render: (a) => <Link to={`/agreements/${a.id}`}>{a.title}</Link>, value: (a) => a.title },
            { key: 'status', header: t('statusLabel'), render: (a) => <StatusBadge status={a.status} />, value: (a) => a.status },
            { key: 'parties', header: t('parties.title'), render: (a) => a.parties.map((p) => p.name).join(', '), value: (a) => a.parties.map((p) => p.name).join('; ') },
            { key: 'term', header: t('term'), render: (a) => `${formatDate(a.startDate)} – ${formatDate(a.endDate)}`, value: (a) => `${a.startDate ?? ''} – ${a.endDate ?? ''}` },
            { key: 'reminder', header: t('reminders.column'), render: (a) => (a.reminder ? t('reminders.daysLeft', { count: a.reminder.daysLeft }) : '—'), value: (a) => a.reminder?.daysLeft ?? '' },
          ]}
        />
      )}
    </Page>
  );
}
