/** The audit trail: who read or changed which record, when and from where. District administrators only. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/useUrlFilters.ts';
import { FilterActions } from '../../ui/FilterActions.tsx';

interface AuditEvent {
  id: number;
  at: string;
  actor: { userId: number | null; label: string; via: string };
  action: string;
  entityType: string;
  entityId: string | null;
  studentId: number | null;
  ip: string | null;
  details: unknown;
}

interface AuditPage {
  events: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
  actions: string[];
  entityTypes: string[];
}

const FILTERS = ['actor', 'action', 'entityType', 'entityId', 'studentId', 'from', 'to'] as const;

/** Details as short "key: value" lines; long ones fold away. */
function Details({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <>—</>;
  const lines =
    typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      : [typeof value === 'string' ? value : JSON.stringify(value)];
  const text = lines.join('\n');
  if (text.length <= 120) return <span className="details-text">{text}</span>;
  return (
    <details>
      <summary className="details-text">{text.slice(0, 80)}…</summary>
      <pre className="details-pre">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

/** "health_check" → "Health check", for kinds of record and actions this page has no name for. */
const humanise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/[_-]+/g, ' ');

export function AuditPage() {
  const { t } = useTranslation('audit');
  const f = useUrlFilters(FILTERS);
  const { data, error, loading } = useApi<AuditPage>(`audit-events${qs({ ...f.current, page: f.page, pageSize: 50 })}`);
  const [options, setOptions] = useState<{ actions: string[]; entityTypes: string[] }>({ actions: [], entityTypes: [] });
  useEffect(() => {
    if (data) setOptions({ actions: data.actions, entityTypes: data.entityTypes });
  }, [data]);
  const label = (kind: 'actions' | 'entityTypes', value: string) => t(`${kind}.${value}`, { defaultValue: humanise(value) });

  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <form className="card filters" role="search" aria-label={t('filters')} onSubmit={f.submit}>
        <TextField label={t('actor')} type="search" value={f.draft.actor} onChange={(e) => f.set({ actor: e.target.value })} />
        <SelectField label={t('action')} value={f.draft.action} onChange={(e) => f.set({ action: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {options.actions.map((a) => (
            <option key={a} value={a}>
              {label('actions', a)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('entityType')} value={f.draft.entityType} onChange={(e) => f.set({ entityType: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {options.entityTypes.map((a) => (
            <option key={a} value={a}>
              {label('entityTypes', a)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('entityId')} value={f.draft.entityId} onChange={(e) => f.set({ entityId: e.target.value })} />
        <TextField label={t('studentId')} inputMode="numeric" value={f.draft.studentId} onChange={(e) => f.set({ studentId: e.target.value })} />
        <TextField label={t('from')} type="date" value={f.draft.from} onChange={(e) => f.set({ from: e.target.value })} />
        <TextField label={t('to')} type="date" value={f.draft.to} onChange={(e) => f.set({ to: e.target.value })} />
        <p className="field-hint filters-help">{t('filtersHelp')}</p>
        <FilterActions onClear={f.clear} />
      </form>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <DataTable<AuditEvent>
            caption={t('caption', { count: data.total })}
            rows={data.events}
            rowKey={(e) => e.id}
            empty={t('none')}
            csvName="audit-trail"
            columns={[
              { key: 'at', header: t('when'), render: (e) => <span className="nowrap">{formatDateTime(e.at)}</span>, value: (e) => e.at },
              {
                key: 'actor',
                header: t('who'),
                render: (e) => (
                  <>
                    <span className="break-anywhere">{e.actor.label}</span>
                    <span className="muted small-block">
                      {t(`via.${e.actor.via}`, { defaultValue: e.actor.via })}
                      {e.ip ? ` · ${e.ip}` : ''}
                    </span>
                  </>
                ),
                value: (e) => e.actor.label,
              },
              { key: 'action', header: t('action'), render: (e) => label('actions', e.action), value: (e) => e.action },
              {
                key: 'entity',
                header: t('record'),
                render: (e) => (
                  <>
                    {label('entityTypes', e.entityType)}
                    {e.entityId ? ` #${e.entityId}` : ''}
                    {e.studentId && !(e.entityType === 'student' && e.entityId === String(e.studentId)) ? <span className="muted small-block">{t('aboutStudent', { id: e.studentId })}</span> : null}
                  </>
                ),
                value: (e) => `${e.entityType} ${e.entityId ?? ''}`,
              },
              { key: 'details', header: t('details'), render: (e) => <Details value={e.details} />, value: (e) => (e.details ? JSON.stringify(e.details) : '') },
            ]}
          />
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={f.goToPage} />
        </>
      ) : null}
    </Page>
  );
}
