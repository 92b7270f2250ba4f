/** Program set-up for a school and year: target, compensation and counted time, coordinators, visit types, and educators' training and participation. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { HvNav, localToday, SchoolSelect, useAction, visitTypeName } from './common.tsx';
import { money } from './types.ts';
import type { Educator, Program, ProgramList, Purpose } from './types.ts';

function Settings({ program, canEdit, onSaved }: { program: Program; canEdit: boolean; onSaved: (p: Program) => void }) {
  const { t } = useTranslation('homeVisits');
  const [target, setTarget] = useState(String(Math.round(program.coverageTarget * 100)));
  const [rate, setRate] = useState(money(program.hourlyRateCents));
  const [visit, setVisit] = useState(program.countVisitTime);
  const [travel, setTravel] = useState(program.countTravelTime);
  const [reflection, setReflection] = useState(program.countReflectionTime);
  const [period, setPeriod] = useState(program.payPeriod);
  const [anchor, setAnchor] = useState(program.payPeriodAnchor ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const p = await api.patch<Program>(`home-visits/programs/${program.schoolId}`, {
        coverageTarget: Number(target) / 100,
        hourlyRateCents: Math.round(Number(rate) * 100),
        countVisitTime: visit,
        countTravelTime: travel,
        countReflectionTime: reflection,
        payPeriod: period,
        payPeriodAnchor: period === 'biweekly' && anchor ? anchor : null,
      });
      setSaved(true);
      onSaved(p);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="prog-settings">
      <h2 id="prog-settings">{t('program.settings')}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      {saved ? <Alert kind="success">{t('common:saved')}</Alert> : null}
      <fieldset disabled={!canEdit} className="stack">
        <TextField label={t('program.target')} type="number" min={1} max={100} value={target} onChange={(e) => setTarget(e.target.value)} hint={t('program.targetHint')} />
        <TextField label={t('program.rate')} type="number" min={0} step="0.01" value={rate} onChange={(e) => setRate(e.target.value)} />
        <fieldset>
          <legend>{t('program.counts')}</legend>
          <label>
            <input type="checkbox" checked={visit} onChange={(e) => setVisit(e.target.checked)} /> {t('program.countVisit')}
          </label>{' '}
          <label>
            <input type="checkbox" checked={travel} onChange={(e) => setTravel(e.target.checked)} /> {t('program.countTravel')}
          </label>{' '}
          <label>
            <input type="checkbox" checked={reflection} onChange={(e) => setReflection(e.target.checked)} /> {t('program.countReflection')}
          </label>
        </fieldset>
        <SelectField label={t('program.payPeriod')} value={period} onChange={(e) => setPeriod(e.target.value as Program['payPeriod'])}>
          {(['monthly', 'semimonthly', 'biweekly'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`payPeriod.${p}`)}
            </option>
          ))}
        </SelectField>
        {period === 'biweekly' ? <TextField label={t('program.anchor')} type="date" value={anchor} onChange={(e) => setAnchor(e.target.value)} /> : null}
        {canEdit ? <button type="submit" className="button-primary">{t('common:save')}</button> : <p className="muted">{t('program.readOnly')}</p>}
      </fieldset>
    </form>
  );
}

function Coordinators({ program, canEdit, onChange }: { program: Program; canEdit: boolean; onChange: (p: Program) => void }) {
  const { t } = useTranslation('homeVisits');
  const users = useApi<{ users: Array<{ id: number; displayName: string; role: string }> }>(canEdit ? `home-visits/programs/${program.schoolId}/users` : null);
  const [userId, setUserId] = useState('');
  const { error, run: act } = useAction<Program>(onChange);
  return (
    <section className="card stack" aria-labelledby="prog-coord">
      <h2 id="prog-coord">{t('program.coordinators')}</h2>
      <p className="muted">{t('program.coordinatorsHint')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      <ul>
        {program.coordinators.map((c) => (
          <li key={c.userId}>
            {c.displayName} ({t(`common:roles.${c.role}`)}){' '}
            {canEdit ? (
              <button type="button" className="button-quiet" onClick={() => void act(() => api.delete<Program>(`home-visits/programs/${program.schoolId}/coordinators/${c.userId}`))}>
                {t('program.remove', { name: c.displayName })}
              </button>
            ) : null}
          </li>
        ))}
        {program.coordinators.length === 0 ? <li>{t('program.noCoordinators')}</li> : null}
      </ul>
      {canEdit && users.data ? (
        <div className="row">
          <SelectField label={t('program.addCoordinator')} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {users.data.users
              .filter((u) => !program.coordinators.some((c) => c.userId === u.id))
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({t(`common:roles.${u.role}`)})
                </option>
              ))}
          </SelectField>
          <button type="button" disabled={!userId} onClick={() => void act(() => api.post<Program>(`home-visits/programs/${program.schoolId}/coordinators`, { userId: Number(userId) }))}>
            {t('common:add')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function VisitTypes({ program, canEdit, onChange }: { program: Program; canEdit: boolean; onChange: (p: Program) => void }) {
  const { t } = useTranslation('homeVisits');
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState<Purpose>('relationship');
  const { error, run: act } = useAction<Program>(onChange);
  return (
    <section className="card stack" aria-labelledby="prog-types">
      <h2 id="prog-types">{t('program.visitTypes')}</h2>
      <p className="muted">{t('program.visitTypesHint')}</p>
      {error ? <ErrorAlert error={error} /> : null}
      <ul>
        {program.visitTypes.map((vt) => (
          <li key={vt.id}>
            {visitTypeName(t, vt.name)} ({t(`purpose.${vt.purpose}`)}) · {vt.active ? t('program.offered') : t('program.notOffered')}{' '}
            {canEdit ? (
              <button type="button" className="button-quiet" onClick={() => void act(() => api.patch<Program>(`home-visits/programs/${program.schoolId}/visit-types/${vt.id}`, { active: !vt.active }))}>
                {vt.active ? t('program.stopOffering', { name: visitTypeName(t, vt.name) }) : t('program.offer', { name: visitTypeName(t, vt.name) })}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api.post<Program>(`home-visits/programs/${program.schoolId}/visit-types`, { name, purpose })).then(() => setName(''));
          }}
        >
          <TextField label={t('program.typeName')} value={name} onChange={(e) => setName(e.target.value)} required />
          <SelectField label={t('program.typePurpose')} value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
            {(['hopes_and_dreams', 'relationship', 'academic'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`purpose.${p}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" disabled={!name.trim()}>
            {t('common:add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Educators({ schoolId, canTrain, canRecordChoice }: { schoolId: number; canTrain: boolean; canRecordChoice: boolean }) {
  const { t } = useTranslation('homeVisits');
  const list = useApi<{ year: string; educators: Educator[] }>(`home-visits/educators?schoolId=${schoolId}`);
  const [staffId, setStaffId] = useState('');
  const [date, setDate] = useState(localToday());
  const [trainer, setTrainer] = useState('');
  const [hours, setHours] = useState('6');
  const [error, setError] = useState<unknown>(null);
  async function addTraining(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`home-visits/educators/${staffId}/trainings`, { date, trainer, hours: Number(hours) });
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function choice(id: number, optedIn: boolean) {
    setError(null);
    try {
      await api.put(`home-visits/educators/${id}/participation`, { optedIn });
      list.reload();
    } catch (err) {
      setError(err);
    }
  }
  if (list.loading && !list.data) return <Loading />;
  return (
    <section className="card stack" aria-labelledby="prog-educators">
      <h2 id="prog-educators">{t('program.educators')}</h2>
      {error ? <ErrorAlert error={error} /> : null}
      <DataTable
        caption={t('program.educatorsCaption')}
        rows={list.data?.educators ?? []}
        rowKey={(e) => e.staffId}
        csvName="educators"
        columns={[
          { key: 'name', header: t('program.name'), render: (e) => `${e.firstName} ${e.lastName}`, value: (e) => `${e.firstName} ${e.lastName}` },
          { key: 'trained', header: t('program.training'), render: (e) => (e.trained ? e.trainings.map((x) => `${x.date} · ${x.trainer} · ${x.hours} h`).join('; ') : t('program.untrained')), value: (e) => (e.trained ? e.firstTrainedOn : '') },
          {
            key: 'optedIn',
            header: t('program.participation'),
            render: (e) => (
              <span>
                {e.optedIn ? t('overview.optedIn') : t('overview.optedOut')}{' '}
                {canRecordChoice ? (
                  <button type="button" className="button-quiet" onClick={() => void choice(e.staffId, !e.optedIn)}>
                    {e.optedIn ? t('program.recordOptOut', { name: e.firstName }) : t('program.recordOptIn', { name: e.firstName })}
                  </button>
                ) : null}
              </span>
            ),
            value: (e) => (e.optedIn ? 'Y' : 'N'),
          },
        ]}
      />
      {canTrain ? (
        <form className="stack" onSubmit={addTraining}>
          <h3>{t('program.addTraining')}</h3>
          <SelectField label={t('program.name')} required value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            <option value="">{t('form.choose')}</option>
            {(list.data?.educators ?? []).map((e) => (
              <option key={e.staffId} value={e.staffId}>
                {e.firstName} {e.lastName}
              </option>
            ))}
          </SelectField>
          <div className="hv-pair">
            <TextField label={t('program.trainingDate')} type="date" required value={date} max={localToday()} onChange={(e) => setDate(e.target.value)} />
            <TextField label={t('program.hours')} type="number" min={0.5} step="0.5" required value={hours} onChange={(e) => setHours(e.target.value)} />
          </div>
          <TextField label={t('program.trainer')} required value={trainer} onChange={(e) => setTrainer(e.target.value)} />
          <button type="submit" disabled={!staffId || !trainer.trim()}>
            {t('program.saveTraining')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function ProgramPage() {
  const { t } = useTranslation('homeVisits');
  const me = useMe();
  const programs = useApi<ProgramList>('home-visits/programs');
  const [schoolId, setSchoolId] = useState<number | null>(null);
  const school = schoolId ?? programs.data?.schools.find((s) => s.coordinator)?.id ?? programs.data?.schools[0]?.id ?? null;
  const loaded = useApi<Program>(school ? `home-visits/programs/${school}` : null);
  const [program, setProgram] = useState<Program | null>(null);
  useEffect(() => setProgram(loaded.data ?? null), [loaded.data]);
  const districtWide = me.role === 'district_admin' || me.role === 'data_manager';
  const coordinator = !!program?.coordinators.some((c) => c.email === me.email);
  const canEdit = districtWide || coordinator;
  const canName = canEdit || (me.role === 'school_staff' && me.schools.some((s) => s.id === school));
  if (programs.loading && !programs.data) return <Loading />;
  return (
    <Page title={t('program.title')} subtitle={programs.data ? t('program.subtitle', { year: programs.data.year }) : undefined}>
      <HvNav />
      {programs.error ? <ErrorAlert error={programs.error} /> : null}
      <SchoolSelect schools={programs.data?.schools ?? []} value={school} onChange={setSchoolId} suffix={(id) => (programs.data?.schools.find((s) => s.id === id)?.coordinator ? ` (${t('program.youCoordinate')})` : '')} />
      {loaded.error ? <ErrorAlert error={loaded.error} /> : null}
      {program ? (
        <>
          {program.id === null ? <Alert kind="info">{t('program.notSaved')}</Alert> : null}
          <Settings key={`${program.schoolId}:${program.id ?? 'new'}:${program.hourlyRateCents}`} program={program} canEdit={canEdit} onSaved={setProgram} />
          <Coordinators program={program} canEdit={canName} onChange={setProgram} />
          <VisitTypes program={program} canEdit={canEdit} onChange={setProgram} />
          {me.role !== 'viewer' && me.role !== 'partner_staff' ? <Educators schoolId={program.schoolId} canTrain={canEdit || me.role === 'union_rep'} canRecordChoice={canEdit} /> : null}
        </>
      ) : null}
    </Page>
  );
}
