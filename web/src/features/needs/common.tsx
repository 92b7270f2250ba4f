/** Types and links shared by the needs pages. */
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { matchesSchema, needSchema, overviewSchema, suggestionsSchema } from '../../../../server/partners/needs-schema.ts';
import { SubNav } from '../../ui/SubNav.tsx';

export type Need = z.output<typeof needSchema>;
export type Suggestions = z.output<typeof suggestionsSchema>;
export type Matches = z.output<typeof matchesSchema>;
export type Overview = z.output<typeof overviewSchema>;

export function NeedsNav() {
  const { t } = useTranslation('needs');
  return (
    <SubNav
      label={t('areaNav')}
      items={[
        { to: '/needs', label: t('nav.needs') },
        { to: '/needs/matching', label: t('nav.matching') },
        { to: '/needs/overview', label: t('nav.overview') },
      ]}
    />
  );
}

export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation('needs');
  return <span className={`badge ${priority === 'high' ? 'badge-bad' : priority === 'medium' ? 'badge-warn' : 'badge-muted'}`}>{t(`priority.${priority}`)}</span>;
}
