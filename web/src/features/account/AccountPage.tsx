import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { TokensSection } from './Tokens.tsx';

function ChangePassword() {
  const { t } = useTranslation('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { error, busy, run, fieldError } = useSubmit();
  const [done, setDone] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== next ? t('mismatch') : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== confirm) return;
    setDone(false);
    void run(async () => {
      await api.put('session/password', { currentPassword: current, newPassword: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setConfirm('');
    });
  };
  return (
    <section aria-labelledby="pw-title" className="card">
      <h2 id="pw-title">{t('changePassword')}</h2>
      <form onSubmit={submit} className="stack" noValidate>
        {done ? <Alert kind="success">{t('passwordChanged')}</Alert> : null}
        {error ? <ErrorAlert error={error} /> : null}
        <TextField label={t('currentPassword')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} error={fieldError('currentPassword')} />
        <TextField label={t('newPassword')} hint={t('passwordRule')} type="password" autoComplete="new-password" required minLength={10} value={next} onChange={(e) => setNext(e.target.value)} error={fieldError('newPassword')} />
        <TextField label={t('confirmPassword')} type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch} />
        <button type="submit" className="button-primary" disabled={busy || !current || !next || next !== confirm}>
          {busy ? t('common:saving') : t('changePassword')}
        </button>
      </form>
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation('account');
  const me = useMe();
  return (
    <Page title={t('title')}>
      <section aria-labelledby="me-title" className="card">
        <h2 id="me-title">{me.displayName}</h2>
        <dl className="facts">
          <dt>{t('email')}</dt>
          <dd>{me.email}</dd>
          <dt>{t('role')}</dt>
          <dd>{t(`common:roles.${me.role}`)}</dd>
          <dt>{t('district')}</dt>
          <dd>{me.district.name}</dd>
          {me.schools.length ? (
            <>
              <dt>{t('schools')}</dt>
              <dd>{me.schools.map((s) => s.name).join(', ')}</dd>
            </>
          ) : null}
        </dl>
      </section>
      <ChangePassword />
      <TokensSection />
    </Page>
  );
}
