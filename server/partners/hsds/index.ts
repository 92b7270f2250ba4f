/**
 * Open Referral HSDS import and export for the partner directory: read (CSV folder, datapackage,
 * JSON, 1.x layouts) → check (nothing is written when anything is wrong) → store in one
 * transaction; and the district's directory written back as HSDS 3.0 CSV or JSON.
 */
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../auth/actor.ts';
import { recordAudit } from '../../audit/record.ts';
import { readHsds } from './read.ts';
import { validateDataset } from './validate.ts';
import { storeDataset, storedHsdsIds, type StoreSummary } from './store.ts';
import { buildHsdsTables, writeHsdsCsv, writeHsdsJson, type WrittenFile } from './write.ts';
import { describeProblem, type Problem } from './resources.ts';

export { HsdsInputError } from './read.ts';

/** The files were refused: every problem, one line each; nothing was written. */
export class HsdsRefusedError extends Error {
  constructor(public readonly problems: string[]) {
    super(`the HSDS data was refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written`);
    this.name = 'HsdsRefusedError';
  }
}

export interface HsdsImportResult {
  summary: StoreSummary;
  records: number;
  warnings: string[];
}

export async function importHsds(db: Db, actor: Actor, input: string, onProgress: (step: string) => void = () => {}): Promise<HsdsImportResult> {
  onProgress('read');
  const ds = readHsds(input);
  const refuse = (problems: Problem[]) => {
    throw new HsdsRefusedError(problems.map(describeProblem));
  };
  onProgress('check');
  // Every problem at once: the reading ones and the checking ones.
  validateDataset(ds, await storedHsdsIds(db, actor.districtId));
  if (ds.errors.length) refuse(ds.errors);
  onProgress('store');
  const summary = await storeDataset(db, actor.districtId, ds);
  await recordAudit(db, actor, { action: 'import', entityType: 'hsds', details: { ...summary, warnings: ds.warnings.length } });
  onProgress('done');
  return { summary, records: ds.count(), warnings: ds.warnings.map(describeProblem) };
}

export async function exportHsds(db: Db, actor: Actor, folder: string, format: 'csv' | 'json' = 'csv'): Promise<WrittenFile[]> {
  const tables = await buildHsdsTables(db, actor.districtId);
  const files = format === 'json' ? writeHsdsJson(folder, tables) : writeHsdsCsv(folder, tables);
  await recordAudit(db, actor, { action: 'export', entityType: 'hsds', details: { format, files: files.length } });
  return files;
}
