/** Pieces shared by the home-visit pages: the area's own navigation and small formatters. */
import { useState } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../common/roles.ts';
import { useMe } from '../../app/session.tsx';
import { SelectField } from '../../ui/Field.tsx';
import type { VisitStatus } from './types.ts';

const STAFF: Role[] = ['district_admin', 'data_manager', 'school_staff', 'teacher'];
export const LINKS: Array<{ to: string; key: string; roles: Role[] }> = [
  { to: '/home-visits', key: 'nav.overview', roles: [...STAFF, 'partner_staff', 'union_rep', 'viewer'] },
  { to: '/home-visits/log', key: 'nav.log', roles: ['school_staff', 'teacher'] },
  { to: '/home-visits/families', key: 'nav.families', roles: [...STAFF, 'partner_staff'] },
  { to: '/home-visits/coverage', key: 'nav.coverage', roles: [...STAFF, 'partner_staff', 'union_rep', 'viewer'] },
  { to: '/home-visits/program', key: 'nav.program', roles: [...STAFF, 'union_rep'] },
  { to: '/home-visits/compensation', key: 'nav.compensation', roles: [...STAFF, 'union_rep'] },
];

export function HvNav() {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  return (
    <nav aria-label={t('nav.label')} className="hv-nav">
      <ul>
        {LINKS.filter((l) => l.roles.includes(me.role)).map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end>
              {t(l.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function StatusBadge({ status }: { status: VisitStatus }) {
  const { t } = useTranslation('homeVisits');
  const kind = status === 'completed' ? 'badge-ok' : status === 'held' || status === 'scheduled' ? 'badge-warn' : 'badge-bad';
  return <span className={`badge ${kind}`}>{t(`status.${status}`)}</span>;
}

export function languageName(code: string | null | undefined, locale: string): string {
  if (!code) return '—';
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The visit types every program starts with are shown in the reader's language; others as named. */
const DEFAULT_TYPES: Record<string, string> = { 'Hopes and dreams': 'defaultTypes.hopesAndDreams', Academic: 'defaultTypes.academic' };
export function visitTypeName(t: (key: string) => string, name: string): string {
  return DEFAULT_TYPES[name] ? t(DEFAULT_TYPES[name]) : name;
}

/** Runs a change and keeps its error for the form that asked (the pattern of every small editor here). */
export function useAction<T>(onDone: (result: T) => void) {
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<T>) => {
    setError(null);
    try {
      onDone(await fn());
    } catch (err) {
      setError(err);
    }
  };
  return { error, run };
}

/** The school to work on, when a person has several. */
export function SchoolSelect({ schools, value, onChange, suffix }: { schools: Array<{ id: number; name: string }>; value: number | null; onChange: (id: number) => void; suffix?: (id: number) => string }) {
  const { t } = useTranslation('homeVisits');
  if (schools.length < 2) return null;
  return (
    <SelectField label={t('form.school')} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
      {schools.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
          {suffix ? suffix(s.id) : ''}
        </option>
      ))}
    </SelectField>
  );
}
