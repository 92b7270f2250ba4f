/** Routes: sign-in for everyone; every other page behind sign-in and its feature's roles. */
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './session.tsx';
import { features, homeFor } from './features.ts';
import { Shell } from './Shell.tsx';
import { SignInPage } from '../features/session/SignInPage.tsx';
import { SessionExpiredDialog } from '../features/session/SessionExpiredDialog.tsx';
import { NotFoundPage } from '../ui/NotFoundPage.tsx';
import { Loading } from '../ui/Loading.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';

function SignedIn() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <Shell>
      <ErrorBoundary key={location.pathname}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Navigate to={homeFor(me.role)} replace />} />
            {features.flatMap((f) =>
              f.pages
                .filter((p) => !p.roles || p.roles.includes(me.role))
                .map((p) => <Route key={`${f.id}:${p.path}`} path={p.path} element={<p.component />} />),
            )}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </ErrorBoundary>
      <SessionExpiredDialog />
    </Shell>
  );
}

function Root() {
  const { t } = useTranslation();
  const { loading } = useSession();
  if (loading) return <Loading label={t('loading')} />;
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/*" element={<SignedIn />} />
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Root />
      </SessionProvider>
    </BrowserRouter>
  );
}
