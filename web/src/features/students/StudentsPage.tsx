/** Students: find a student by name or id, filter by school, grade and year, a page at a time. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Pager, StudentTable, useLabels, useListParams } from './common.tsx';
import { GRADES, type SchoolOption, type StudentList, type YearOption } from './types.ts';

const PAGE_SIZE = 25;
const KEYS = ['q', 'schoolId', 'grade', 'yearId'] as const;

export function StudentsPage() {
  const { t } = useTranslation('students');
  const me = useMe();
  const l = useLabels();
  const { values, page, update } = useListParams(KEYS);
  const [draft, setDraft] = useState(values);
  const shown = KEYS.map((k) => values[k]).join('\u0000');
  // When the address changes (Back, a shared link), the form shows what is listed.
  useEffect(() => setDraft(Object.fromEntries(KEYS.map((k, i) => [k, shown.split('\u0000')[i]])) as typeof values), [shown]);
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const years = useApi<{ schoolYears: YearOption[] }>('school-years');
  const list = useApi<StudentList>(`students${qs({ ...values, page, pageSize: PAGE_SIZE })}`);
  const schoolOptions = me.role === 'school_staff' ? me.schools : (schools.data?.schools ?? []);

  function submit(e: FormEvent) {
    e.preventDefault();
    update({ ...draft, page: null });
  }
  function clear() {
    setDraft({ q: '', schoolId: '', grade: '', yearId: '' });
    update({ q: null, schoolId: null, grade: null, yearId: null, page: null });
  }
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <form className="card students-filters" role="search" onSubmit={submit}>
        <TextField label={t('search')} hint={t('searchHint')} type="search" name="q" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} autoComplete="off" />
        <div className="row">
          <SelectField label={t('school')} value={draft.schoolId} onChange={(e) => setDraft({ ...draft, schoolId: e.target.value })}>
            <option value="">{t('anySchool')}</option>
            {schoolOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('grade')} value={draft.grade} onChange={(e) => setDraft({ ...draft, grade: e.target.value })}>
            <option value="">{t('anyGrade')}</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {l.grade(g)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('year')} value={draft.yearId} onChange={(e) => setDraft({ ...draft, yearId: e.target.value })}>
            <option value="">{t('anyYear')}</option>
            {(years.data?.schoolYears ?? []).map((y) => (
              <option key={y.id} value={y.id}>
                {y.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="row">
          <button type="submit" className="button-primary">
            {t('find')}
          </button>
          <button type="button" onClick={clear}>
            {t('clear')}
          </button>
        </div>
      </form>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <p role="status" className="students-count">
        {data ? t('found', { count: data.total }) : ''}
      </p>
      {list.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <StudentTable caption={t('caption', { page, pages })} rows={data.students} empty={t('none')} />
          <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={(p) => update({ page: p })} />
        </>
      ) : null}
    </Page>
  );
}
