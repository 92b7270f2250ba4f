/** The Ed-Fi mappings page: map the district's descriptor values onto Village's codes. */
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useApi } from '../../ui/useApi.ts';

interface Mappings {
  categories: Array<{ descriptor: string; codes: string[] }>;
  mappings: Array<{ id: number; descriptor: string; codeValue: string; namespace: string; code: string; updatedAt: string }>;
  defaults: Array<{ descriptor: string; codeValue: string; code: string }>;
  unmapped: Array<{ descriptor: string; codeValue: string; namespace: string; written: string; occurrences: number; lastFile: string | null; lastLine: number | null }>;
}

function useCodeLabel() {
  const { t } = useTranslation('edfi');
  return (code: string) => {
    if (/^(PK|TK|KG|\d\d)$/.test(code)) return t(`students:codes.grade.${code}`, { defaultValue: code });
    return t(`codes.${code}`, { defaultValue: code });
  };
}

/** A Village code for one category: a choice of its codes, or an ISO 639 code for languages. */
function CodeInput({ category, codes, value, onChange, label }: { category: string; codes: string[]; value: string; onChange: (v: string) => void; label: string }) {
  const { t } = useTranslation('edfi');
  const codeLabel = useCodeLabel();
  if (category === 'Language') {
    return <TextField label={label} hint={t('languageHint')} value={value} onChange={(e) => onChange(e.target.value.trim().toLowerCase())} pattern="[a-z]{2,3}" maxLength={3} required />;
  }
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="">{t('choose')}</option>
      {codes.map((c) => (
        <option key={c} value={c}>
          {codeLabel(c)}
        </option>
      ))}
    </SelectField>
  );
}

function MapUnmapped({ row, codes, onSaved }: { row: Mappings['unmapped'][number]; codes: string[]; onSaved: (message: string) => void }) {
  const { t } = useTranslation('edfi');
  const codeLabel = useCodeLabel();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.put('edfi/mappings', { descriptor: row.descriptor, codeValue: row.codeValue, code });
      onSaved(t('saved', { value: row.codeValue, code: codeLabel(code) }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="row edfi-inline" onSubmit={save}>
      <CodeInput category={row.descriptor} codes={codes} value={code} onChange={setCode} label={t('codeFor', { value: row.codeValue })} />
      <button type="submit" disabled={!code}>
        {t('map')}
      </button>
      {error ? <ErrorAlert error={error} /> : null}
    </form>
  );
}

function AddMapping({ data, onSaved }: { data: Mappings; onSaved: (message: string) => void }) {
  const { t } = useTranslation('edfi');
  const codeLabel = useCodeLabel();
  const [descriptor, setDescriptor] = useState(data.categories[0]?.descriptor ?? '');
  const [codeValue, setCodeValue] = useState('');
  const [namespace, setNamespace] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const codes = data.categories.find((c) => c.descriptor === descriptor)?.codes ?? [];
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldMessage(name) : undefined);
  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api.put<{ codeValue: string }>('edfi/mappings', { descriptor, codeValue, namespace: namespace || undefined, code });
      setCodeValue('');
      setNamespace('');
      setCode('');
      onSaved(t('saved', { value: saved.codeValue, code: codeLabel(code) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title">{t('addTitle')}</h2>
      <form className="stack" onSubmit={save} noValidate>
        {error ? <ErrorAlert error={error} /> : null}
        <SelectField
          label={t('descriptor')}
          value={descriptor}
          onChange={(e) => {
            setDescriptor(e.target.value);
            setCode('');
          }}
          required
        >
          {data.categories.map((c) => (
            <option key={c.descriptor} value={c.descriptor}>
              {t(`categories.${c.descriptor}`, { defaultValue: c.descriptor })}
            </option>
          ))}
        </SelectField>
        <TextField label={t('value')} hint={t('valueHint')} value={codeValue} onChange={(e) => setCodeValue(e.target.value)} required error={fieldError('codeValue')} />
        <TextField label={t('namespace')} hint={<Trans t={t} i18nKey="namespaceHint" components={{ code: <code className="edfi-uri" /> }} />} value={namespace} onChange={(e) => setNamespace(e.target.value)} error={fieldError('namespace')} />
        <CodeInput category={descriptor} codes={codes} value={code} onChange={setCode} label={t('code')} />
        <button type="submit" className="button-primary" disabled={busy || !codeValue.trim() || !code}>
          {t('save')}
        </button>
      </form>
    </section>
  );
}

function Defaults({ data }: { data: Mappings }) {
  const { t } = useTranslation('edfi');
  const codeLabel = useCodeLabel();
  const [descriptor, setDescriptor] = useState('AttendanceEventCategory');
  const rows = data.defaults.filter((d) => d.descriptor === descriptor);
  const name = t(`categories.${descriptor}`, { defaultValue: descriptor });
  return (
    <section className="card" aria-labelledby="defaults-title">
      <h2 id="defaults-title">{t('defaultsTitle')}</h2>
      <p>{t('defaultsIntro')}</p>
      <SelectField label={t('descriptor')} value={descriptor} onChange={(e) => setDescriptor(e.target.value)}>
        {data.categories.map((c) => (
          <option key={c.descriptor} value={c.descriptor}>
            {t(`categories.${c.descriptor}`, { defaultValue: c.descriptor })}
          </option>
        ))}
      </SelectField>
      {descriptor === 'Language' ? <p className="field-hint">{t('languagesByName')}</p> : null}
      <DataTable
        caption={t('defaultsCaption', { descriptor: name })}
        rows={rows}
        rowKey={(r) => r.codeValue}
        columns={[
          { key: 'codeValue', header: t('valueColumn') },
          { key: 'code', header: t('code'), render: (r) => codeLabel(r.code) },
        ]}
      />
    </section>
  );
}

export function EdfiMappingsPage() {
  const { t } = useTranslation('edfi');
  const codeLabel = useCodeLabel();
  const { data, error, loading, reload } = useApi<Mappings>('edfi/mappings');
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const saved = (m: string) => {
    setMessage(m);
    setActionError(null);
    reload();
  };
  async function remove(id: number, value: string) {
    setActionError(null);
    try {
      await api.delete(`edfi/mappings/${id}`);
      saved(t('removed', { value }));
    } catch (err) {
      setActionError(err);
    }
  }
  const categoryName = (d: string) => t(`categories.${d}`, { defaultValue: d });
  const codesOf = (d: string) => data?.categories.find((c) => c.descriptor === d)?.codes ?? [];
  return (
    <Page title={t('title')} subtitle={<Trans t={t} i18nKey="subtitle" components={{ code: <code className="edfi-uri" /> }} />}>
      {message ? <Alert kind="success">{message}</Alert> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {actionError ? <ErrorAlert error={actionError} /> : null}
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="unmapped-title">
            <h2 id="unmapped-title">{t('unmappedTitle')}</h2>
            {data.unmapped.length === 0 ? (
              <p>{t('unmappedNone')}</p>
            ) : (
              <>
                <p>{t('unmappedIntro')}</p>
                <DataTable
                  caption={t('unmappedCaption')}
                  rows={data.unmapped}
                  rowKey={(r) => `${r.descriptor}|${r.namespace}|${r.codeValue}`}
                  columns={[
                    { key: 'codeValue', header: t('valueColumn'), render: (r) => <span title={r.written}>{r.codeValue}</span>, value: (r) => r.written },
                    { key: 'descriptor', header: t('descriptor'), render: (r) => categoryName(r.descriptor) },
                    { key: 'occurrences', header: t('seen'), numeric: true },
                    { key: 'lastFile', header: t('lastSeen'), render: (r) => (r.lastFile ? `${r.lastFile}:${r.lastLine ?? ''}` : '—') },
                    { key: 'map', header: t('map'), render: (r) => <MapUnmapped row={r} codes={codesOf(r.descriptor)} onSaved={saved} />, value: () => '' },
                  ]}
                />
              </>
            )}
          </section>
          <AddMapping data={data} onSaved={saved} />
          <section className="card" aria-labelledby="own-title">
            <h2 id="own-title">{t('ownTitle')}</h2>
            <DataTable
              caption={t('ownCaption')}
              rows={data.mappings}
              rowKey={(r) => r.id}
              empty={t('ownNone')}
              columns={[
                { key: 'codeValue', header: t('valueColumn') },
                { key: 'descriptor', header: t('descriptor'), render: (r) => categoryName(r.descriptor) },
                { key: 'namespace', header: t('namespace'), render: (r) => r.namespace || t('allNamespaces') },
                { key: 'code', header: t('code'), render: (r) => codeLabel(r.code) },
                { key: 'updatedAt', header: t('updated'), render: (r) => r.updatedAt.slice(0, 10) },
                {
                  key: 'remove',
                  header: t('remove'),
                  render: (r) => (
                    <button type="button" className="button-danger" aria-label={t('removeLabel', { value: r.codeValue })} onClick={() => void remove(r.id, r.codeValue)}>
                      {t('remove')}
                    </button>
                  ),
                  value: () => '',
                },
              ]}
            />
          </section>
          <Defaults data={data} />
        </>
      ) : null}
    </Page>
  );
}
