/** One shared goal: what it measures, for whom, who owns it, and where it stands. */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { formatDate } from '../../ui/format.ts';
import { measureLabel, pct } from '../dashboard/format.ts';
import { GoalStatusBadge } from '../dashboard/GoalSummary.tsx';
import { GOAL_EDITORS, type Goal } from '../dashboard/types.ts';
import { ProgressBar, scopeText } from './GoalsPage.tsx';

export function GoalPage() {
  const { t } = useTranslation('goals');
  const { goalId } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const { data: g, error, loading } = useApi<Goal>(`goals/${goalId}`);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const canEdit = GOAL_EDITORS.includes(me.role);
  async function remove() {
    if (!g || !window.confirm(t('confirmDelete', { title: g.title }))) return;
    setBusy(true);
    try {
      await api.delete(`goals/${g.id}`);
      navigate('/goals');
    } catch (err) {
      setActionError(err);
      setBusy(false);
    }
  }
  return (
    <Page
      title={g?.title ?? t('goal')}
      subtitle={g ? `${measureLabel(t, g.measure)} · ${scopeText(t, g)}` : undefined}
      actions={
        g && canEdit ? (
          <>
            <Link to={`/goals/${g.id}/edit`} className="button">
              {t('common:edit')}
            </Link>
            <button type="button" className="button-danger" onClick={() => void remove()} disabled={busy}>
              {t('common:delete')}
            </button>
          </>
        ) : undefined
      }
    >
      <p className="no-print">
        <Link to="/goals">{t('backToGoals')}</Link>
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      {actionError ? <ErrorAlert error={actionError} /> : null}
      {loading && !g ? <Loading /> : null}
      {g ? (
        <>
          <section className="card" aria-labelledby="where-title">
            <div className="dash-section-head">
              <h2 id="where-title">{t('whereItStands')}</h2>
              <GoalStatusBadge status={g.progress.status} />
            </div>
            <p>{t(`statusExplained.${g.progress.status}`, { expected: pct(g.progress.expected), current: pct(g.progress.current), date: formatDate(g.progress.asOf) })}</p>
            <ProgressBar goal={g} />
            <dl className="facts">
              <dt>{t('baseline')}</dt>
              <dd>{g.baselineYear ? t('baselineOf', { value: pct(g.baseline), year: g.baselineYear }) : pct(g.baseline)}</dd>
              <dt>{t('current')}</dt>
              <dd>{g.progress.status === 'suppressed' ? t('suppressedNow') : g.progress.current === null ? t('noDataNow') : t('currentAsOf', { value: pct(g.progress.current), date: formatDate(g.progress.asOf) })}</dd>
              <dt>{t('expected')}</dt>
              <dd>{pct(g.progress.expected)}</dd>
              <dt>{t('target')}</dt>
              <dd>{t('targetBy', { value: pct(g.target), date: formatDate(g.targetDate) })}</dd>
              <dt>{t('startDate')}</dt>
              <dd>{formatDate(g.startDate)}</dd>
              <dt>{t('direction')}</dt>
              <dd>{t(`better.${g.better}`)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="owners-title">
            <h2 id="owners-title">{t('owners')}</h2>
            <ul>
              {g.owners.map((o) => (
                <li key={`${o.type}-${o.id}`}>
                  {o.name} <span className="muted">({t(`ownerTypes.${o.type}`)})</span>
                </li>
              ))}
            </ul>
            {g.notes ? (
              <>
                <h3>{t('notes')}</h3>
                <p className="pre-line">{g.notes}</p>
              </>
            ) : null}
          </section>
          {g.school ? (
            <p className="no-print">
              <Link to={`/dashboard/schools/${g.school.id}`}>{t('schoolDashboard', { school: g.school.name })}</Link>
            </p>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
