/** The frame around every signed-in page: skip link, header, navigation, language, account. */
import { useEffect, useState, type ReactNode } from 'react';
import { NavLink, Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe, useSession } from './session.tsx';
import { navFor } from './features.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useSession();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  const items = navFor(me.role);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">☰</span> {open ? t('closeMenu') : t('menu')}
        </button>
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">⌂</span> {t('appName')}
          <span className="brand-district">{me.district.name}</span>
        </Link>
        <div className="topbar-tools">
          <LanguageSwitch />
          <Link to="/account" className="account-link">
            <span className="account-name">{me.displayName}</span>
            <span className="account-role">{t(`roles.${me.role}`)}</span>
          </Link>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav id="main-nav" aria-label={t('mainNavigation')} className={open ? 'sidenav open' : 'sidenav'}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'} onClick={() => setOpen(false)}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
