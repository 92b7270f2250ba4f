/**
 * The visit form, made for a phone at a family's door: log a visit (a scheduled one, or one arranged
 * in advance and not yet entered) or schedule one. Works offline: what it needs was saved on the
 * device, and the form is saved there first and sent when the connection returns.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { Alert } from '../../ui/Alert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { HvNav, languageName, localToday, visitTypeName } from './common.tsx';
import { enqueue, loadKit, newKey, registerVisitWorker, saveKit, useOutbox } from './offline.ts';
import { Outbox } from './Outbox.tsx';
import type { FieldKit, Place } from './types.ts';

const LANGUAGES = ['en', 'es', 'vi', 'zh', 'ar', 'tl', 'ko', 'ru', 'ht', 'pt', 'so', 'hmn'];
const PLACES: Place[] = ['home', 'community', 'virtual'];

export function LogVisitPage() {
  const { t, i18n } = useTranslation('homeVisits');
  const me = useMe();
  const [params] = useSearchParams();
  const outbox = useOutbox(me.email);
  const [kit, setKit] = useState<FieldKit | null>(null);
  const [kitSavedAt, setKitSavedAt] = useState<string | null>(null);
  const [kitState, setKitState] = useState<'loading' | 'ready' | 'missing'>('loading');

  const [mode, setMode] = useState<'held' | 'scheduled'>(params.get('mode') === 'schedule' ? 'scheduled' : 'held');
  const [choice, setChoice] = useState<string>(params.get('visit') ?? '');
  const [schoolId, setSchoolId] = useState<number | null>(null);
  const [familyKey, setFamilyKey] = useState(params.get('family') ?? '');
  const [visitTypeId, setVisitTypeId] = useState('');
  const [educatorIds, setEducatorIds] = useState<number[]>([]);
  const [interpreterName, setInterpreterName] = useState('');
  const [interpreterLanguage, setInterpreterLanguage] = useState('');
  const [date, setDate] = useState(localToday());
  const [startTime, setStartTime] = useState('17:00');
  const [duration, setDuration] = useState('60');
  const [place, setPlace] = useState<Place>('home');
  const [placeDetail, setPlaceDetail] = useState('');
  const [language, setLanguage] = useState('');
  const [arrangedOn, setArrangedOn] = useState('');
  const [travel, setTravel] = useState('0');
  const [notes, setNotes] = useState('');
  const [learned, setLearned] = useState('');
  const [willUse, setWillUse] = useState('');
  const [reflectionMinutes, setReflectionMinutes] = useState('0');
  const [problems, setProblems] = useState<string[]>([]);
  const [result, setResult] = useState<{ kind: 'success' | 'info' | 'error'; text: string; visitId?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastKey, setLastKey] = useState<string | null>(null);
  // A form saved offline and sent later: say so where the "saved on this phone" message was.
  useEffect(() => {
    const sent = outbox.lastReport?.sent.find((x) => x.key === lastKey);
    if (sent) setResult({ kind: 'success', text: sent.replayed ? t('outbox.replayed', { id: sent.visit.id }) : t('outbox.sent', { id: sent.visit.id }), visitId: sent.visit.id });
    const refused = outbox.lastReport?.refused.find((x) => x.key === lastKey);
    if (refused) setResult({ kind: 'error', text: `${t('form.refused')} ${refused.message ?? ''}` });
  }, [outbox.lastReport, lastKey, t]);

  useEffect(() => {
    registerVisitWorker();
    let live = true;
    void (async () => {
      const saved = await loadKit(me.email).catch(() => null);
      if (saved && live) {
        setKit(saved.kit);
        setKitSavedAt(saved.savedAt);
        setKitState('ready');
      }
      try {
        const fresh = await api.get<FieldKit>('home-visits/field-kit');
        await saveKit(me.email, fresh);
        if (live) {
          setKit(fresh);
          setKitSavedAt(new Date().toISOString());
          setKitState('ready');
        }
      } catch {
        if (live && !saved) setKitState('missing');
      }
    })();
    return () => {
      live = false;
    };
  }, [me.email]);

  const myStaffId = kit?.staffId ?? null;
  const scheduled = useMemo(() => (kit?.visits ?? []).filter((v) => v.date <= localToday() || mode === 'held'), [kit, mode]);
  const chosenVisit = choice && choice !== 'new' ? kit?.visits.find((v) => String(v.id) === choice) : undefined;
  const isNew = mode === 'scheduled' || choice === 'new';
  const school = kit?.schools.find((s) => s.id === schoolId) ?? (kit?.schools.length === 1 ? kit.schools[0] : undefined);
  const families = (kit?.families ?? []).filter((f) => (!school || f.schoolId === school.id) && (f.offerable || f.key === familyKey));
  const family = families.find((f) => f.key === familyKey);

  useEffect(() => {
    if (myStaffId !== null) setEducatorIds((ids) => (ids.includes(myStaffId) ? ids : [myStaffId, ...ids]));
  }, [myStaffId]);
  useEffect(() => {
    if (family?.language && !language) setLanguage(family.language);
  }, [family, language]);
  useEffect(() => {
    if (chosenVisit) {
      setDate(chosenVisit.date);
      setStartTime(chosenVisit.startTime);
      setDuration(String(chosenVisit.durationMinutes));
      setPlace(chosenVisit.place);
      setPlaceDetail(chosenVisit.placeDetail ?? '');
      setLanguage(chosenVisit.language);
    }
  }, [chosenVisit]);

  const familyLabel = (f: { students: Array<{ firstName: string; lastName: string }> }) => f.students.map((s) => `${s.firstName} ${s.lastName}`).join(', ');

  function check(): string[] {
    const out: string[] = [];
    if (mode === 'held' && !choice) out.push(t('form.errors.chooseVisit'));
    if (isNew) {
      if (!school) out.push(t('form.errors.school'));
      if (!family) out.push(t('form.errors.family'));
      if (!visitTypeId) out.push(t('form.errors.visitType'));
      const people = educatorIds.length + (interpreterName.trim() ? 1 : 0);
      if (educatorIds.length === 0 || people < 2) out.push(t('form.errors.pair'));
      if (!arrangedOn) out.push(t('form.errors.arrangedOn'));
      else if (arrangedOn > date) out.push(t('form.errors.dropIn'));
    }
    if (mode === 'held' && date > localToday()) out.push(t('form.errors.future'));
    if (!/^\d+$/.test(duration) || Number(duration) < 5 || Number(duration) > 480) out.push(t('form.errors.duration'));
    if (!language) out.push(t('form.errors.language'));
    if ((learned.trim() && !willUse.trim()) || (!learned.trim() && willUse.trim())) out.push(t('form.errors.reflection'));
    return out;
  }

  function clearForm() {
    setNotes('');
    setLearned('');
    setWillUse('');
    setChoice('');
    setFamilyKey('');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const found = check();
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    const reflection = mode === 'held' && learned.trim() && myStaffId !== null ? { learned: learned.trim(), willUse: willUse.trim(), minutes: Number(reflectionMinutes) || 0 } : null;
    const details = {
      date,
      startTime,
      durationMinutes: Number(duration),
      place,
      placeDetail: placeDetail.trim() || null,
      language,
      travelMinutes: Number(travel) || 0,
      ...(mode === 'held' ? { notes: notes.trim() || null, reflection } : {}),
    };
    const key = newKey();
    const label = chosenVisit ? `${familyLabel(chosenVisit)} · ${date}` : `${family ? familyLabel(family) : ''} · ${date}`;
    const item = chosenVisit
      ? { path: `home-visits/visits/${chosenVisit.id}/log`, body: { ...details } }
      : {
          path: 'home-visits/visits',
          body: {
            ...details,
            schoolId: school!.id,
            studentIds: family!.students.map((s) => s.id),
            visitTypeId: Number(visitTypeId),
            status: mode,
            arrangedOn,
            educatorStaffIds: educatorIds,
            interpreter: interpreterName.trim() ? { name: interpreterName.trim(), language: interpreterLanguage || null } : null,
          },
        };
    try {
      await enqueue({ key, ...item, label, savedAt: new Date().toISOString(), state: 'waiting', userEmail: me.email });
      setLastKey(key);
      if (!navigator.onLine) {
        setResult({ kind: 'info', text: t('form.savedOffline') });
        clearForm();
        await outbox.refresh();
        return;
      }
      let report = await outbox.sync();
      // A sending already under way may have started before this form was saved: send again.
      if (!report.offline && !report.sent.some((s) => s.key === key) && !report.refused.some((r) => r.key === key)) report = await outbox.sync();
      const sent = report.sent.find((s) => s.key === key);
      const refused = report.refused.find((r) => r.key === key);
      if (refused) setResult({ kind: 'error', text: `${t('form.refused')} ${refused.message ?? ''}` });
      else if (sent && !report.offline) setResult({ kind: 'success', text: sent.replayed ? t('outbox.replayed', { id: sent.visit.id }) : mode === 'held' ? t('form.logged', { id: sent.visit.id }) : t('form.scheduled', { id: sent.visit.id }), visitId: sent.visit.id });
      else setResult({ kind: 'info', text: t('form.savedOffline') });
      if (!refused) clearForm();
    } finally {
      setBusy(false);
    }
  }

  if (kitState === 'loading') return <Loading />;
  return (
    <Page title={mode === 'held' ? t('form.titleLog') : t('form.titleSchedule')} subtitle={t('form.subtitle')}>
      <HvNav />
      {kitState === 'missing' ? <Alert kind="warning">{t('form.noKit')}</Alert> : null}
      {kitSavedAt && !outbox.online ? <Alert kind="info">{t('form.kitFrom', { when: new Date(kitSavedAt).toLocaleString(i18n.language) })}</Alert> : null}
      {result ? (
        <Alert kind={result.kind}>
          <p>{result.text}</p>
          {result.visitId ? <Link to={`/home-visits/visits/${result.visitId}`}>{t('form.openVisit')}</Link> : null}
        </Alert>
      ) : null}
      {problems.length ? (
        <Alert kind="error" title={t('form.errors.title')}>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {kit ? (
        <form className="stack hv-form card" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('form.what')}</legend>
            <div className="hv-choices">
              <label>
                <input type="radio" name="mode" checked={mode === 'held'} onChange={() => setMode('held')} /> {t('form.modeHeld')}
              </label>
              <label>
                <input type="radio" name="mode" checked={mode === 'scheduled'} onChange={() => setMode('scheduled')} /> {t('form.modeScheduled')}
              </label>
            </div>
          </fieldset>
          {mode === 'held' ? (
            <SelectField label={t('form.visit')} required value={choice} onChange={(e) => setChoice(e.target.value)} hint={t('form.visitHint')}>
              <option value="">{t('form.choose')}</option>
              {scheduled.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.date} {v.startTime} · {familyLabel(v)} · {visitTypeName(t, v.visitTypeName)}
                </option>
              ))}
              <option value="new">{t('form.newVisit')}</option>
            </SelectField>
          ) : null}
          {chosenVisit ? (
            <p className="muted">
              {t('form.withEducators', { names: chosenVisit.educators.map((x) => x.name).join(', ') })}
              {chosenVisit.interpreter ? ` · ${t('form.interpreter')}: ${chosenVisit.interpreter.name}` : ''}
            </p>
          ) : null}
          {isNew ? (
            <>
              {kit.schools.length > 1 ? (
                <SelectField label={t('form.school')} required value={school?.id ?? ''} onChange={(e) => setSchoolId(Number(e.target.value) || null)}>
                  <option value="">{t('form.choose')}</option>
                  {kit.schools.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </SelectField>
              ) : null}
              <SelectField label={t('form.family')} required value={familyKey} onChange={(e) => setFamilyKey(e.target.value)} hint={family?.interpreterNeeded ? t('form.interpreterNeeded') : undefined}>
                <option value="">{t('form.choose')}</option>
                {families.map((f) => (
                  <option key={f.key} value={f.key}>
                    {familyLabel(f)}
                    {f.otherStudents ? ` (+${f.otherStudents})` : ''}
                  </option>
                ))}
              </SelectField>
              <SelectField label={t('form.visitType')} required value={visitTypeId} onChange={(e) => setVisitTypeId(e.target.value)} hint={t('form.visitTypeHint')}>
                <option value="">{t('form.choose')}</option>
                {(school?.visitTypes ?? []).map((vt) => (
                  <option key={vt.id} value={vt.id}>
                    {visitTypeName(t, vt.name)} ({t(`purpose.${vt.purpose}`)})
                  </option>
                ))}
              </SelectField>
              <fieldset>
                <legend>{t('form.educators')}</legend>
                <p className="field-hint">{t('form.pairHint')}</p>
                <div className="hv-choices">
                  {(school?.educators ?? []).map((ed) => (
                    <label key={ed.staffId}>
                      <input
                        type="checkbox"
                        checked={educatorIds.includes(ed.staffId)}
                        disabled={ed.staffId === myStaffId}
                        onChange={(e) => setEducatorIds((ids) => (e.target.checked ? [...ids, ed.staffId] : ids.filter((x) => x !== ed.staffId)))}
                      />{' '}
                      {ed.name}
                      {ed.staffId === myStaffId ? ` (${t('form.me')})` : ''}
                    </label>
                  ))}
                </div>
              </fieldset>
              <div className="hv-pair">
                <TextField label={t('form.interpreterName')} value={interpreterName} onChange={(e) => setInterpreterName(e.target.value)} autoComplete="off" />
                <SelectField label={t('form.interpreterLanguage')} value={interpreterLanguage} onChange={(e) => setInterpreterLanguage(e.target.value)}>
                  <option value="">—</option>
                  {LANGUAGES.map((l) => (
                    <option key={l} value={l}>
                      {languageName(l, i18n.language)}
                    </option>
                  ))}
                </SelectField>
              </div>
              <TextField label={t('form.arrangedOn')} type="date" required value={arrangedOn} max={date} onChange={(e) => setArrangedOn(e.target.value)} hint={t('form.arrangedOnHint')} />
            </>
          ) : null}
          <div className="hv-pair">
            <TextField label={t('form.date')} type="date" required value={date} min={kit.yearStart} max={mode === 'held' ? localToday() : kit.yearEnd} onChange={(e) => setDate(e.target.value)} />
            <TextField label={t('form.startTime')} type="time" required value={startTime} onChange={(e) => setStartTime(e.target.value)} />
          </div>
          <div className="hv-pair">
            <TextField label={t('form.duration')} type="number" inputMode="numeric" min={5} max={480} required value={duration} onChange={(e) => setDuration(e.target.value)} />
            <TextField label={t('form.travel')} type="number" inputMode="numeric" min={0} max={240} value={travel} onChange={(e) => setTravel(e.target.value)} />
          </div>
          <fieldset>
            <legend>{t('form.place')}</legend>
            <div className="hv-choices">
              {PLACES.map((p) => (
                <label key={p}>
                  <input type="radio" name="place" checked={place === p} onChange={() => setPlace(p)} /> {t(`place.${p}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <TextField label={t('form.placeDetail')} value={placeDetail} onChange={(e) => setPlaceDetail(e.target.value)} hint={t('form.placeDetailHint')} />
          <SelectField label={t('form.language')} required value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {[...new Set([...(family?.language ? [family.language] : []), ...LANGUAGES])].map((l) => (
              <option key={l} value={l}>
                {languageName(l, i18n.language)}
              </option>
            ))}
          </SelectField>
          {mode === 'held' ? (
            <>
              <TextAreaField label={t('form.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} hint={t('form.notesHint')} />
              <fieldset>
                <legend>{t('form.reflection')}</legend>
                <p className="field-hint">{t('form.reflectionHint')}</p>
                <TextAreaField label={t('form.learned')} value={learned} onChange={(e) => setLearned(e.target.value)} />
                <TextAreaField label={t('form.willUse')} value={willUse} onChange={(e) => setWillUse(e.target.value)} />
                <TextField label={t('form.reflectionMinutes')} type="number" inputMode="numeric" min={0} max={240} value={reflectionMinutes} onChange={(e) => setReflectionMinutes(e.target.value)} />
              </fieldset>
            </>
          ) : null}
          <button type="submit" className="button-primary hv-submit" disabled={busy}>
            {busy ? t('common:saving') : mode === 'held' ? t('form.saveLog') : t('form.saveSchedule')}
          </button>
          <p className="field-hint">{t('form.saveHint')}</p>
        </form>
      ) : null}
      <Outbox outbox={outbox} />
    </Page>
  );
}
