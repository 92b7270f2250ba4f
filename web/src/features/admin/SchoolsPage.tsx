/** Schools of the district: list, add, edit. */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useSession } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { FormCard } from '../../ui/FormCard.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { AdminNav } from './AdminNav.tsx';
import { GRADES, SCHOOL_TYPES, type School } from './types.ts';

type Draft = { code: string; localId: string; name: string; schoolType: School['schoolType']; lowGrade: string; highGrade: string };
const empty: Draft = { code: '', localId: '', name: '', schoolType: 'elementary', lowGrade: '', highGrade: '' };

function SchoolForm({ school, onDone, onCancel }: { school: School | null; onDone: (s: School) => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
  const [draft, setDraft] = useState<Draft>(
    school ? { code: school.code, localId: school.localId ?? '', name: school.name, schoolType: school.schoolType, lowGrade: school.lowGrade ?? '', highGrade: school.highGrade ?? '' } : empty,
  );
  const { error, busy, run, fieldError } = useSubmit();
  const set = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));
  const submit = () => {
    const body = { code: draft.code, localId: draft.localId || null, name: draft.name, schoolType: draft.schoolType, lowGrade: draft.lowGrade || null, highGrade: draft.highGrade || null };
    void run(async () => onDone(school ? await api.patch<School>(`schools/${school.id}`, body) : await api.post<School>('schools', body)));
  };

  const gradeOptions = (
    <>
      <option value="">{t('schools.noGrade')}</option>
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {t(`grades.${g}`)}
        </option>
      ))}
    </>
  );
  return (
    <FormCard
      title={school ? t('schools.editTitle', { name: school.name }) : t('schools.addTitle')}
      submitLabel={school ? t('common:save') : t('schools.add')}
      busy={busy}
      error={error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <div className="form-grid">
        <TextField label={t('schools.name')} required value={draft.name} onChange={(e) => set({ name: e.target.value })} error={fieldError('name')} />
        <TextField label={t('schools.code')} hint={t('schools.codeHint')} required value={draft.code} onChange={(e) => set({ code: e.target.value })} error={fieldError('code')} />
        <TextField label={t('schools.localId')} hint={t('schools.localIdHint')} value={draft.localId} onChange={(e) => set({ localId: e.target.value })} error={fieldError('localId')} />
        <SelectField label={t('schools.type')} value={draft.schoolType} onChange={(e) => set({ schoolType: e.target.value as Draft['schoolType'] })} error={fieldError('schoolType')}>
          {SCHOOL_TYPES.map((s) => (
            <option key={s} value={s}>
              {t(`schoolTypes.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('schools.lowGrade')} value={draft.lowGrade} onChange={(e) => set({ lowGrade: e.target.value })} error={fieldError('lowGrade')}>
          {gradeOptions}
        </SelectField>
        <SelectField label={t('schools.highGrade')} value={draft.highGrade} onChange={(e) => set({ highGrade: e.target.value })} error={fieldError('highGrade')}>
          {gradeOptions}
        </SelectField>
      </div>
    </FormCard>
  );
}

export function SchoolsPage() {
  const { t } = useTranslation('admin');
  const { hasRole } = useSession();
  const canEdit = hasRole('district_admin', 'data_manager');
  const { data, error, loading, reload } = useApi<{ schools: School[] }>('schools');
  const [editing, setEditing] = useState<School | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  return (
    <Page
      title={t('schools.title')}
      actions={
        canEdit && editing === null ? (
          <button type="button" ref={addButton} className="button-primary" onClick={() => { setMessage(null); setEditing('new'); }}>
            {t('schools.add')}
          </button>
        ) : undefined
      }
    >
      <AdminNav />
      {message ? <Alert kind="success">{message}</Alert> : null}
      {editing !== null ? (
        <SchoolForm
          key={editing === 'new' ? 'new' : editing.id}
          school={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onDone={(s) => {
            setMessage(editing === 'new' ? t('schools.added', { name: s.name }) : t('schools.saved', { name: s.name }));
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <DataTable
          caption={t('schools.caption', { count: data.schools.length })}
          rows={data.schools}
          rowKey={(s) => s.id}
          empty={t('schools.none')}
          columns={[
            { key: 'name', header: t('schools.name') },
            { key: 'code', header: t('schools.code') },
            { key: 'schoolType', header: t('schools.type'), render: (s) => t(`schoolTypes.${s.schoolType}`) },
            { key: 'grades', header: t('schools.grades'), render: (s) => (s.lowGrade && s.highGrade ? `${t(`grades.${s.lowGrade}`)} – ${t(`grades.${s.highGrade}`)}` : '—') },
            ...(canEdit
              ? [
                  {
                    key: 'actions',
                    header: t('common:actions'),
                    render: (s: School) => (
                      <button type="button" className="button-quiet" onClick={() => { setMessage(null); setEditing(s); }}>
                        {t('common:edit')}
                        <span className="visually-hidden"> {s.name}</span>
                      </button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
    </Page>
  );
}
