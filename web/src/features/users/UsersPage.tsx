/** Accounts of the district: search and filter, with links to each account and to create one. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ROLES } from '../../../../common/roles.ts';
import { qs } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { UserStatus } from './UserStatus.tsx';
import type { UserList, UserView } from './types.ts';

const FILTERS = ['q', 'role', 'schoolId', 'status'] as const;

export function UsersPage() {
  const { t } = useTranslation('users');
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(params.get('page')) || 1;
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [params.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const schools = useApi<{ schools: { id: number; name: string }[] }>('schools');
  const { data, error, loading } = useApi<UserList>(`users${qs({ ...current, page, pageSize: 25 })}`);

  const apply = (values: Record<string, string>, nextPage = 1) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };

  return (
    <Page
      title={t('title')}
      actions={
        <>
          <Link to="/users/new" className="button button-primary">
            {t('create')}
          </Link>
          <Link to="/users/tokens" className="button">
            {t('allTokens')}
          </Link>
        </>
      }
    >
      <form className="card filters" role="search" aria-label={t('filters')} onSubmit={submit}>
        <TextField label={t('search')} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        <SelectField label={t('role')} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('school')} value={draft.schoolId} onChange={(e) => setDraft({ ...draft, schoolId: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {(schools.data?.schools ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('status')} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
          <option value="">{t('common:all')}</option>
          <option value="active">{t('statuses.active')}</option>
          <option value="locked">{t('statuses.locked')}</option>
          <option value="disabled">{t('statuses.disabled')}</option>
        </SelectField>
        <div className="row">
          <button type="submit" className="button-primary">
            {t('common:search')}
          </button>
          <button type="button" onClick={() => apply({})}>
            {t('common:clearFilters')}
          </button>
        </div>
      </form>
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <DataTable<UserView>
            caption={t('caption', { count: data.total })}
            rows={data.users}
            rowKey={(u) => u.id}
            empty={t('none')}
            columns={[
              { key: 'displayName', header: t('name'), render: (u) => <Link to={`/users/${u.id}`}>{u.displayName}</Link>, value: (u) => u.displayName },
              { key: 'email', header: t('email') },
              { key: 'role', header: t('role'), render: (u) => t(`common:roles.${u.role}`) },
              { key: 'schools', header: t('schools'), render: (u) => u.schools.map((s) => s.name).join(', ') || '—' },
              { key: 'status', header: t('status'), render: (u) => <UserStatus user={u} /> },
              { key: 'lastSignInAt', header: t('lastSignIn'), render: (u) => formatDateTime(u.lastSignInAt) },
            ]}
          />
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => apply(current, p)} />
        </>
      ) : null}
    </Page>
  );
}
