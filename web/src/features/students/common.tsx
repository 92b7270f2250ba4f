/** What the student and class pages share: the pager, the students table, labels, and "not found". */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Page } from '../../ui/Page.tsx';
import type { StudentSummary } from './types.ts';

/** Search parameters as the source of a list's state, so Back and shared links keep it. */
export function useListParams(keys: readonly string[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<string, string>;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const update = (next: Record<string, string | number | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p);
  };
  return { values, page, update };
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const { t } = useTranslation('students');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('pager')}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        <span aria-hidden="true">←</span> {t('previousPage')}
      </button>
      <span aria-live="polite">{t('pageOf', { page, pages })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('nextPage')} <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}

export function useLabels() {
  const { t, i18n } = useTranslation('students');
  const languages = new Intl.DisplayNames([i18n.language], { type: 'language', fallback: 'code' });
  return {
    language: (code: string | null | undefined) => {
      if (!code) return '—';
      try {
        return languages.of(code) ?? code;
      } catch {
        return code;
      }
    },
    grade: (g: string | null | undefined) => (g ? t(`codes.grade.${g}`, { defaultValue: g }) : '—'),
    code: (group: string, code: string | null | undefined) => (code ? t(`codes.${group}.${code}`, { defaultValue: code }) : t('unknown')),
    yesNo: (v: boolean | null | undefined) => (v === null || v === undefined ? '—' : v ? t('yes') : t('no')),
    percent: (rate: number | null) => (rate === null ? '—' : new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(rate)),
  };
}

export const fullName = (s: { firstName: string; lastName: string }) => `${s.lastName}, ${s.firstName}`;

export function StudentTable({ caption, rows, empty }: { caption: string; rows: StudentSummary[]; empty: string }) {
  const { t } = useTranslation('students');
  const l = useLabels();
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(r) => r.id}
      empty={empty}
      columns={[
        { key: 'name', header: t('name'), render: (r) => <Link to={`/students/${r.id}`}>{fullName(r)}</Link>, value: (r) => fullName(r) },
        { key: 'studentId', header: t('studentId') },
        { key: 'grade', header: t('grade'), render: (r) => l.grade(r.grade), value: (r) => r.grade },
        { key: 'schoolName', header: t('school'), render: (r) => r.schoolName ?? '—' },
        { key: 'birthDate', header: t('birthDate'), render: (r) => <span className="student-date">{r.birthDate ?? '—'}</span> },
      ]}
    />
  );
}

/** A 404 from the API is "not found, or not yours to see"; anything else is an error. */
export function LoadProblem({ error, title, body, back }: { error: unknown; title: string; body: string; back: ReactNode }) {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Page title={title}>
        <p>{body}</p>
        <p>{back}</p>
      </Page>
    );
  }
  return <ErrorAlert error={error} />;
}
