/** One agreement: status and its next steps, parties and responsibilities, goals, commitments, signatories, documents, data sharing. */
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import { Page } from '../../ui/Page.tsx';
import { Loading, Progress } from '../../ui/Loading.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ConfirmButton } from '../../ui/Confirm.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { useApi } from '../../ui/useApi.ts';
import { COMMITMENT_KINDS, DOCUMENT_TYPES, Section, StatusBadge, useAmount } from '../partners/common.tsx';
import { TermsForm } from './TermsForm.tsx';
import type { AgreementDetail } from './types.ts';

function StatusActions({ a, onDone }: { a: AgreementDetail; onDone: () => void }) {
  const { t } = useTranslation('agreements');
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [endDate, setEndDate] = useState('');
  const [reason, setReason] = useState('');
  const act = async (body: Record<string, unknown>) => {
    setError(null);
    try {
      await api.post(`agreements/${a.id}/status`, body);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  if (!a.can.changeStatus) return null;
  return (
    <Section id="next-steps" title={t('actions.title')}>
      {error ? <ErrorAlert error={error} /> : null}
      {a.status === 'draft' ? (
        <div className="stack">
          {a.activationProblems.length ? (
            <Alert kind="info" title={t('actions.beforeActive')}>
              <ul>
                {a.activationProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
          <div className="row">
            <button type="button" className="button-primary" disabled={a.activationProblems.length > 0} onClick={() => act({ action: 'activate' })}>
              {t('actions.activate')}
            </button>
            <Link className="button" to={`/agreements/${a.id}/edit`}>
              {t('actions.edit')}
            </Link>
            {a.can.delete ? (
              <ConfirmButton
                label={t('actions.deleteDraft')}
                question={t('actions.deleteQuestion')}
                confirmLabel={t('actions.deleteDraft')}
                onConfirm={async () => {
                  try {
                    await api.delete(`agreements/${a.id}`);
                    navigate('/agreements');
                  } catch (err) {
                    setError(err);
                  }
                }}
              />
            ) : null}
          </div>
        </div>
      ) : null}
      {a.status === 'active' || a.status === 'renewal_due' ? (
        <div className="stack">
          <div className="row">
            <Link className="button" to={`/agreements/${a.id}/edit`}>
              {t('actions.edit')}
            </Link>
            {a.status === 'active' ? (
              <button type="button" onClick={() => act({ action: 'mark_renewal_due' })}>
                {t('actions.markRenewal')}
              </button>
            ) : null}
          </div>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void act({ action: 'renew', endDate });
            }}
          >
            <TextField label={t('actions.newEndDate')} type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} required />
            <button type="submit" disabled={!endDate}>
              {t('actions.renew')}
            </button>
          </form>
          <div className="row">
            <TextField label={t('actions.endReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
            <ConfirmButton label={t('actions.end')} question={t('actions.endQuestion')} confirmLabel={t('actions.end')} onConfirm={() => act({ action: 'end', reason })} />
          </div>
        </div>
      ) : null}
    </Section>
  );
}

/** Uploads with a progress bar (an XMLHttpRequest reports upload progress; fetch does not). */
function UploadForm({ agreementId, csrfToken, onDone }: { agreementId: number; csrfToken: string | null; onDone: () => void }) {
  const { t } = useTranslation('agreements');
  const [docType, setDocType] = useState<string>('agreement');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return setError(t('documents.chooseFile'));
    setError(null);
    const form = new FormData();
    form.append('docType', docType);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/agreements/${agreementId}/documents`);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(Math.round((100 * ev.loaded) / ev.total));
    xhr.onload = () => {
      setProgress(null);
      if (xhr.status >= 200 && xhr.status < 300) {
        if (fileRef.current) fileRef.current.value = '';
        onDone();
      } else {
        try {
          setError(JSON.parse(xhr.responseText).message);
        } catch {
          setError(xhr.statusText);
        }
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError(t('common:networkError'));
    };
    setProgress(0);
    xhr.send(form);
  }
  return (
    <form className="stack form-narrow" onSubmit={submit} aria-label={t('documents.upload')}>
      {error ? (
        <Alert kind="error" title={t('common:errorTitle')}>
          {error}
        </Alert>
      ) : null}
      <SelectField label={t('documents.type')} value={docType} onChange={(e) => setDocType(e.target.value)}>
        {DOCUMENT_TYPES.map((d) => (
          <option key={d} value={d}>
            {t(`documents.types.${d}`)}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <label htmlFor="agreement-file">{t('documents.file')}</label>
        <div className="field-hint" id="agreement-file-hint">
          {t('documents.hint')}
        </div>
        <input id="agreement-file" ref={fileRef} type="file" accept=".pdf,.docx,.odt,.xlsx,.ods,.png,.jpg,.jpeg" aria-describedby="agreement-file-hint" />
      </div>
      {progress !== null ? <Progress value={progress} max={100} label={t('documents.uploading')} /> : null}
      <button type="submit" disabled={progress !== null}>
        {t('documents.upload')}
      </button>
    </form>
  );
}

export function AgreementPage() {
  const { t } = useTranslation('agreements');
  const me = useMe();
  const amount = useAmount();
  const { agreementId } = useParams();
  const { data: a, error, loading, reload } = useApi<AgreementDetail>(`agreements/${agreementId}`);
  const [addingTerms, setAddingTerms] = useState(false);
  const navigate = useNavigate();
  if (loading && !a) return <Loading />;
  if (!a) return <Page title={t('title')}>{error ? <ErrorAlert error={error} /> : null}</Page>;
  const partnerParties = a.parties.filter((p) => p.type === 'partner' && !a.dataSharing.some((d) => d.partnerId === p.partnerId));
  return (
    <Page title={a.title} subtitle={<><StatusBadge status={a.status} /> {t('termLine', { start: formatDate(a.startDate), end: formatDate(a.endDate) })}</>}>
      {error ? <ErrorAlert error={error} /> : null}
      {a.reminder ? <Alert kind="warning">{a.reminder.daysLeft >= 0 ? t('reminders.ends', { count: a.reminder.daysLeft, date: formatDate(a.endDate) }) : t('reminders.ended')}</Alert> : null}
      {a.status === 'ended' ? <Alert kind="info">{t('endedOn', { date: formatDate(a.endedOn), reason: a.endedReason ?? '' })}</Alert> : null}
      <Section id="purpose" title={t('fields.purpose')}>
        <p>{a.purpose || '—'}</p>
        <p>
          <Link to={`/agreements/${a.id}/health`}>{t('health.link')}</Link>
        </p>
      </Section>
      <StatusActions a={a} onDone={reload} />
      <Section id="parties" title={t('parties.title')}>
        <ul className="plain-list">
          {a.parties.map((p) => (
            <li key={p.id}>
              <h3>
                {p.type === 'partner' && p.partnerId ? <Link to={`/partners/${p.partnerId}`}>{p.name}</Link> : p.name} <span className="muted">({t(`parties.types.${p.type}`)})</span>
              </h3>
              {p.responsibilities.length ? (
                <ul>
                  {p.responsibilities.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t('parties.noResponsibilities')}</p>
              )}
            </li>
          ))}
        </ul>
      </Section>
      <Section id="goals" title={t('goals.title')}>
        {a.goals.length === 0 ? <p>{t('goals.none')}</p> : null}
        <ul>
          {a.goals.map((g) => (
            <li key={g.id}>
              {g.title}
              {g.measuresGoalTitle ? <span className="muted"> · {t('goals.linked', { title: g.measuresGoalTitle })}</span> : null}
              {g.description ? <p className="muted">{g.description}</p> : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section id="commitments" title={t('commitments.title')}>
        <dl className="totals">
          {COMMITMENT_KINDS.map((k) => (
            <div key={k}>
              <dt>{t(`kinds.${k}`)}</dt>
              <dd>
                {amount(a.totals[k].committed, k === 'money' || k === 'in_kind' ? 'usd' : 'hours')}
                <span className="muted"> · {t('commitments.deliveredShort', { amount: amount(a.totals[k].delivered, k === 'money' || k === 'in_kind' ? 'usd' : 'hours') })}</span>
              </dd>
            </div>
          ))}
        </dl>
        <DataTable
          caption={t('commitments.caption')}
          rows={a.commitments}
          rowKey={(c) => c.id}
          empty={t('commitments.none')}
          csvName="commitments"
          columns={[
            { key: 'party', header: t('parties.party'), render: (c) => c.partyName },
            { key: 'kind', header: t('commitments.kind'), render: (c) => t(`kinds.${c.kind}`), value: (c) => c.kind },
            { key: 'description', header: t('commitments.description'), render: (c) => c.description || '—' },
            { key: 'amount', header: t('commitments.amount'), numeric: true, render: (c) => amount(c.amount, c.unit), value: (c) => c.amount },
            { key: 'delivered', header: t('commitments.delivered'), numeric: true, render: (c) => amount(c.delivered, c.unit), value: (c) => c.delivered },
          ]}
        />
      </Section>
      <Section id="signatories" title={t('signatories.title')}>
        <DataTable
          caption={t('signatories.caption')}
          rows={a.signatories}
          rowKey={(s) => s.id}
          empty={t('signatories.none')}
          columns={[
            { key: 'name', header: t('signatories.name'), render: (s) => `${s.name}${s.title ? `, ${s.title}` : ''}` },
            { key: 'party', header: t('parties.party'), render: (s) => s.partyName },
            { key: 'signedOn', header: t('signatories.signedOn'), render: (s) => (s.signedOn ? formatDate(s.signedOn) : t('signatories.notSigned')) },
          ]}
        />
      </Section>
      <Section id="documents" title={t('documents.title')}>
        {a.documents.length === 0 ? <p>{t('documents.none')}</p> : null}
        <ul className="plain-list">
          {a.documents.map((d) => (
            <li key={d.id} className="editable">
              <span>
                <a href={`/api/v1/agreements/${a.id}/documents/${d.id}`} download={d.originalName}>
                  {d.originalName}
                </a>{' '}
                <span className="muted">
                  · {t(`documents.types.${d.docType}`)} · {Math.max(1, Math.round(d.sizeBytes / 1024))} KB · {formatDateTime(d.uploadedAt)}
                </span>
              </span>
              {a.can.edit ? <ConfirmButton label={t('documents.remove')} question={t('documents.removeQuestion', { name: d.originalName })} confirmLabel={t('documents.remove')} onConfirm={async () => void (await api.delete(`agreements/${a.id}/documents/${d.id}`), reload())} /> : null}
            </li>
          ))}
        </ul>
        {a.can.edit ? <UploadForm agreementId={a.id} csrfToken={me.csrfToken} onDone={reload} /> : null}
      </Section>
      <Section
        id="data-sharing"
        title={t('terms.title')}
        actions={a.can.manageDataSharing && partnerParties.length ? <button type="button" aria-expanded={addingTerms} onClick={() => setAddingTerms(!addingTerms)}>{t('terms.add')}</button> : null}
      >
        <p className="muted">{t('terms.explain')}</p>
        {addingTerms ? <TermsForm agreementId={a.id} partners={partnerParties} onSaved={(id) => navigate(`/agreements/${a.id}/data-sharing/${id}`)} onCancel={() => setAddingTerms(false)} /> : null}
        {a.dataSharing.length === 0 ? <p>{t('terms.none')}</p> : null}
        <ul className="plain-list">
          {a.dataSharing.map((d) => (
            <li key={d.id}>
              <Link to={`/agreements/${a.id}/data-sharing/${d.id}`}>{t('terms.for', { name: d.partnerName })}</Link> · {t(`ferpa.${d.ferpaRoute}`)} ·{' '}
              {d.inForce ? <span className="badge badge-ok">{t('terms.inForce')}</span> : <span className="badge badge-muted">{t('terms.notInForce')}</span>}
              {d.destructionDate ? <span className="muted"> · {t('terms.destroyBy', { date: formatDate(d.destructionDate) })}</span> : null}
            </li>
          ))}
        </ul>
      </Section>
    </Page>
  );
}
