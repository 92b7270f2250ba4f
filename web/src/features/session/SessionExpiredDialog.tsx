import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session.tsx';
import { SignInForm } from './SignInPage.tsx';

/** Shown over the page when the session has expired: signing in again resumes what was under way. */
export function SessionExpiredDialog() {
  const { t } = useTranslation();
  const { expired } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (expired && !d.open) d.showModal();
    if (!expired && d.open) d.close();
  }, [expired]);
  return (
    <dialog ref={ref} aria-labelledby="expired-title" className="dialog" onCancel={(e) => e.preventDefault()}>
      <h2 id="expired-title">{t('sessionExpiredTitle')}</h2>
      <p>{t('sessionExpiredBody')}</p>
      {expired ? <SignInForm /> : null}
    </dialog>
  );
}
