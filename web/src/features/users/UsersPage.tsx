/** Accounts of the district: search and filter, with links to each account and to create one. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
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
import { useUrlFilters } from '../../ui/useUrlFilters.ts';
import { FilterActions } from '../../ui/FilterActions.tsx';
import { UserStatus } from './UserStatus.tsx';
import type { UserList, UserView } from './types.ts';

const FILTERS = ['q', 'role', 'schoolId', 'status'] as const;

export function UsersPage() {
  const { t } = useTranslation('users');
  const f = useUrlFilters(FILTERS);
  const schools = useApi<{ schools: { id: number; name: string }[] }>('schools');
  const { data, error, loading } = useApi<UserList>(`users${qs({ ...f.current, page: f.page, pageSize: 25 })}`);

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
      <form className="card filters" role="search" aria-label={t('filters')} onSubmit={f.submit}>
        <TextField label={t('search')} type="search" value={f.draft.q} onChange={(e) => f.set({ q: e.target.value })} />
        <SelectField label={t('role')} value={f.draft.role} onChange={(e) => f.set({ role: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('school')} value={f.draft.schoolId} onChange={(e) => f.set({ schoolId: e.target.value })}>
          <option value="">{t('common:all')}</option>
          {(schools.data?.schools ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('status')} value={f.draft.status} onChange={(e) => f.set({ status: e.target.value })}>
          <option value="">{t('common:all')}</option>
          <option value="active">{t('statuses.active')}</option>
          <option value="locked">{t('statuses.locked')}</option>
          <option value="disabled">{t('statuses.disabled')}</option>
        </SelectField>
        <FilterActions onClear={f.clear} />
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
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={f.goToPage} />
        </>
      ) : null}
    </Page>
  );
}
