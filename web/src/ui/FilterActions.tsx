/** The buttons under a search form's filters: search (the form's submit) and clear. */
import { useTranslation } from 'react-i18next';

export function FilterActions({ onClear }: { onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button type="submit" className="button-primary">
        {t('common:search')}
      </button>
      <button type="button" onClick={onClear}>
        {t('common:clearFilters')}
      </button>
    </div>
  );
}
