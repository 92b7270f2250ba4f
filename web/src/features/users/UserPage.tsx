/** One account: what it is, change its role and scope, disable or enable it, reset its password, unlock it. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Role } from '../../../../common/roles.ts';
import { RoleLanguageFields } from './RoleLanguageFields.tsx';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { OnceSecret } from '../../ui/Secret.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ScopeFields, scopeBody, type Scope } from './ScopeFields.tsx';
import { UserStatus } from './UserStatus.tsx';
import type { UserView } from './types.ts';

function EditForm({ user, onSaved }: { user: UserView; onSaved: (u: UserView) => void }) {
  const { t } = useTranslation('users');
  const me = useMe();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [locale, setLocale] = useState(user.locale);
  const [scope, setScope] = useState<Scope>({ schoolIds: user.schools.map((s) => s.id), staff: user.staff, partner: user.partner });
  const { error, busy, run, fieldError } = useSubmit();
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      onSaved(await api.patch<UserView>(`users/${user.id}`, { displayName, role, locale, ...scopeBody(role, scope) }));
      setSaved(true);
    });
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="edit-title">
      <h2 id="edit-title">{t('editTitle')}</h2>
      {saved ? <Alert kind="success">{t('saved')}</Alert> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="form-grid">
        <TextField label={t('name')} required value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError('displayName')} />
        <RoleLanguageFields role={role} onRole={setRole} locale={locale} onLocale={setLocale} lockedHint={user.id === me.id ? t('ownRole') : undefined} fieldError={fieldError} />
      </div>
      <ScopeFields role={role} scope={scope} onChange={setScope} fieldError={fieldError} />
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('common:saving') : t('common:save')}
      </button>
    </form>
  );
}

function Actions({ user, onChanged }: { user: UserView; onChanged: (u: UserView) => void }) {
  const { t } = useTranslation('users');
  const me = useMe();
  const submission = useSubmit();
  const error = submission.error;
  const [message, setMessage] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const run = (fn: () => Promise<void>) => {
    setMessage(null);
    setPassword(null);
    return submission.run(fn);
  };
  const self = user.id === me.id;
  return (
    <section className="card stack" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('accessTitle')}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      {message ? <Alert kind="success">{message}</Alert> : null}
      {password ? <OnceSecret title={t('newPassword')} value={password} note={t('newPasswordNote')} /> : null}
      <div className="action-list">
        {user.lockedUntil ? (
          <div>
            <p>{t('lockedUntil', { when: formatDateTime(user.lockedUntil) })}</p>
            <button
              type="button"
              onClick={() =>
                run(async () => {
                  onChanged(await api.post<UserView>(`users/${user.id}/unlock`));
                  setMessage(t('unlocked'));
                })
              }
            >
              {t('unlock')}
            </button>
          </div>
        ) : null}
        <div>
          <p className="muted">{self ? t('cannotResetSelf') : t('resetHint')}</p>
          <ConfirmButton
            label={t('resetPassword')}
            question={t('resetQuestion', { name: user.displayName })}
            confirmLabel={t('resetConfirm')}
            danger={false}
            disabled={self}
            onConfirm={() =>
              run(async () => {
                const res = await api.post<{ user: UserView; password: string | null }>(`users/${user.id}/reset-password`);
                onChanged(res.user);
                setPassword(res.password);
              })
            }
          />
        </div>
        <div>
          {user.disabled ? (
            <>
              <p className="muted">{t('enableHint')}</p>
              <button
                type="button"
                onClick={() =>
                  run(async () => {
                    onChanged(await api.post<UserView>(`users/${user.id}/enable`));
                    setMessage(t('enabled'));
                  })
                }
              >
                {t('enable')}
              </button>
            </>
          ) : (
            <>
              <p className="muted">{self ? t('cannotDisableSelf') : t('disableHint')}</p>
              <ConfirmButton
                label={t('disable')}
                question={t('disableQuestion', { name: user.displayName })}
                confirmLabel={t('disableConfirm')}
                disabled={self}
                onConfirm={() =>
                  run(async () => {
                    onChanged(await api.post<UserView>(`users/${user.id}/disable`));
                    setMessage(t('disabled'));
                  })
                }
              />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

export function UserPage() {
  const { t } = useTranslation('users');
  const { userId } = useParams();
  const { data, error, loading } = useApi<UserView>(`users/${encodeURIComponent(userId ?? '')}`);
  const [user, setUser] = useState<UserView | null>(null);
  useEffect(() => setUser(data ?? null), [data]);
  const back = <Link to="/users">{t('backToList')}</Link>;
  if (error) {
    return (
      <Page title={t('notFoundTitle')} subtitle={back}>
        <ErrorAlert error={error} />
      </Page>
    );
  }
  if (loading || !user) return <Loading />;
  return (
    <Page title={user.displayName} subtitle={back}>
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" className="visually-hidden">
          {t('factsTitle')}
        </h2>
        <dl className="facts">
          <dt>{t('email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('role')}</dt>
          <dd>{t(`common:roles.${user.role}`)}</dd>
          <dt>{t('status')}</dt>
          <dd>
            <UserStatus user={user} />
          </dd>
          <dt>{t('lastSignIn')}</dt>
          <dd>{formatDateTime(user.lastSignInAt)}</dd>
          <dt>{t('createdAt')}</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </dl>
      </section>
      <EditForm key={user.id} user={user} onSaved={setUser} />
      <Actions user={user} onChanged={setUser} />
    </Page>
  );
}
