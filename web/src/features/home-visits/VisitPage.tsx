/** One visit: who, when, where, which students; notes and reflections for those who may read them; log, reflect, cancel. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { HvNav, languageName, StatusBadge, visitTypeName } from './common.tsx';
import { newKey } from './offline.ts';
import type { Submission, Visit } from './types.ts';

function Reflect({ visit, onDone }: { visit: Visit; onDone: (s: Submission) => void }) {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const mine = visit.educators.find((e) => e.staffId === me.staffId);
  const [staffId, setStaffId] = useState<number | ''>(mine ? mine.staffId : '');
  const [learned, setLearned] = useState('');
  const [willUse, setWillUse] = useState('');
  const [minutes, setMinutes] = useState('0');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      onDone(await api.post<Submission>(`home-visits/visits/${visit.id}/reflections`, { idempotencyKey: newKey(), staffId: staffId || undefined, learned, willUse, minutes: Number(minutes) || 0 }));
      setLearned('');
      setWillUse('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="stack card" onSubmit={submit}>
      <h2>{t('visit.writeReflection')}</h2>
      <p className="field-hint">{t('form.reflectionHint')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {!mine ? (
        <SelectField label={t('visit.reflectionFor')} required value={staffId} onChange={(e) => setStaffId(Number(e.target.value) || '')}>
          <option value="">{t('form.choose')}</option>
          {visit.educators.map((ed) => (
            <option key={ed.staffId} value={ed.staffId}>
              {ed.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextAreaField label={t('form.learned')} required value={learned} onChange={(e) => setLearned(e.target.value)} />
      <TextAreaField label={t('form.willUse')} required value={willUse} onChange={(e) => setWillUse(e.target.value)} />
      <TextField label={t('form.reflectionMinutes')} type="number" min={0} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <button type="submit" className="button-primary" disabled={!learned.trim() || !willUse.trim() || !staffId}>
        {t('visit.saveReflection')}
      </button>
    </form>
  );
}

function Close({ visit, onDone }: { visit: Visit; onDone: () => void }) {
  const { t } = useTranslation('homeVisits');
  const [outcome, setOutcome] = useState<'cancelled' | 'no_show'>('cancelled');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(`home-visits/visits/${visit.id}/close`, { outcome, reason: reason || null });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="stack card" onSubmit={submit}>
      <h2>{t('visit.close')}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      <SelectField label={t('visit.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as 'cancelled' | 'no_show')}>
        <option value="cancelled">{t('status.cancelled')}</option>
        <option value="no_show">{t('status.no_show')}</option>
      </SelectField>
      <TextField label={t('visit.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="button-danger">
        {t('visit.closeSave')}
      </button>
    </form>
  );
}

export function VisitPage() {
  const { t, i18n } = useTranslation('homeVisits');
  const me = useMe();
  const { visitId } = useParams();
  const { data: visit, error, loading, reload } = useApi<Visit>(`home-visits/visits/${visitId}`);
  const [message, setMessage] = useState<string | null>(null);
  if (loading && !visit) return <Loading />;
  if (error || !visit) return <ErrorAlert error={error} />;
  return (
    <Page title={t('visit.title', { id: visit.id })} subtitle={`${visit.schoolName} · ${visitTypeName(t, visit.visitType.name)}`}>
      <HvNav />
      {message ? <Alert kind="success">{message}</Alert> : null}
      {me.role === 'partner_staff' ? <Alert kind="info">{t('visit.partnerTerms')}</Alert> : null}
      <section className="card" aria-labelledby="visit-facts">
        <h2 id="visit-facts">
          {t('visit.facts')} <StatusBadge status={visit.status} />
        </h2>
        <dl className="facts">
          <dt>{t('form.date')}</dt>
          <dd>
            {visit.date} · {visit.startTime}–{visit.endTime} ({t('visit.minutes', { n: visit.durationMinutes })})
          </dd>
          <dt>{t('form.visitType')}</dt>
          <dd>
            {visitTypeName(t, visit.visitType.name)} ({t(`purpose.${visit.visitType.purpose}`)})
          </dd>
          <dt>{t('form.place')}</dt>
          <dd>
            {t(`place.${visit.place}`)}
            {visit.placeDetail ? ` · ${visit.placeDetail}` : ''}
          </dd>
          <dt>{t('form.language')}</dt>
          <dd>{languageName(visit.language, i18n.language)}</dd>
          <dt>{t('form.arrangedOn')}</dt>
          <dd>{visit.arrangedOn}</dd>
          <dt>{t('form.educators')}</dt>
          <dd>
            <ul className="plain">
              {visit.educators.map((e) => (
                <li key={e.staffId}>
                  {e.name} · {e.reflected ? t('visit.reflected') : t('visit.notReflected')}
                </li>
              ))}
              {visit.interpreter ? (
                <li>
                  {t('form.interpreter')}: {visit.interpreter.name} {visit.interpreter.language ? `(${languageName(visit.interpreter.language, i18n.language)})` : ''}
                </li>
              ) : null}
            </ul>
          </dd>
          <dt>{t('visit.students')}</dt>
          <dd>
            {visit.students.map((s) => `${s.firstName} ${s.lastName}`).join(', ') || '—'}
            {visit.otherStudents ? ` ${t('visit.otherStudents', { count: visit.otherStudents })}` : ''}
          </dd>
          {visit.outcomeReason ? (
            <>
              <dt>{t('visit.reason')}</dt>
              <dd>{visit.outcomeReason}</dd>
            </>
          ) : null}
        </dl>
        {visit.status === 'held' ? <Alert kind="warning">{t('visit.awaitingReflections')}</Alert> : null}
        {visit.can.log ? (
          <Link className="button button-primary" to={`/home-visits/log?visit=${visit.id}`}>
            {t('visit.log')}
          </Link>
        ) : null}
      </section>
      <section className="card" aria-labelledby="visit-notes">
        <h2 id="visit-notes">{t('visit.notes')}</h2>
        {visit.notesVisible ? (
          <>
            <p className="hv-notes">{visit.notes || t('visit.noNotes')}</p>
            <h3>{t('form.reflection')}</h3>
            {visit.reflections?.length ? (
              <ul className="plain stack">
                {visit.reflections.map((r) => (
                  <li key={r.staffId}>
                    <strong>{r.name}</strong>
                    <div>
                      {t('form.learned')}: {r.learned}
                    </div>
                    <div>
                      {t('form.willUse')}: {r.willUse}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('visit.noReflections')}</p>
            )}
          </>
        ) : (
          <p className="muted">{t('visit.notesPrivate')}</p>
        )}
      </section>
      {visit.can.reflect ? (
        <Reflect
          visit={visit}
          onDone={(s) => {
            setMessage(s.visit.status === 'completed' ? t('visit.completedNow') : t('visit.reflectionSaved'));
            reload();
          }}
        />
      ) : null}
      {visit.can.cancel ? (
        <Close
          visit={visit}
          onDone={() => {
            setMessage(t('visit.closed'));
            reload();
          }}
        />
      ) : null}
    </Page>
  );
}
