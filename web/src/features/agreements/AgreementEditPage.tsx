/** Writing an agreement: its title, purpose and term; parties and responsibilities; goals; commitments; signatories. */
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { useApi } from '../../ui/useApi.ts';
import { COMMITMENT_KINDS, Section, type PartnerSummary, type SchoolOption } from '../partners/common.tsx';
import { NamedSelect, useSubmit } from '../partners/forms.tsx';
import type { AgreementDetail } from './types.ts';

function MainForm({ a, onSaved }: { a?: AgreementDetail; onSaved: (id: number) => void }) {
  const { t } = useTranslation('agreements');
  const [v, setV] = useState({ title: a?.title ?? '', purpose: a?.purpose ?? '', startDate: a?.startDate ?? '', endDate: a?.endDate ?? '', renewalNoticeDays: String(a?.renewalNoticeDays ?? 60) });
  const body = { title: v.title, purpose: v.purpose, startDate: v.startDate || null, endDate: v.endDate || null, renewalNoticeDays: Number(v.renewalNoticeDays || 0) };
  const f = useSubmit(() => (a ? api.put(`agreements/${a.id}`, body).then(() => ({ id: a.id })) : api.post<{ id: number }>('agreements', body)), (r) => onSaved((r as { id: number }).id));
  return (
    <form className="stack form-narrow" onSubmit={f.submit} noValidate>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('fields.title')} required value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={f.fieldError('title')} />
      <TextAreaField label={t('fields.purpose')} value={v.purpose} onChange={(e) => setV({ ...v, purpose: e.target.value })} error={f.fieldError('purpose')} />
      <div className="row">
        <TextField label={t('fields.startDate')} type="date" value={v.startDate} onChange={(e) => setV({ ...v, startDate: e.target.value })} error={f.fieldError('startDate')} />
        <TextField label={t('fields.endDate')} type="date" value={v.endDate} onChange={(e) => setV({ ...v, endDate: e.target.value })} error={f.fieldError('endDate')} />
      </div>
      <TextField label={t('fields.notice')} hint={t('fields.noticeHint')} type="number" min={0} max={730} inputMode="numeric" value={v.renewalNoticeDays} onChange={(e) => setV({ ...v, renewalNoticeDays: e.target.value })} error={f.fieldError('renewalNoticeDays')} />
      <button type="submit" className="button-primary" disabled={f.busy}>
        {a ? t('common:save') : t('create')}
      </button>
    </form>
  );
}

/** A list of rows, each a fieldset, with Add and Remove, saved together. */
function Rows<T>({ legend, rows, setRows, blank, render, onSave, addLabel, saved, error, busy }: { legend: (row: T, i: number) => string; rows: T[]; setRows: (rows: T[]) => void; blank?: () => T; render: (row: T, set: (row: T) => void, i: number) => ReactNode; onSave: () => void; addLabel?: string; saved: boolean; error: unknown; busy: boolean }) {
  const { t } = useTranslation('agreements');
  return (
    <div className="stack">
      {error ? <ErrorAlert error={error} /> : null}
      {saved ? <Alert kind="success">{t('common:saved')}</Alert> : null}
      {rows.map((row, i) => (
        <fieldset key={i} className="row-editor">
          <legend>{legend(row, i)}</legend>
          <div className="stack">
            {render(row, (next) => setRows(rows.map((r, j) => (j === i ? next : r))), i)}
            <button type="button" className="button-quiet" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('remove')}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="row">
        {blank ? (
          <button type="button" onClick={() => setRows([...rows, blank()])}>
            {addLabel}
          </button>
        ) : null}
        <button type="button" className="button-primary" onClick={onSave} disabled={busy}>
          {busy ? t('common:saving') : t('common:save')}
        </button>
      </div>
    </div>
  );
}

function useSave() {
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, after: () => void) => {
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      await fn();
      setSaved(true);
      after();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, saved, busy, run };
}

interface PartyRow {
  type: 'district' | 'school' | 'partner' | 'union';
  schoolId: number | null;
  partnerId: number | null;
  name: string;
  responsibilities: string;
}

function PartiesEditor({ a, onSaved }: { a: AgreementDetail; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const partners = useApi<{ partners: PartnerSummary[] }>('partners?status=all');
  const [rows, setRows] = useState<PartyRow[]>(a.parties.map((p) => ({ type: p.type, schoolId: p.schoolId, partnerId: p.partnerId, name: p.type === 'union' ? p.name : '', responsibilities: p.responsibilities.join('\n') })));
  const s = useSave();
  const save = () =>
    s.run(
      () => api.put(`agreements/${a.id}/parties`, { parties: rows.map((r) => ({ type: r.type, schoolId: r.schoolId, partnerId: r.partnerId, name: r.name || null, responsibilities: r.responsibilities.split('\n').map((x) => x.trim()).filter(Boolean) })) }),
      onSaved,
    );
  const add = (type: PartyRow['type']) => setRows([...rows, { type, schoolId: type === 'school' ? schools.data?.schools[0]?.id ?? null : null, partnerId: type === 'partner' ? partners.data?.partners[0]?.id ?? null : null, name: '', responsibilities: '' }]);
  return (
    <>
      <Rows
        legend={(r, i) => `${t(`parties.types.${r.type}`)} ${i + 1}`}
        rows={rows}
        setRows={setRows}
        {...s}
        onSave={save}
        render={(r, set) => (
          <>
            {r.type === 'school' ? <NamedSelect label={t('parties.school')} value={r.schoolId} options={schools.data?.schools ?? []} onChange={(schoolId) => set({ ...r, schoolId })} /> : null}
            {r.type === 'partner' ? <NamedSelect label={t('parties.partner')} value={r.partnerId} options={partners.data?.partners ?? []} onChange={(partnerId) => set({ ...r, partnerId })} /> : null}
            {r.type === 'union' ? <TextField label={t('parties.unionName')} value={r.name} onChange={(e) => set({ ...r, name: e.target.value })} /> : null}
            <TextAreaField label={t('parties.responsibilities')} hint={t('parties.responsibilitiesHint')} value={r.responsibilities} onChange={(e) => set({ ...r, responsibilities: e.target.value })} />
          </>
        )}
      />
      <div className="row">
        {(['school', 'partner', 'union'] as const).map((type) => (
          <button key={type} type="button" onClick={() => add(type)}>
            {t(`parties.add.${type}`)}
          </button>
        ))}
        {!rows.some((r) => r.type === 'district') ? (
          <button type="button" onClick={() => add('district')}>
            {t('parties.add.district')}
          </button>
        ) : null}
      </div>
    </>
  );
}

function GoalsEditor({ a, onSaved }: { a: AgreementDetail; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const options = useApi<{ goals: Array<{ id: number; title: string }> }>('agreements/goal-options');
  const [rows, setRows] = useState(a.goals.map((g) => ({ title: g.title, description: g.description ?? '', measuresGoalId: g.measuresGoalId })));
  const s = useSave();
  return (
    <Rows
      legend={(_, i) => t('goals.goal', { n: i + 1 })}
      rows={rows}
      setRows={setRows}
      blank={() => ({ title: '', description: '', measuresGoalId: null })}
      addLabel={t('goals.add')}
      {...s}
      onSave={() => s.run(() => api.put(`agreements/${a.id}/goals`, { goals: rows.map((r) => ({ ...r, description: r.description || null })) }), onSaved)}
      render={(r, set) => (
        <>
          <TextField label={t('goals.titleField')} value={r.title} onChange={(e) => set({ ...r, title: e.target.value })} />
          <TextAreaField label={t('goals.description')} value={r.description} onChange={(e) => set({ ...r, description: e.target.value })} />
          <SelectField label={t('goals.shared')} hint={options.data?.goals.length ? undefined : t('goals.noShared')} value={r.measuresGoalId ?? ''} onChange={(e) => set({ ...r, measuresGoalId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('goals.notLinked')}</option>
            {(options.data?.goals ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </SelectField>
        </>
      )}
    />
  );
}

function CommitmentsEditor({ a, onSaved }: { a: AgreementDetail; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const [rows, setRows] = useState(a.commitments.map((c) => ({ party: c.party, kind: c.kind as string, description: c.description, amount: String(c.amount), delivered: c.delivered === null ? '' : String(c.delivered) })));
  const s = useSave();
  const unit = (kind: string) => (kind === 'money' || kind === 'in_kind' ? t('commitments.dollars') : t('commitments.hoursUnit'));
  return (
    <Rows
      legend={(_, i) => t('commitments.commitment', { n: i + 1 })}
      rows={rows}
      setRows={setRows}
      blank={() => ({ party: a.parties[0]?.key ?? 'district', kind: 'money', description: '', amount: '', delivered: '' })}
      addLabel={t('commitments.add')}
      {...s}
      onSave={() => s.run(() => api.put(`agreements/${a.id}/commitments`, { commitments: rows.map((r) => ({ party: r.party, kind: r.kind, description: r.description, amount: Number(r.amount || 0), delivered: r.delivered === '' ? null : Number(r.delivered) })) }), onSaved)}
      render={(r, set) => (
        <>
          <SelectField label={t('parties.party')} value={r.party} onChange={(e) => set({ ...r, party: e.target.value })}>
            {a.parties.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('commitments.kind')} value={r.kind} onChange={(e) => set({ ...r, kind: e.target.value })}>
            {COMMITMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('commitments.description')} value={r.description} onChange={(e) => set({ ...r, description: e.target.value })} />
          <div className="row">
            <TextField label={`${t('commitments.amount')} (${unit(r.kind)})`} type="number" min={0} step="any" inputMode="decimal" value={r.amount} onChange={(e) => set({ ...r, amount: e.target.value })} />
            <TextField label={`${t('commitments.delivered')} (${unit(r.kind)})`} type="number" min={0} step="any" inputMode="decimal" value={r.delivered} onChange={(e) => set({ ...r, delivered: e.target.value })} />
          </div>
        </>
      )}
    />
  );
}

function SignatoriesEditor({ a, onSaved }: { a: AgreementDetail; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const [rows, setRows] = useState(a.signatories.map((s) => ({ party: s.party, name: s.name, title: s.title ?? '', email: s.email ?? '', signedOn: s.signedOn ?? '' })));
  const s = useSave();
  return (
    <Rows
      legend={(_, i) => t('signatories.signatory', { n: i + 1 })}
      rows={rows}
      setRows={setRows}
      blank={() => ({ party: a.parties[0]?.key ?? 'district', name: '', title: '', email: '', signedOn: '' })}
      addLabel={t('signatories.add')}
      {...s}
      onSave={() => s.run(() => api.put(`agreements/${a.id}/signatories`, { signatories: rows.map((r) => ({ ...r, title: r.title || null, email: r.email || null, signedOn: r.signedOn || null })) }), onSaved)}
      render={(r, set) => (
        <>
          <SelectField label={t('parties.party')} value={r.party} onChange={(e) => set({ ...r, party: e.target.value })}>
            {a.parties.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t('signatories.name')} value={r.name} onChange={(e) => set({ ...r, name: e.target.value })} />
          <TextField label={t('signatories.titleField')} value={r.title} onChange={(e) => set({ ...r, title: e.target.value })} />
          <TextField label={t('signatories.email')} type="email" value={r.email} onChange={(e) => set({ ...r, email: e.target.value })} />
          <TextField label={t('signatories.signedOn')} hint={t('signatories.signedHint')} type="date" value={r.signedOn} onChange={(e) => set({ ...r, signedOn: e.target.value })} />
        </>
      )}
    />
  );
}

export function NewAgreementPage() {
  const { t } = useTranslation('agreements');
  const navigate = useNavigate();
  return (
    <Page title={t('new')} subtitle={t('newSubtitle')}>
      <Section id="main" title={t('sections.main')}>
        <MainForm onSaved={(id) => navigate(`/agreements/${id}/edit`)} />
      </Section>
    </Page>
  );
}

export function AgreementEditPage() {
  const { t } = useTranslation('agreements');
  const { agreementId } = useParams();
  const { data: a, error, loading, reload } = useApi<AgreementDetail>(`agreements/${agreementId}`);
  if (loading && !a) return <Loading />;
  if (!a) return <Page title={t('edit')}>{error ? <ErrorAlert error={error} /> : null}</Page>;
  if (!a.can.edit) return <Page title={a.title}><Alert kind="info">{t('cannotEdit')}</Alert></Page>;
  const keys = a.parties.map((p) => p.key).join(',');
  return (
    <Page title={t('editTitle', { title: a.title })} actions={<Link className="button" to={`/agreements/${a.id}`}>{t('done')}</Link>}>
      <Section id="main" title={t('sections.main')}>
        <MainForm a={a} onSaved={reload} />
      </Section>
      <Section id="parties" title={t('parties.title')}>
        <PartiesEditor key={`p:${keys}`} a={a} onSaved={reload} />
      </Section>
      <Section id="goals" title={t('goals.title')}>
        <GoalsEditor a={a} onSaved={reload} />
      </Section>
      <Section id="commitments" title={t('commitments.title')}>
        <CommitmentsEditor key={`c:${keys}`} a={a} onSaved={reload} />
      </Section>
      <Section id="signatories" title={t('signatories.title')}>
        <SignatoriesEditor key={`s:${keys}`} a={a} onSaved={reload} />
      </Section>
    </Page>
  );
}
