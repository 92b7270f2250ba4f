/** Data-sharing terms: whether they are in force and why not, which students they name, consent records. */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { CONSENT_KEEPERS, DISTRICT_STAFF, Section, type SchoolOption } from '../partners/common.tsx';
import { NamedSelect, useSubmit } from '../partners/forms.tsx';
import { GRADES } from '../../../../server/districts/schema.ts';
import { TermsForm } from './TermsForm.tsx';
import type { AgreementDetail, Consent, Terms } from './types.ts';

function ListedStudents({ terms, onSaved }: { terms: Terms; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const listed = useApi<{ students: Array<{ id: number; studentNumber: string; name: string }> }>(`data-sharing/${terms.id}/students`);
  const [numbers, setNumbers] = useState<string | null>(null);
  const text = numbers ?? (listed.data?.students.map((s) => s.studentNumber).join('\n') ?? '');
  const f = useSubmit(
    () => api.put(`data-sharing/${terms.id}/students`, { studentNumbers: text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean) }),
    () => {
      setNumbers(null);
      listed.reload();
      onSaved();
    },
  );
  return (
    <form className="stack form-narrow" onSubmit={f.submit}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextAreaField label={t('terms.studentNumbers')} hint={t('terms.studentNumbersHint')} value={text} onChange={(e) => setNumbers(e.target.value)} rows={6} error={f.fieldError('studentNumbers')} />
      <button type="submit" disabled={f.busy}>
        {t('terms.saveStudents')}
      </button>
      {listed.data?.students.length ? <p className="muted">{listed.data.students.map((s) => s.name).join(', ')}</p> : null}
    </form>
  );
}

function ScopeEditor({ terms, onSaved }: { terms: Terms; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const schools = useApi<{ schools: SchoolOption[] }>('schools');
  const [rows, setRows] = useState(terms.scopes.map((s) => ({ schoolId: s.schoolId, grade: s.grade ?? '' })));
  const f = useSubmit(() => api.put(`data-sharing/${terms.id}/scope`, { scopes: rows.map((r) => ({ schoolId: r.schoolId, grade: r.grade || null })) }), onSaved);
  return (
    <form className="stack form-narrow" onSubmit={f.submit}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      {rows.map((r, i) => (
        <fieldset key={i} className="row-editor">
          <legend>{t('terms.scopeRow', { n: i + 1 })}</legend>
          <div className="row">
            <NamedSelect label={t('parties.school')} value={r.schoolId} options={schools.data?.schools ?? []} onChange={(id) => setRows(rows.map((x, k) => (k === i ? { ...x, schoolId: id ?? 0 } : x)))} />
            <SelectField label={t('terms.grade')} value={r.grade} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, grade: e.target.value } : x)))}>
              <option value="">{t('terms.allGrades')}</option>
              {GRADES.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </SelectField>
            <button type="button" className="button-quiet" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('remove')}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="row">
        <button type="button" onClick={() => setRows([...rows, { schoolId: schools.data?.schools[0]?.id ?? 0, grade: '' }])}>
          {t('terms.addScope')}
        </button>
        <button type="submit" className="button-primary" disabled={f.busy}>
          {t('terms.saveScope')}
        </button>
      </div>
    </form>
  );
}

function ConsentForm({ terms, onSaved }: { terms: Terms; onSaved: () => void }) {
  const { t } = useTranslation('agreements');
  const blank = { studentNumber: '', givenBy: 'parent', signerName: '', signedOn: '', recordsDescribed: terms.dataCategories.map((c) => t(`dataCategories.${c}`)).join(', '), purpose: terms.purpose, expiresOn: '' };
  const [v, setV] = useState(blank);
  const f = useSubmit(() => api.post(`data-sharing/${terms.id}/consents`, { ...v, expiresOn: v.expiresOn || null }), () => {
    setV(blank);
    onSaved();
  });
  return (
    <form className="stack form-narrow subform" onSubmit={f.submit} noValidate aria-label={t('consents.add')}>
      {f.error ? <ErrorAlert error={f.error} /> : null}
      <TextField label={t('consents.studentNumber')} required value={v.studentNumber} onChange={(e) => setV({ ...v, studentNumber: e.target.value })} error={f.fieldError('studentNumber') ?? f.fieldError('studentId')} />
      <SelectField label={t('consents.givenBy')} hint={t('consents.givenByHint')} value={v.givenBy} onChange={(e) => setV({ ...v, givenBy: e.target.value })} error={f.fieldError('givenBy')}>
        <option value="parent">{t('consents.parent')}</option>
        <option value="student">{t('consents.student')}</option>
      </SelectField>
      <TextField label={t('consents.signer')} required value={v.signerName} onChange={(e) => setV({ ...v, signerName: e.target.value })} error={f.fieldError('signerName')} />
      <TextField label={t('consents.signedOn')} type="date" required value={v.signedOn} onChange={(e) => setV({ ...v, signedOn: e.target.value })} error={f.fieldError('signedOn')} />
      <TextField label={t('consents.records')} required value={v.recordsDescribed} onChange={(e) => setV({ ...v, recordsDescribed: e.target.value })} error={f.fieldError('recordsDescribed')} />
      <TextField label={t('consents.purpose')} required value={v.purpose} onChange={(e) => setV({ ...v, purpose: e.target.value })} error={f.fieldError('purpose')} />
      <TextField label={t('consents.expiresOn')} type="date" value={v.expiresOn} onChange={(e) => setV({ ...v, expiresOn: e.target.value })} error={f.fieldError('expiresOn')} />
      <button type="submit" className="button-primary" disabled={f.busy}>
        {t('consents.save')}
      </button>
    </form>
  );
}

function Consents({ terms, onChanged }: { terms: Terms; onChanged: () => void }) {
  const { t } = useTranslation('agreements');
  const list = useApi<{ consents: Consent[] }>(`data-sharing/${terms.id}/consents`);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const changed = () => {
    list.reload();
    onChanged();
  };
  return (
    <div className="stack">
      {error ? <ErrorAlert error={error} /> : null}
      <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
        {t('consents.add')}
      </button>
      {adding ? <ConsentForm terms={terms} onSaved={changed} /> : null}
      <DataTable
        caption={t('consents.caption', { count: list.data?.consents.length ?? 0 })}
        rows={list.data?.consents ?? []}
        rowKey={(c) => c.id}
        empty={t('consents.none')}
        columns={[
          { key: 'student', header: t('consents.studentName'), render: (c) => c.studentName },
          { key: 'givenBy', header: t('consents.givenBy'), render: (c) => `${t(`consents.${c.givenBy}`)} · ${c.signerName}` },
          { key: 'signedOn', header: t('consents.signedOn'), render: (c) => formatDate(c.signedOn) },
          { key: 'expiresOn', header: t('consents.expiresOn'), render: (c) => (c.expiresOn ? formatDate(c.expiresOn) : '—') },
          { key: 'state', header: t('consents.state'), render: (c) => (c.revokedOn ? t('consents.revokedOn', { date: formatDate(c.revokedOn) }) : c.inForce ? t('consents.inForce') : t('consents.notInForce')) },
          {
            key: 'actions',
            header: t('common:actions'),
            render: (c) =>
              c.revokedOn ? null : (
                <ConfirmButton
                  label={t('consents.revoke')}
                  question={t('consents.revokeQuestion')}
                  confirmLabel={t('consents.revoke')}
                  onConfirm={async () => {
                    setError(null);
                    try {
                      await api.post(`consents/${c.id}/revoke`);
                      changed();
                    } catch (err) {
                      setError(err);
                    }
                  }}
                />
              ),
          },
        ]}
      />
    </div>
  );
}

export function TermsPage() {
  const { t } = useTranslation('agreements');
  const me = useMe();
  const navigate = useNavigate();
  const { agreementId, termsId } = useParams();
  const terms = useApi<Terms>(`data-sharing/${termsId}`);
  const agreement = useApi<AgreementDetail>(`agreements/${agreementId}`);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const x = terms.data;
  if (terms.loading && !x) return <Loading />;
  if (!x) return <Page title={t('terms.title')}>{terms.error ? <ErrorAlert error={terms.error} /> : null}</Page>;
  const staff = DISTRICT_STAFF.includes(me.role);
  const reload = () => terms.reload();
  return (
    <Page title={t('terms.pageTitle', { name: x.partnerName })} subtitle={<Link to={`/agreements/${x.agreementId}`}>{x.agreementTitle}</Link>}>
      {error ? <ErrorAlert error={error} /> : null}
      {x.inForce ? (
        <Alert kind="success" title={t('terms.inForce')}>
          {t('terms.visibleNow', { count: x.studentsVisible })}
        </Alert>
      ) : (
        <Alert kind="warning" title={t('terms.notInForce')}>
          <ul>
            {x.notInForceBecause.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>{t('terms.nothingVisible')}</p>
        </Alert>
      )}
      <Section id="terms" title={t('terms.details')} actions={staff ? <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>{t('common:edit')}</button> : null}>
        {editing && agreement.data ? (
          <TermsForm
            agreementId={x.agreementId}
            partners={agreement.data.parties.filter((p) => p.type === 'partner')}
            terms={x}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <dl className="facts">
            <dt>{t('terms.route')}</dt>
            <dd>{t(`ferpa.${x.ferpaRoute}`)}</dd>
            <dt>{t('terms.records')}</dt>
            <dd>{x.dataCategories.map((c) => t(`dataCategories.${c}`)).join(', ')}</dd>
            <dt>{t('terms.students')}</dt>
            <dd>
              {x.selection === 'list'
                ? t('terms.listed', { count: x.listedStudents })
                : x.scopes.map((s) => `${s.schoolName}${s.grade ? ` (${t('terms.grade')} ${s.grade})` : ` (${t('terms.allGrades')})`}`).join(', ') || '—'}
              {x.selection === 'scope' || x.ferpaRoute === 'consent' ? ` · ${t('terms.withConsent', { count: x.consents })}` : ''}
            </dd>
            <dt>{t('terms.purpose')}</dt>
            <dd>{x.purpose}</dd>
            <dt>{t('terms.destructionDate')}</dt>
            <dd>{formatDate(x.destructionDate)}</dd>
            {x.notes ? (
              <>
                <dt>{t('terms.notes')}</dt>
                <dd>{x.notes}</dd>
              </>
            ) : null}
          </dl>
        )}
        {staff ? (
          <ConfirmButton
            label={t('terms.remove')}
            question={t('terms.removeQuestion')}
            confirmLabel={t('terms.remove')}
            onConfirm={async () => {
              try {
                await api.delete(`data-sharing/${x.id}`);
                navigate(`/agreements/${x.agreementId}`);
              } catch (err) {
                setError(err);
              }
            }}
          />
        ) : null}
      </Section>
      {staff && x.selection === 'list' ? (
        <Section id="listed" title={t('terms.listTitle')}>
          <ListedStudents terms={x} onSaved={reload} />
        </Section>
      ) : null}
      {staff && x.selection === 'scope' ? (
        <Section id="scope" title={t('terms.scopeTitle')}>
          <ScopeEditor key={x.scopes.map((s) => `${s.schoolId}:${s.grade}`).join(',')} terms={x} onSaved={reload} />
        </Section>
      ) : null}
      {CONSENT_KEEPERS.includes(me.role) && (x.selection === 'scope' || x.ferpaRoute === 'consent') ? (
        <Section id="consents" title={t('consents.title')}>
          <Consents terms={x} onChanged={reload} />
        </Section>
      ) : null}
    </Page>
  );
}
