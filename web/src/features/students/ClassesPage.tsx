/** Classes: a teacher's own, school staff their schools', district roles every class. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { qs } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Pager, useLabels, useListParams } from './common.tsx';
import type { ClassList } from './types.ts';

const PAGE_SIZE = 25;

export function ClassesPage() {
  const { t } = useTranslation('students');
  const me = useMe();
  const l = useLabels();
  const { values, page, update } = useListParams(['q']);
  const [q, setQ] = useState(values.q);
  useEffect(() => setQ(values.q), [values.q]);
  const list = useApi<ClassList>(`classes${qs({ q: values.q, page, pageSize: PAGE_SIZE })}`);
  function submit(e: FormEvent) {
    e.preventDefault();
    update({ q, page: null });
  }
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Page title={t('classes.title')} subtitle={me.role === 'teacher' ? t('classes.subtitleTeacher') : t('classes.subtitle')}>
      <form className="card row" role="search" onSubmit={submit}>
        <TextField label={t('classes.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        <button type="submit" className="button-primary">
          {t('classes.find')}
        </button>
      </form>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <p role="status">{data ? t('classes.found', { count: data.total }) : ''}</p>
      {list.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <DataTable
            caption={t('classes.caption', { page, pages })}
            rows={data.classes}
            rowKey={(r) => r.id}
            empty={t('classes.none')}
            columns={[
              { key: 'title', header: t('classes.class'), render: (r) => <Link to={`/classes/${r.id}`}>{r.title}</Link>, value: (r) => r.title },
              { key: 'classCode', header: t('classes.code'), render: (r) => r.classCode ?? '—' },
              { key: 'schoolName', header: t('school') },
              { key: 'schoolYear', header: t('year'), render: (r) => r.schoolYear ?? '—' },
              { key: 'grades', header: t('classes.grades'), render: (r) => r.grades.map((g) => l.grade(g)).join(', ') || '—', value: (r) => r.grades.join(';') },
              { key: 'teachers', header: t('classes.teachers'), render: (r) => r.teachers.join(', ') || '—', value: (r) => r.teachers.join('; ') },
              { key: 'studentCount', header: t('classes.students'), numeric: true },
            ]}
          />
          <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={(p) => update({ page: p })} />
        </>
      ) : null}
    </Page>
  );
}
