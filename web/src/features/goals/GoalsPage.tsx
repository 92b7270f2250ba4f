/** Shared goals: each with its baseline, target and date, owners, and progress computed from the data. */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { groupLabel, measureLabel, pct } from '../dashboard/format.ts';
import { GoalStatusBadge } from '../dashboard/GoalSummary.tsx';
import { GOAL_EDITORS, type Goal } from '../dashboard/types.ts';

/** A bar from baseline (0) to target (100%), with the share of the way covered; the text says the same. */
export function ProgressBar({ goal }: { goal: Goal }) {
  const { t } = useTranslation('goals');
  const share = goal.progress.share;
  if (share === null) return null;
  const width = Math.max(0, Math.min(1, share));
  return (
    <div className="goal-progress">
      <div className="goal-progress-track" aria-hidden="true">
        <div className="goal-progress-fill" style={{ width: `${width * 100}%` }} />
      </div>
      <span>{share < 0 ? t('shareBackwards') : t('share', { share: pct(share, 0) })}</span>
    </div>
  );
}

export function scopeText(t: ReturnType<typeof useTranslation>['t'], g: Goal): string {
  const parts = [g.school?.name ?? t('goals:wholeDistrict'), g.group ? groupLabel(t, g.group) : null, ...Object.values(g.measureKeys)];
  return parts.filter(Boolean).join(' · ');
}

export function GoalsPage() {
  const { t } = useTranslation('goals');
  const me = useMe();
  const { data, error, loading } = useApi<{ goals: Goal[] }>('goals');
  const canEdit = GOAL_EDITORS.includes(me.role);
  return (
    <Page
      title={t('title')}
      subtitle={t('subtitle')}
      actions={
        <>
          {canEdit ? (
            <Link to="/goals/new" className="button button-primary">
              {t('new')}
            </Link>
          ) : null}
          <button type="button" onClick={() => window.print()}>
            {t('common:print')}
          </button>
        </>
      }
    >
      {error ? <ErrorAlert error={error} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        data.goals.length === 0 ? (
          <p>{canEdit ? t('noneEditor') : t('none')}</p>
        ) : (
          <>
            <ul className="goal-list">
              {data.goals.map((g) => (
                <li key={g.id} className="card">
                  <div className="dash-section-head">
                    <h2>
                      <Link to={`/goals/${g.id}`}>{g.title}</Link>
                    </h2>
                    <GoalStatusBadge status={g.progress.status} />
                  </div>
                  <p>
                    {measureLabel(t, g.measure)} · {scopeText(t, g)}
                  </p>
                  <dl className="facts">
                    <dt>{t('baseline')}</dt>
                    <dd>{g.baselineYear ? t('baselineOf', { value: pct(g.baseline), year: g.baselineYear }) : pct(g.baseline)}</dd>
                    <dt>{t('target')}</dt>
                    <dd>{t('targetBy', { value: pct(g.target), date: formatDate(g.targetDate) })}</dd>
                    <dt>{t('current')}</dt>
                    <dd>{g.progress.status === 'suppressed' ? t('suppressedNow') : g.progress.current === null ? t('noDataNow') : t('currentAsOf', { value: pct(g.progress.current), date: formatDate(g.progress.asOf) })}</dd>
                    <dt>{t('owners')}</dt>
                    <dd>{g.owners.map((o) => o.name).join(', ')}</dd>
                  </dl>
                  <ProgressBar goal={g} />
                </li>
              ))}
            </ul>
            <DataTable
              caption={t('tableCaption')}
              rows={data.goals}
              rowKey={(g) => g.id}
              csvName="goals"
              columns={[
                { key: 'title', header: t('goal'), render: (g) => g.title },
                { key: 'measure', header: t('measure'), render: (g) => measureLabel(t, g.measure), value: (g) => g.measure },
                { key: 'scope', header: t('scope'), render: (g) => scopeText(t, g) },
                { key: 'baseline', header: t('baseline'), numeric: true, render: (g) => pct(g.baseline), value: (g) => g.baseline },
                { key: 'target', header: t('target'), numeric: true, render: (g) => pct(g.target), value: (g) => g.target },
                { key: 'targetDate', header: t('targetDate'), render: (g) => formatDate(g.targetDate), value: (g) => g.targetDate },
                { key: 'current', header: t('current'), numeric: true, render: (g) => (g.progress.status === 'suppressed' ? t('suppressedShort') : pct(g.progress.current)), value: (g) => g.progress.current ?? '' },
                { key: 'status', header: t('statusHeader'), render: (g) => t(`status.${g.progress.status}`), value: (g) => g.progress.status },
              ]}
            />
          </>
        )
      ) : null}
    </Page>
  );
}
