/** A goal's status in words (and a badge whose colour only repeats what the words say). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../ui/format.ts';
import { groupLabel, measureLabel, pct } from './format.ts';
import type { Goal, GoalStatus } from './types.ts';

const BADGE: Record<GoalStatus, string> = { met: 'badge-ok', on_track: 'badge-ok', off_track: 'badge-bad', no_data: '', suppressed: '' };

export function GoalStatusBadge({ status }: { status: GoalStatus }) {
  const { t } = useTranslation('goals');
  return <span className={`badge ${BADGE[status]}`}>{t(`status.${status}`)}</span>;
}

/** "Chronic absence, Hispanic or Latino students at Lincoln: 18.2% now (target 12.0% by 30 Jun 2027)". */
export function goalProgressText(t: TFunction, g: Goal): string {
  const scope = [g.school?.name, g.group ? groupLabel(t, g.group) : null].filter(Boolean).join(' · ');
  const now = g.progress.status === 'suppressed' ? t('goals:suppressedNow') : g.progress.current === null ? t('goals:noDataNow') : t('goals:now', { value: pct(g.progress.current) });
  return t('goals:summary', { measure: measureLabel(t, g.measure), scope: scope || t('goals:wholeDistrict'), now, target: pct(g.target), date: formatDate(g.targetDate) });
}
