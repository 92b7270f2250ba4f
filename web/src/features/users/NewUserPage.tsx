/** Create an account: role and scope, and either a generated password (shown once) or a chosen one. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '../../../../common/roles.ts';
import { RoleLanguageFields } from './RoleLanguageFields.tsx';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { OnceSecret } from '../../ui/Secret.tsx';
import { ScopeFields, scopeBody, type Scope } from './ScopeFields.tsx';
import type { UserView } from './types.ts';

export function NewUserPage() {
  const { t } = useTranslation('users');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('teacher');
  const [locale, setLocale] = useState<string>('en');
  const [scope, setScope] = useState<Scope>({ schoolIds: [], staff: null, partner: null });
  const [choosePassword, setChoosePassword] = useState(false);
  const [password, setPassword] = useState('');
  const { error, busy, run, fieldError } = useSubmit();
  const [created, setCreated] = useState<{ user: UserView; password: string | null } | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ user: UserView; password: string | null }>('users', {
        email,
        displayName,
        role,
        locale,
        ...(choosePassword ? { password } : {}),
        ...scopeBody(role, scope),
      });
      setCreated(res);
    });
  };

  if (created) {
    return (
      <Page title={t('createdTitle')}>
        <p>{t('createdBody', { name: created.user.displayName, email: created.user.email, role: t(`common:roles.${created.user.role}`) })}</p>
        {created.password ? <OnceSecret title={t('generatedPassword')} value={created.password} note={t('generatedPasswordNote')} /> : null}
        <div className="row">
          <Link to={`/users/${created.user.id}`} className="button button-primary">
            {t('openAccount')}
          </Link>
          <Link to="/users" className="button">
            {t('backToList')}
          </Link>
        </div>
      </Page>
    );
  }

  return (
    <Page title={t('createTitle')} subtitle={<Link to="/users">{t('backToList')}</Link>}>
      <form className="card stack" onSubmit={submit} noValidate aria-label={t('createTitle')}>
        {error ? <ErrorAlert error={error} /> : null}
        <div className="form-grid">
          <TextField label={t('email')} type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError('email')} />
          <TextField label={t('name')} required value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError('displayName')} />
          <RoleLanguageFields role={role} onRole={setRole} locale={locale} onLocale={setLocale} fieldError={fieldError} />
        </div>
        <ScopeFields role={role} scope={scope} onChange={setScope} fieldError={fieldError} />
        <fieldset>
          <legend>{t('password')}</legend>
          <label className="checkbox">
            <input type="radio" name="pw-mode" checked={!choosePassword} onChange={() => setChoosePassword(false)} />
            <span>{t('passwordGenerate')}</span>
          </label>
          <label className="checkbox">
            <input type="radio" name="pw-mode" checked={choosePassword} onChange={() => setChoosePassword(true)} />
            <span>{t('passwordChoose')}</span>
          </label>
          {choosePassword ? (
            <TextField label={t('initialPassword')} hint={t('passwordRule')} type="text" autoComplete="off" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError('password')} />
          ) : null}
        </fieldset>
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common:saving') : t('create')}
        </button>
      </form>
    </Page>
  );
}
