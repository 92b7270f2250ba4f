/** One import: who, when, what each file gave (added, changed, removed, skipped) and every error and warning. */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { Page } from '../../ui/Page.tsx';
import { Alert, ErrorAlert } from '../../ui/Alert.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { DataTable } from '../../ui/DataTable.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { useApi } from '../../ui/useApi.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ImportProgressBar, ImportsNav, n, StatusBadge, useFileKind, useImportProgress, useSummary } from './common.tsx';
import type { ImportDetail, ImportIssue } from './types.ts';

const ISSUES_PAGE = 100;

export function ImportPage() {
  const { t } = useTranslation('imports');
  const { importId } = useParams();
  const [severity, setSeverity] = useState<'' | 'error' | 'warning'>('');
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useApi<ImportDetail>(`imports/${importId}${qs({ issues: ISSUES_PAGE, offset: (page - 1) * ISSUES_PAGE, severity })}`);
  const progress = useImportProgress(data?.status === 'running' ? data.id : null, () => reload());
  const summary = useSummary();
  const fileKind = useFileKind();

  if (error) {
    return (
      <Page title={t('detailTitle', { id: importId })}>
        <ErrorAlert error={error} />
        <Link to="/imports">{t('backToImports')}</Link>
      </Page>
    );
  }
  if (!data) return loading ? <Loading /> : null;
  type File = ImportDetail['files'][number];
  const fileColumns = [
    { key: 'name', header: t('col.file') },
    { key: 'kind', header: t('col.kind'), render: (f: File) => fileKind(f.kind), value: (f: File) => f.kind },
    { key: 'rows', header: t('col.rows'), numeric: true, render: (f: File) => n(f.rows) },
    { key: 'added', header: t('col.added'), numeric: true, render: (f: File) => n(f.added) },
    { key: 'changed', header: t('col.changed'), numeric: true, render: (f: File) => n(f.changed) },
    { key: 'removed', header: t('col.removed'), numeric: true, render: (f: File) => n(f.removed) },
    { key: 'skipped', header: t('col.skipped'), numeric: true, render: (f: File) => n(f.skipped) },
    { key: 'unchanged', header: t('col.unchanged'), numeric: true, render: (f: File) => n(f.unchanged) },
    { key: 'errors', header: t('col.errors'), numeric: true, render: (f: File) => n(f.errors) },
    { key: 'warnings', header: t('col.warnings'), numeric: true, render: (f: File) => n(f.warnings) },
  ];
  const issueColumns = [
    { key: 'severity', header: t('col.severity'), render: (i: ImportIssue) => <span className={i.severity === 'error' ? 'badge badge-bad' : 'badge badge-warn'}>{t(`severity.${i.severity}`)}</span>, value: (i: ImportIssue) => i.severity },
    { key: 'file', header: t('col.file') },
    { key: 'line', header: t('col.line'), numeric: true, render: (i: ImportIssue) => (i.line > 0 ? n(i.line) : '—'), value: (i: ImportIssue) => i.line },
    { key: 'column', header: t('col.column'), render: (i: ImportIssue) => (i.column ? <code>{i.column}</code> : '—') },
    { key: 'reason', header: t('col.reason'), render: (i: ImportIssue) => <span className="imports-reason">{i.reason}</span>, value: (i: ImportIssue) => i.reason },
  ];
  const outcome = data.status === 'done' ? 'success' : data.status === 'running' ? 'info' : 'error';
  return (
    <Page title={t('detailTitle', { id: data.id })} subtitle={data.label}>
      <ImportsNav />
      <p>
        <Link to="/imports">{t('backToImports')}</Link>
      </p>
      {data.status === 'running' ? (
        <section className="card" aria-live="polite">
          <ImportProgressBar progress={progress} />
        </section>
      ) : (
        <Alert kind={outcome} title={t(`outcome.${data.status}`)}>
          <p>{summary(data)}</p>
        </Alert>
      )}
      <section className="card" aria-labelledby="about">
        <h2 id="about">{t('about')}</h2>
        <dl className="facts">
          <dt>{t('col.status')}</dt>
          <dd>
            <StatusBadge status={data.status} />
          </dd>
          <dt>{t('col.by')}</dt>
          <dd>
            {data.actor} ({t(`via.${data.via}`, { defaultValue: data.via })})
          </dd>
          <dt>{t('col.started')}</dt>
          <dd>{formatDateTime(data.startedAt)}</dd>
          <dt>{t('finished')}</dt>
          <dd>
            {formatDateTime(data.finishedAt)}
            {data.seconds !== null ? ` (${t('seconds', { s: data.seconds.toFixed(1) })})` : ''}
          </dd>
          <dt>{t('options')}</dt>
          <dd>{[data.options.skipBadRows ? t('skipBadRows') : null, data.options.replaceAttendance ? t('replace') : null].filter(Boolean).join('; ') || t('noOptions')}</dd>
          <dt>{t('changedKinds')}</dt>
          <dd>{data.kinds.length ? data.kinds.map((k) => t(`kinds.${k}`, { defaultValue: k })).join(', ') : t('nothing')}</dd>
        </dl>
      </section>
      <section aria-labelledby="files">
        <h2 id="files">{t('filesTitle')}</h2>
        <DataTable caption={t('filesCaption')} columns={fileColumns} rows={data.files} rowKey={(f) => f.name} empty={t('noFiles')} csvName={`import-${data.id}-files`} />
      </section>
      <section aria-labelledby="issues">
        <h2 id="issues">{t('issuesTitle')}</h2>
        <div className="row">
          <SelectField
            label={t('show')}
            value={severity}
            onChange={(e) => {
              setSeverity(e.target.value as typeof severity);
              setPage(1);
            }}
          >
            <option value="">{t('allIssues')}</option>
            <option value="error">{t('errorsOnly')}</option>
            <option value="warning">{t('warningsOnly')}</option>
          </SelectField>
        </div>
        {data.errors + data.warnings > data.issueCount && !severity ? <p className="field-hint">{t('issuesKept', { kept: n(data.issueCount), all: n(data.errors + data.warnings) })}</p> : null}
        <DataTable caption={t('issuesCaption')} columns={issueColumns} rows={data.issues} rowKey={(i) => `${i.file}:${i.line}:${i.column}:${i.reason}`} empty={t('noIssues')} csvName={`import-${data.id}-issues`} />
        <Pager page={page} pageSize={ISSUES_PAGE} total={data.issueCount} onPage={setPage} label={t('issuesPages')} />
      </section>
    </Page>
  );
}
