import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { homeFor } from '../../app/features.ts';
import { TextField } from '../../ui/Field.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';

export function SignInForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation('session');
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      onDone?.();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="stack">
      {error ? <ErrorAlert error={error} /> : null}
      <TextField label={t('email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField label={t('password')} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}

export function SignInPage() {
  const { t } = useTranslation('session');
  const { me } = useSession();
  const [params] = useSearchParams();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${t('signIn')} · Village`;
  }, [t]);
  if (me) {
    const next = params.get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(me.role)} replace />;
  }
  return (
    <main id="main" className="signin-page">
      <div className="signin-card">
        <div className="signin-top">
          <p className="brand signin-brand">
            <span aria-hidden="true" className="brand-mark">⌂</span> Village
          </p>
          <LanguageSwitch />
        </div>
        <h1 ref={heading}>{t('signInTitle')}</h1>
        <p className="muted">{t('signInIntro')}</p>
        <SignInForm />
      </div>
    </main>
  );
}
