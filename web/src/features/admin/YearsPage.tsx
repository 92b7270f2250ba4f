/** School years: list, add, edit (dates may not overlap another year). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useSession } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { FormCard } from '../../ui/FormCard.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDate } from '../../ui/format.ts';
import { AdminNav } from './AdminNav.tsx';
import type { SchoolYear } from './types.ts';

/** A sensible next year: the one after the newest, with the same month and day. */
function nextYear(years: SchoolYear[]): { name: string; startDate: string; endDate: string } {
  const newest = years[0];
  if (!newest) {
    const now = new Date();
    const y = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    return { name: `${y}-${y + 1}`, startDate: `${y}-08-15`, endDate: `${y + 1}-06-15` };
  }
  const y = Number(newest.name.slice(0, 4)) + 1;
  return { name: `${y}-${y + 1}`, startDate: `${y}${newest.startDate.slice(4)}`, endDate: `${y + 1}${newest.endDate.slice(4)}` };
}

function YearForm({ year, suggestion, onDone, onCancel }: { year: SchoolYear | null; suggestion: { name: string; startDate: string; endDate: string }; onDone: (y: SchoolYear) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState(year ? { name: year.name, startDate: year.startDate, endDate: year.endDate } : suggestion);
  const { error, busy, run, fieldError } = useSubmit();
  const submit = () => void run(async () => onDone(year ? await api.patch<SchoolYear>(`school-years/${year.id}`, draft) : await api.post<SchoolYear>('school-years', draft)));
  return (
    <FormCard
      title={year ? t('years.editTitle', { name: year.name }) : t('years.addTitle')}
      submitLabel={year ? t('common:save') : t('years.add')}
      busy={busy}
      error={error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField label={t('years.name')} hint={t('years.nameHint')} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} error={fieldError('name')} />
        <TextField label={t('years.startDate')} type="date" required value={draft.startDate} onChange={(e) => setDraft({ ...draft, startDate: e.target.value })} error={fieldError('startDate')} />
        <TextField label={t('years.endDate')} type="date" required value={draft.endDate} onChange={(e) => setDraft({ ...draft, endDate: e.target.value })} error={fieldError('endDate')} />
      </div>
    </FormCard>
  );
}

export function YearsPage() {
  const { t } = useTranslation('admin');
  const { hasRole } = useSession();
  const canEdit = hasRole('district_admin', 'data_manager');
  const { data, error, loading, reload } = useApi<{ schoolYears: SchoolYear[] }>('school-years');
  const [editing, setEditing] = useState<SchoolYear | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const years = data?.schoolYears ?? [];
  return (
    <Page
      title={t('years.title')}
      actions={
        canEdit && editing === null ? (
          <button type="button" className="button-primary" onClick={() => { setMessage(null); setEditing('new'); }}>
            {t('years.add')}
          </button>
        ) : undefined
      }
    >
      <AdminNav />
      {message ? <Alert kind="success">{message}</Alert> : null}
      {editing !== null ? (
        <YearForm
          key={editing === 'new' ? 'new' : editing.id}
          year={editing === 'new' ? null : editing}
          suggestion={nextYear(years)}
          onCancel={() => setEditing(null)}
          onDone={(y) => {
            setMessage(editing === 'new' ? t('years.added', { name: y.name }) : t('years.saved', { name: y.name }));
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <DataTable
          caption={t('years.caption')}
          rows={years}
          rowKey={(y) => y.id}
          empty={t('years.none')}
          columns={[
            { key: 'name', header: t('years.name') },
            { key: 'startDate', header: t('years.startDate'), render: (y) => formatDate(y.startDate) },
            { key: 'endDate', header: t('years.endDate'), render: (y) => formatDate(y.endDate) },
            {
              key: 'actions',
              header: t('common:actions'),
              render: (y: SchoolYear) => (
                <span className="row-actions">
                  <Link to={`/admin/calendar?year=${y.id}`}>
                    {t('years.calendars')}
                    <span className="visually-hidden"> {y.name}</span>
                  </Link>
                  {canEdit ? (
                    <button type="button" className="button-quiet" onClick={() => { setMessage(null); setEditing(y); }}>
                      {t('common:edit')}
                      <span className="visually-hidden"> {y.name}</span>
                    </button>
                  ) : null}
                </span>
              ),
            },
          ]}
        />
      ) : null}
    </Page>
  );
}
