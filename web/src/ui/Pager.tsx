import { useTranslation } from 'react-i18next';

/** Previous / next for a paged list, with "page x of y" read out when it changes. */
export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label?: string }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  return (
    <nav className="pager" aria-label={label ?? t('pagination')}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        <span aria-hidden="true">←</span> {t('previous')}
      </button>
      <span aria-live="polite">{t('page', { page, pages })}</span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('next')} <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}
