/** Who is signed in, for the whole web app; and the sign-in dialog shown when a session expires. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Me } from '../../../common/session.ts';
import type { Role } from '../../../common/roles.ts';
import { api, ApiError, setCsrfToken, setSessionExpiredHandler } from './api.ts';
import { setLanguage, SUPPORTED, type Lang } from './i18n.ts';

interface SessionState {
  me: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  changeLanguage(lang: Lang): Promise<void>;
  /** True while an expired session waits for the person to sign in again. */
  expired: boolean;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const waiting = useRef<Array<() => void>>([]);

  const adopt = useCallback((next: Me | null) => {
    setMe(next);
    setCsrfToken(next?.csrfToken ?? null);
    if (next && (SUPPORTED as readonly string[]).includes(next.locale)) setLanguage(next.locale as Lang);
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api.get<Me>('session'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) adopt(null);
      else throw err;
    } finally {
      setLoading(false);
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    setSessionExpiredHandler(
      me
        ? () =>
            new Promise<void>((resolve) => {
              waiting.current.push(resolve);
              setExpired(true);
            })
        : null,
    );
  }, [me]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const next = await api.post<Me>('session', { email, password });
      if (expired && me && next.id !== me.id) {
        // Someone else signed in over an expired session: nothing of the previous person's page
        // (what they typed, what was loaded) may carry over. Start afresh.
        window.location.assign('/');
        return;
      }
      adopt(next);
      if (expired) {
        setExpired(false);
        const resume = waiting.current;
        waiting.current = [];
        resume.forEach((r) => r());
      }
    },
    [adopt, expired, me],
  );

  const signOut = useCallback(async () => {
    try {
      await api.delete('session');
    } finally {
      adopt(null);
    }
  }, [adopt]);

  const changeLanguage = useCallback(
    async (lang: Lang) => {
      setLanguage(lang);
      if (me) adopt(await api.patch<Me>('session/preferences', { locale: lang }));
    },
    [me, adopt],
  );

  const value = useMemo<SessionState>(
    () => ({ me, loading, signIn, signOut, refresh, changeLanguage, expired, hasRole: (...roles) => !!me && roles.includes(me.role) }),
    [me, loading, signIn, signOut, refresh, changeLanguage, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in person; only for pages behind sign-in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe on a page that does not require sign-in');
  return me;
}
