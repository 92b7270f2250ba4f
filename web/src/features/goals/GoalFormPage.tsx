/**
 * Set or change a shared goal: the measure, the scope (the district, a school, a student group),
 * the baseline (a value, or computed from a school year), the target and its date, and the owners.
 * The server refuses a target outside 0–100% or a date in the past, and says why, by field.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { useApi } from '../../ui/useApi.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { CheckboxGroup } from '../../ui/Checkboxes.tsx';
import { kindLabel, groupLabel, measureLabel } from '../dashboard/format.ts';
import type { Goal, MeasureList } from '../dashboard/types.ts';

const KINDS = ['race', 'sex', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'home_language'];
const VALUES: Record<string, string[]> = {
  race: ['hispanic', 'american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white', 'two_or_more', 'unknown'],
  sex: ['F', 'M', 'X', 'unknown'],
};

interface Form {
  title: string;
  measure: string;
  assessment: string;
  subject: string;
  schoolId: string;
  kind: string;
  value: string;
  baselineMode: 'year' | 'value';
  baselineYear: string;
  baseline: string;
  target: string;
  startDate: string;
  targetDate: string;
  owners: string[];
  schools: number[];
  partners: number[];
  notes: string;
}

const toPercent = (x: number) => String(Math.round(x * 10000) / 100);

function fromGoal(g: Goal): Form {
  const [kind, value] = g.group ? g.group.split('=') : ['', ''];
  return {
    title: g.title,
    measure: g.measure,
    assessment: g.measureKeys.assessment ?? '',
    subject: g.measureKeys.subject ?? '',
    schoolId: g.school ? String(g.school.id) : '',
    kind,
    value,
    baselineMode: 'value',
    baselineYear: g.baselineYear ?? '',
    baseline: toPercent(g.baseline),
    target: toPercent(g.target),
    startDate: g.startDate,
    targetDate: g.targetDate,
    owners: [...new Set(g.owners.filter((o) => o.type === 'district' || o.type === 'union').map((o) => o.type))],
    schools: g.owners.filter((o) => o.type === 'school').map((o) => o.id as number),
    partners: g.owners.filter((o) => o.type === 'partner').map((o) => o.id as number),
    notes: g.notes ?? '',
  };
}

function GoalForm({ initial, goalId }: { initial: Form; goalId?: number }) {
  const { t } = useTranslation('goals');
  const navigate = useNavigate();
  const [f, setF] = useState<Form>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const measures = useApi<MeasureList>('measures');
  const schools = useApi<{ schools: Array<{ id: number; name: string }> }>('schools');
  const partners = useApi<{ partners: Array<{ id: number; name: string }> }>('partners');
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((p) => ({ ...p, [k]: v }));
  const goalMeasures = (measures.data?.measures ?? []).filter((m) => m.rate);
  const chosen = goalMeasures.find((m) => m.key === f.measure);
  useEffect(() => {
    // Default baseline: last school year (the list is newest first), or the only one.
    const years = measures.data?.years ?? [];
    if (!f.baselineYear && years.length) set('baselineYear', (years[1] ?? years[0]).name);
  }, [measures.data, f.baselineYear]);
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      title: f.title,
      measure: f.measure,
      measureKeys: chosen?.rowKeys.length ? { assessment: f.assessment, subject: f.subject } : {},
      schoolId: f.schoolId ? Number(f.schoolId) : null,
      group: f.kind && f.value ? `${f.kind}=${f.value}` : null,
      baselineYear: f.baselineYear || null,
      baseline: f.baselineMode === 'value' && f.baseline !== '' ? Number(f.baseline) / 100 : null,
      target: f.target === '' ? Number.NaN : Number(f.target) / 100,
      startDate: f.startDate || undefined,
      targetDate: f.targetDate,
      notes: f.notes || null,
      owners: [...f.owners.map((type) => ({ type })), ...f.schools.map((id) => ({ type: 'school', id })), ...f.partners.map((id) => ({ type: 'partner', id }))],
    };
    try {
      const saved = goalId ? await api.patch<Goal>(`goals/${goalId}`, body) : await api.post<Goal>('goals', body);
      navigate(`/goals/${saved.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (measures.loading || schools.loading) return <Loading />;
  return (
    <form onSubmit={submit} className="stack goal-form" noValidate>
      {error ? <ErrorAlert error={error} /> : null}
      <TextField label={t('form.title')} required value={f.title} onChange={(e) => set('title', e.target.value)} error={fieldError('title')} />
      <SelectField label={t('measure')} required value={f.measure} onChange={(e) => set('measure', e.target.value)} error={fieldError('measure')}>
        {goalMeasures.map((m) => (
          <option key={m.key} value={m.key}>
            {measureLabel(t, m.key)}
          </option>
        ))}
      </SelectField>
      {chosen?.rowKeys.length ? (
        <div className="row">
          <TextField label={t('form.assessment')} required value={f.assessment} onChange={(e) => set('assessment', e.target.value)} error={fieldError('measureKeys.assessment')} />
          <SelectField label={t('form.subject')} required value={f.subject} onChange={(e) => set('subject', e.target.value)} error={fieldError('measureKeys.subject')}>
            <option value="">{t('form.choose')}</option>
            {['ela', 'math', 'science', 'other'].map((s) => (
              <option key={s} value={s}>
                {t(`dashboard:subjects.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      <fieldset>
        <legend>{t('form.scope')}</legend>
        <SelectField label={t('form.school')} value={f.schoolId} onChange={(e) => set('schoolId', e.target.value)} error={fieldError('schoolId')}>
          <option value="">{t('form.wholeDistrict')}</option>
          {(schools.data?.schools ?? []).map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <div className="row">
          <SelectField label={t('form.groupKind')} value={f.kind} onChange={(e) => setF((p) => ({ ...p, kind: e.target.value, value: '' }))}>
            <option value="">{t('form.allStudents')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </SelectField>
          {f.kind === 'home_language' ? (
            <TextField label={t('form.language')} hint={t('form.languageHint')} value={f.value} onChange={(e) => set('value', e.target.value.trim().toLowerCase())} error={fieldError('group')} />
          ) : f.kind ? (
            <SelectField label={t('form.groupValue')} value={f.value} onChange={(e) => set('value', e.target.value)} error={fieldError('group')}>
              <option value="">{t('form.choose')}</option>
              {(VALUES[f.kind] ?? ['Y', 'N']).map((v) => (
                <option key={v} value={v}>
                  {groupLabel(t, `${f.kind}=${v}`)}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('baseline')}</legend>
        <div className="score-choices" role="radiogroup" aria-label={t('form.baselineHow')}>
          <label>
            <input type="radio" name="baselineMode" checked={f.baselineMode === 'year'} onChange={() => set('baselineMode', 'year')} /> {t('form.baselineFromYear')}
          </label>
          <label>
            <input type="radio" name="baselineMode" checked={f.baselineMode === 'value'} onChange={() => set('baselineMode', 'value')} /> {t('form.baselineValue')}
          </label>
        </div>
        <SelectField label={t('form.baselineYear')} value={f.baselineYear} onChange={(e) => set('baselineYear', e.target.value)} error={fieldError('baselineYear')}>
          {(measures.data?.years ?? []).map((y) => (
            <option key={y.name} value={y.name}>
              {y.name}
            </option>
          ))}
        </SelectField>
        {f.baselineMode === 'value' ? (
          <TextField label={t('form.baselinePercent')} type="number" inputMode="decimal" min={0} max={100} step={0.1} value={f.baseline} onChange={(e) => set('baseline', e.target.value)} error={fieldError('baseline')} />
        ) : fieldError('baseline') ? (
          <p className="field-message">{fieldError('baseline')}</p>
        ) : null}
      </fieldset>
      <div className="row">
        <TextField label={t('form.targetPercent')} hint={t('form.targetHint')} required type="number" inputMode="decimal" min={0} max={100} step={0.1} value={f.target} onChange={(e) => set('target', e.target.value)} error={fieldError('target')} />
        <TextField label={t('startDate')} type="date" value={f.startDate} onChange={(e) => set('startDate', e.target.value)} error={fieldError('startDate')} />
        <TextField label={t('targetDate')} required type="date" value={f.targetDate} onChange={(e) => set('targetDate', e.target.value)} error={fieldError('targetDate')} />
      </div>
      <CheckboxGroup
        legend={t('owners')}
        hint={t('form.ownersHint')}
        error={fieldError('owners')}
        options={[
          { value: 'district', label: t('ownerTypes.district') },
          { value: 'union', label: t('ownerTypes.union') },
        ]}
        value={f.owners}
        onChange={(v) => set('owners', v)}
      />
      {schools.data?.schools.length ? (
        <CheckboxGroup legend={t('form.ownerSchools')} columns options={schools.data.schools.map((s) => ({ value: s.id, label: s.name }))} value={f.schools} onChange={(v) => set('schools', v)} />
      ) : null}
      {partners.data?.partners.length ? (
        <CheckboxGroup legend={t('form.ownerPartners')} columns options={partners.data.partners.map((p) => ({ value: p.id, label: p.name }))} value={f.partners} onChange={(v) => set('partners', v)} />
      ) : null}
      <TextAreaField label={t('notes')} value={f.notes} onChange={(e) => set('notes', e.target.value)} error={fieldError('notes')} />
      <div className="row">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common:saving') : goalId ? t('form.saveChanges') : t('form.create')}
        </button>
        <Link to={goalId ? `/goals/${goalId}` : '/goals'}>{t('common:cancel')}</Link>
      </div>
    </form>
  );
}

const EMPTY: Form = {
  title: '',
  measure: 'chronic-absence',
  assessment: '',
  subject: '',
  schoolId: '',
  kind: '',
  value: '',
  baselineMode: 'year',
  baselineYear: '',
  baseline: '',
  target: '',
  startDate: '',
  targetDate: '',
  owners: ['district'],
  schools: [],
  partners: [],
  notes: '',
};

export function NewGoalPage() {
  const { t } = useTranslation('goals');
  return (
    <Page title={t('new')} subtitle={t('formIntro')}>
      <GoalForm initial={EMPTY} />
    </Page>
  );
}

export function EditGoalPage() {
  const { t } = useTranslation('goals');
  const { goalId } = useParams();
  const { data, error } = useApi<Goal>(`goals/${goalId}`);
  return (
    <Page title={data ? t('editTitle', { title: data.title }) : t('goal')}>
      {error ? <ErrorAlert error={error} /> : null}
      {data ? <GoalForm initial={fromGoal(data)} goalId={data.id} /> : error ? null : <Loading />}
    </Page>
  );
}
