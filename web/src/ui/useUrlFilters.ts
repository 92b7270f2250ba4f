import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters of a list kept in the address (so a search can be shared and survives reload): the
 * filters applied, a draft the form edits, and the page.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const page = Number(params.get('page')) || 1;
  const [draft, setDraft] = useState(current);
  const signature = params.toString();
  useEffect(() => setDraft(current), [signature]); // eslint-disable-line react-hooks/exhaustive-deps
  const apply = (values: Partial<Record<K, string>>, nextPage = 1) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values) as [K, string | undefined][]) if (v) next.set(k, v);
    if (nextPage > 1) next.set('page', String(nextPage));
    setParams(next);
  };
  return {
    current,
    page,
    draft,
    set: (patch: Partial<Record<K, string>>) => setDraft((d) => ({ ...d, ...patch })),
    apply,
    submit: (e: FormEvent) => {
      e.preventDefault();
      apply(draft);
    },
    clear: () => apply({}),
    goToPage: (p: number) => apply(current, p),
  };
}
