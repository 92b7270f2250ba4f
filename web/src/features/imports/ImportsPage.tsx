/**
 * The Imports page (district administrators and data managers): bring in Village CSV templates, a
 * OneRoster export or Ed-Fi interchanges — exactly what `village import` does — and follow it, then
 * the history of every import with what each took and refused.
 */
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ImportProgressBar, ImportsNav, n, StatusBadge, useImportProgress, useSummary } from './common.tsx';
import type { ImportList, ImportProgress, ImportSummary } from './types.ts';

type Source = 'csv' | 'oneroster' | 'edfi';
const ACCEPT: Record<Source, string> = { csv: '.csv,text/csv', oneroster: '.csv,.zip,text/csv,application/zip', edfi: '.xml,.zip,text/xml,application/xml,application/zip' };
const PAGE_SIZE = 20;

function NewImport({ templates, onStarted, running }: { templates: string[]; onStarted: (id: number) => void; running: boolean }) {
  const { t } = useTranslation('imports');
  const [source, setSource] = useState<Source>('csv');
  const [kind, setKind] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [replace, setReplace] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const form = new FormData();
    form.set('type', source);
    if (source === 'csv' && kind) form.set('kind', kind);
    form.set('skipBadRows', String(skipBadRows));
    form.set('replaceAttendance', String(source === 'csv' && replace));
    for (const f of files) form.append('files', f, f.name);
    setBusy(true);
    try {
      const r = await api.post<{ importId: number }>('imports', form);
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      onStarted(r.importId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const hint = source === 'csv' ? (kind ? t('filesHintOne') : t('filesHintCsv')) : source === 'oneroster' ? t('filesHintOneRoster') : t('filesHintEdfi');
  return (
    <section className="card" aria-labelledby="new-import">
      <h2 id="new-import">{t('newImport')}</h2>
      <form className="stack" onSubmit={submit} noValidate>
        {error ? <ErrorAlert error={error} /> : null}
        <fieldset className="imports-sources">
          <legend>{t('sourceLegend')}</legend>
          {(['csv', 'oneroster', 'edfi'] as const).map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name="source" value={s} checked={source === s} onChange={() => setSource(s)} />
              <span>
                {t(`source.${s}`)}
                <span className="checkbox-hint">{t(`sourceHint.${s}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {source === 'csv' ? (
          <SelectField label={t('template')} hint={t('templateHint')} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('templateByName')}</option>
            {templates.map((k) => (
              <option key={k} value={k}>
                {t(`templates.${k}`)} ({k}.csv)
              </option>
            ))}
          </SelectField>
        ) : null}
        <div className="field">
          <label htmlFor="import-files">
            {t('files')}
            <span className="required-mark" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <div className="field-hint" id="import-files-hint">
            {hint}
          </div>
          <input
            id="import-files"
            ref={fileInput}
            type="file"
            multiple={!(source === 'csv' && kind)}
            accept={ACCEPT[source]}
            aria-describedby="import-files-hint"
            required
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)} />
          <span>
            {t('skipBadRows')}
            <span className="checkbox-hint">{t('skipBadRowsHint')}</span>
          </span>
        </label>
        {source === 'csv' && (kind === '' || kind === 'attendance') ? (
          <label className="checkbox">
            <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
            <span>
              {t('replace')}
              <span className="checkbox-hint">{t('replaceHint')}</span>
            </span>
          </label>
        ) : null}
        <div>
          <button type="submit" className="button-primary" disabled={busy || running || files.length === 0}>
            {busy ? t('uploading') : t('start')}
          </button>
          {running ? <p className="field-hint">{t('oneAtATime')}</p> : null}
        </div>
      </form>
    </section>
  );
}

function Outcome({ progress, importId, run }: { progress: ImportProgress; importId: number; run: ImportSummary | undefined }) {
  const { t } = useTranslation('imports');
  const summary = useSummary();
  const kind = progress.status === 'done' ? 'success' : 'error';
  return (
    <Alert kind={kind} title={t(`outcome.${progress.status}`)}>
      <p>{run && run.status === progress.status ? summary(run) : progress.message}</p>
      <p>
        <Link to={`/imports/${importId}`}>{t('seeDetails')}</Link>
      </p>
    </Alert>
  );
}

export function ImportsPage() {
  const { t } = useTranslation('imports');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<ImportList>(`imports${qs({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`);
  const [started, setStarted] = useState<number | null>(null);
  const [ended, setEnded] = useState<ImportProgress | null>(null);
  // Follow the import this person started, or one already running when the page opened.
  const runningElsewhere = data?.imports.find((i) => i.status === 'running')?.id ?? null;
  const following = started ?? (ended ? null : runningElsewhere);
  const progress = useImportProgress(following, (p) => {
    setEnded(p);
    reload();
  });
  const live = progress && progress.status === 'running' && following !== null;

  const columns = [
    { key: 'startedAt', header: t('col.started'), render: (r: ImportSummary) => <Link to={`/imports/${r.id}`}>{formatDateTime(r.startedAt)}</Link>, value: (r: ImportSummary) => r.startedAt },
    { key: 'label', header: t('col.what'), render: (r: ImportSummary) => <span className="imports-label">{r.label}</span> },
    { key: 'actor', header: t('col.by') },
    { key: 'status', header: t('col.status'), render: (r: ImportSummary) => <StatusBadge status={r.status} />, value: (r: ImportSummary) => r.status },
    { key: 'rows', header: t('col.rows'), numeric: true, render: (r: ImportSummary) => n(r.rows) },
    { key: 'added', header: t('col.added'), numeric: true, render: (r: ImportSummary) => n(r.added) },
    { key: 'changed', header: t('col.changed'), numeric: true, render: (r: ImportSummary) => n(r.changed) },
    { key: 'removed', header: t('col.removed'), numeric: true, render: (r: ImportSummary) => n(r.removed) },
    { key: 'skipped', header: t('col.skipped'), numeric: true, render: (r: ImportSummary) => n(r.skipped) },
    { key: 'errors', header: t('col.errors'), numeric: true, render: (r: ImportSummary) => n(r.errors) },
    { key: 'warnings', header: t('col.warnings'), numeric: true, render: (r: ImportSummary) => n(r.warnings) },
  ];

  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <ImportsNav />
      {error ? <ErrorAlert error={error} /> : null}
      <NewImport
        templates={data?.templates.map((x) => x.kind) ?? []}
        running={!!live}
        onStarted={(id) => {
          setEnded(null);
          setStarted(id);
          reload();
        }}
      />
      <div aria-live="polite">
        {live ? (
          <section className="card" aria-labelledby="running-import">
            <h2 id="running-import">{t('running', { id: following })}</h2>
            <ImportProgressBar progress={progress} />
          </section>
        ) : null}
        {ended && started !== null && ended.id === started ? <Outcome progress={ended} importId={started} run={data?.imports.find((i) => i.id === started)} /> : null}
      </div>
      <section aria-labelledby="history">
        <h2 id="history">{t('history')}</h2>
        {loading && !data ? <Loading /> : null}
        {data ? <DataTable caption={t('historyCaption')} columns={columns} rows={data.imports} rowKey={(r) => r.id} empty={t('noImports')} csvName="imports" /> : null}
        {data ? <Pager page={page} pageSize={PAGE_SIZE} total={data.total} onPage={setPage} label={t('historyPages')} /> : null}
      </section>
      {data ? (
        <section className="card" aria-labelledby="templates">
          <h2 id="templates">{t('templatesTitle')}</h2>
          <p>{t('templatesIntro')}</p>
          <dl className="imports-templates">
            {data.templates.map((tpl) => (
              <div key={tpl.kind}>
                <dt>
                  <code>{tpl.kind}.csv</code> — {t(`templates.${tpl.kind}`)}
                </dt>
                <dd>
                  {tpl.columns.map((c, i) => (
                    <span key={c.name}>
                      {i ? ', ' : ''}
                      <code>{c.name}</code>
                      {c.required ? <span className="imports-required"> ({t('requiredColumn')})</span> : null}
                    </span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </Page>
  );
}
