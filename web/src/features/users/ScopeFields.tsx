/**
 * What an account is scoped to, depending on its role: schools (school staff), a roster staff record
 * (teachers, found by name), a partner organisation (partner staff, found by name once the partner
 * directory exists, otherwise given by id).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../common/roles.ts';
import { api, qs } from '../../app/api.ts';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useApi } from '../../ui/useApi.ts';
import { SCHOOL_SCOPED, STAFF_LINKED, type StaffOption } from './types.ts';

export interface Scope {
  schoolIds: number[];
  staff: { id: number; name: string } | null;
  partner: { id: number; name: string } | null;
}

function useDebounced<T>(value: T, ms = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function Picker<T extends { id: number; name: string }>({
  legend,
  hint,
  current,
  search,
  describe,
  onPick,
  error,
}: {
  legend: string;
  hint: string;
  current: { id: number; name: string } | null;
  search: (q: string) => Promise<T[]>;
  describe: (o: T) => string;
  onPick: (o: { id: number; name: string } | null) => void;
  error?: string;
}) {
  const { t } = useTranslation('users');
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const [results, setResults] = useState<T[] | null>(null);
  const resultsId = useId();
  useEffect(() => {
    if (query.trim().length < 2) {
      setResults(null);
      return;
    }
    let live = true;
    search(query.trim()).then(
      (r) => live && setResults(r),
      () => live && setResults([]),
    );
    return () => {
      live = false;
    };
  }, [query, search]);
  return (
    <fieldset className={error ? 'picker field-error' : 'picker'}>
      <legend>{legend}</legend>
      <p className="field-hint">{hint}</p>
      <p>
        {current ? (
          <>
            <strong>{current.name || `#${current.id}`}</strong>{' '}
            <button type="button" className="button-quiet" onClick={() => onPick(null)}>
              {t('unlink')}
              <span className="visually-hidden"> {current.name}</span>
            </button>
          </>
        ) : (
          <span className="muted">{t('notLinked')}</span>
        )}
      </p>
      {error ? <div className="field-message">{error}</div> : null}
      <TextField label={t('searchByName')} type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-controls={resultsId} autoComplete="off" />
      <div id={resultsId} aria-live="polite">
        {results === null ? null : results.length === 0 ? (
          <p className="muted">{t('noMatches')}</p>
        ) : (
          <ul className="pick-list">
            {results.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  onClick={() => {
                    onPick({ id: r.id, name: r.name });
                    setQ('');
                  }}
                >
                  {t('link')} <span className="visually-hidden">{r.name}</span>
                </button>
                <span>
                  <strong>{r.name}</strong> <span className="muted">{describe(r)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}

const searchStaff = (q: string) => api.get<{ staff: StaffOption[] }>(`users/staff-options${qs({ q })}`).then((r) => r.staff);
const searchPartners = (q: string) => api.get<{ available: boolean; partners: { id: number; name: string }[] }>(`users/partner-options${qs({ q })}`).then((r) => r.partners);

export function ScopeFields({ role, scope, onChange, fieldError }: { role: Role; scope: Scope; onChange: (s: Scope) => void; fieldError: (name: string) => string | undefined }) {
  const { t } = useTranslation('users');
  const schools = useApi<{ schools: { id: number; name: string }[] }>('schools');
  const partnerDirectory = useApi<{ available: boolean }>(role === 'partner_staff' ? 'users/partner-options' : null);
  return (
    <>
      {SCHOOL_SCOPED.includes(role) ? (
        <CheckboxGroup
          legend={t('schools')}
          hint={role === 'school_staff' ? t('schoolsHintStaff') : t('schoolsHintTeacher')}
          options={(schools.data?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={scope.schoolIds}
          onChange={(schoolIds) => onChange({ ...scope, schoolIds })}
          error={fieldError('schoolIds')}
          columns
        />
      ) : null}
      {STAFF_LINKED.includes(role) ? (
        <Picker<StaffOption>
          legend={t('staffRecord')}
          hint={role === 'teacher' ? t('staffHintTeacher') : t('staffHintStaff')}
          current={scope.staff}
          search={searchStaff}
          describe={(s) => [s.email, s.schools.join(', '), s.linkedTo ? t('alreadyLinked', { email: s.linkedTo }) : null].filter(Boolean).join(' · ')}
          onPick={(staff) => onChange({ ...scope, staff })}
          error={fieldError('staffId')}
        />
      ) : null}
      {role === 'partner_staff' ? (
        partnerDirectory.data?.available ? (
          <Picker
            legend={t('partner')}
            hint={t('partnerHint')}
            current={scope.partner}
            search={searchPartners}
            describe={() => ''}
            onPick={(partner) => onChange({ ...scope, partner })}
            error={fieldError('partnerId')}
          />
        ) : partnerDirectory.data ? (
          <TextField
            label={t('partnerId')}
            hint={t('partnerIdHint')}
            type="number"
            inputMode="numeric"
            min={1}
            value={scope.partner ? String(scope.partner.id) : ''}
            onChange={(e) => onChange({ ...scope, partner: e.target.value ? { id: Number(e.target.value), name: '' } : null })}
            error={fieldError('partnerId')}
          />
        ) : null
      ) : null}
    </>
  );
}

/** The scope fields of an account's API body, for the fields its role uses (others are cleared). */
export function scopeBody(role: Role, scope: Scope) {
  return {
    schoolIds: SCHOOL_SCOPED.includes(role) ? scope.schoolIds : [],
    staffId: STAFF_LINKED.includes(role) ? (scope.staff?.id ?? null) : null,
    partnerId: role === 'partner_staff' ? (scope.partner?.id ?? null) : null,
  };
}
