import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { SubNav } from '../../ui/SubNav.tsx';
import { Progress } from '../../ui/Loading.tsx';
import type { ImportProgress, ImportStatus, ImportSummary } from './types.ts';

export function ImportsNav() {
  const { t } = useTranslation('imports');
  return (
    <SubNav
      label={t('sections')}
      items={[
        { to: '/imports', label: t('navLabel') },
        { to: '/imports/edfi-mappings', label: t('edfiMappings') },
      ]}
    />
  );
}

export function StatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation('imports');
  const kind = status === 'done' ? 'badge-ok' : status === 'running' ? 'badge-warn' : 'badge-bad';
  return <span className={`badge ${kind}`}>{t(`status.${status}`)}</span>;
}

export const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString());

/** Follows a running import: asks for its progress every second until it ends. */
export function useImportProgress(importId: number | null, onEnd: (p: ImportProgress) => void): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    if (importId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const p = await api.get<ImportProgress>(`imports/${importId}/progress`);
        if (stopped) return;
        setProgress(p);
        if (p.status !== 'running') {
          onEnd(p);
          return;
        }
      } catch {
        /* a missed beat: ask again */
      }
      if (!stopped) timer = setTimeout(tick, 1000);
    };
    setProgress(null);
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [importId]); // eslint-disable-line react-hooks/exhaustive-deps
  return progress;
}

/** The progress bar of a running import, with what it is doing in words. */
export function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const { t } = useTranslation('imports');
  if (!progress) return <Progress label={t('phase.queued')} />;
  const reading = progress.phase === 'reading' && progress.totalBytes > 0;
  const label =
    progress.phase === 'reading'
      ? t('progressReading', { file: progress.file ?? '', rows: n(progress.records), rate: n(progress.rowsPerSecond) })
      : t(`phase.${progress.phase}`, { rows: n(progress.records) });
  return <Progress label={label} value={reading ? progress.bytesRead : undefined} max={reading ? progress.totalBytes : undefined} />;
}

/** What an import did, in the reader's language (the server's message is kept for the command line). */
export function useSummary() {
  const { t } = useTranslation('imports');
  return (r: Pick<ImportSummary, 'status' | 'rows' | 'added' | 'changed' | 'removed' | 'skipped' | 'unchanged' | 'errors' | 'message'>) => {
    const v = { count: r.rows, rows: n(r.rows), added: n(r.added), changed: n(r.changed), removed: n(r.removed), skipped: n(r.skipped), unchanged: n(r.unchanged), errors: n(r.errors) };
    if (r.status === 'running') return t('summaryRunning');
    if (r.status === 'failed') return t('summaryFailed', { message: r.message ?? '' });
    if (r.status === 'refused') return t('summaryRefused', { ...v, count: r.errors });
    if (r.added + r.changed + r.removed === 0) return t('summaryNothing', v);
    return t('summaryDone', v);
  };
}

/** "csv:attendance" → "Village CSV: Daily attendance". */
export function useFileKind() {
  const { t } = useTranslation('imports');
  return (kind: string) => {
    const [source, what] = kind.split(':');
    if (source === 'csv') return t('fileKind.csv', { what: t(`templates.${what}`, { defaultValue: what }) });
    if (source === 'oneroster' || source === 'edfi') return t(`fileKind.${source}`, { what });
    return kind;
  };
}
