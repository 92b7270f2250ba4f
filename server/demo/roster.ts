/**
 * The demo district's roster and records: a synthetic district (`village generate district`) of
 * `ctx.students` students in 4 to 6 schools of every level, for the current school year with records
 * through yesterday plus the complete year before it, imported through the ordinary import engine
 * exactly as a data manager would import OneRoster and Village CSV files. The first school by code
 * is an elementary school whose teachers have homerooms (the demo teacher account is one of them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays } from '../../common/calendar.ts';
import { systemActor } from '../auth/actor.ts';
import { generateDistrict, type GenerateProgress } from '../generator/index.ts';
import { runImport, type ImportProgress } from '../imports/index.ts';
import type { DemoContext } from './context.ts';

/** Number of schools for a demo of `students` students: 4 to 6, so every level is there. */
export function demoSchoolCount(students: number): number {
  return Math.min(6, Math.max(4, Math.round(students / 250)));
}

/**
 * The last day with records in the demo year: yesterday while the year is under way; null (the
 * whole year) once it is over.
 */
export function demoThrough(year: string, today: Date = new Date()): string | null {
  const start = Number(year.slice(0, 4));
  const yesterday = addDays(today.toISOString().slice(0, 10), -1);
  if (yesterday > `${start + 1}-06-30`) return null;
  return yesterday < `${start}-07-01` ? `${start}-07-01` : yesterday;
}

export async function loadDemoRoster(ctx: DemoContext): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'village-demo-'));
  try {
    const started = performance.now();
    const through = demoThrough(ctx.year);
    ctx.onProgress(`Demo: generating ${ctx.students} students, ${ctx.year} ${through ? `through ${through}` : '(complete)'} and the year before…`);
    const generated = await generateDistrict({
      students: ctx.students,
      schools: demoSchoolCount(ctx.students),
      year: ctx.year,
      seed: ctx.seed,
      priorYears: 1,
      through,
      // Only the days that were not plain presence: a day without a record counts as present, so
      // the figures are the same as with every day, and the demo loads several times faster.
      attendance: 'absences',
      out: dir,
      onProgress: quarterly(ctx.onProgress),
    });
    const rows = Object.values(generated.rows).reduce((a, b) => a + b, 0);
    ctx.onProgress(`Demo: generated ${rows.toLocaleString('en-US')} rows in ${seconds(started)}; importing…`);
    const importStarted = performance.now();
    const result = await runImport(
      ctx.database,
      ctx.districtId,
      [
        { type: 'oneroster', path: generated.oneRosterDir },
        { type: 'csv-folder', path: generated.csvDir },
      ],
      { actor: systemActor(ctx.districtId), onProgress: importProgress(ctx.onProgress) },
    );
    if (result.status !== 'done') {
      const first = result.issues.filter((i) => i.severity === 'error').slice(0, 5).map((i) => `${i.file}:${i.line}${i.column ? ` ${i.column}` : ''}: ${i.reason}`);
      throw new Error(`The demo district could not be imported: ${result.message}${first.length ? `\n${first.join('\n')}` : ''}`);
    }
    ctx.onProgress(`Demo: imported ${result.totals.rows.toLocaleString('en-US')} rows in ${seconds(importStarted)}.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Reports the generator's attendance phase at each quarter. */
function quarterly(say: (m: string) => void): (p: GenerateProgress) => void {
  let next = 0.25;
  return (p) => {
    if (p.phase !== 'attendance' || p.total === 0) return;
    while (p.done / p.total >= next && next < 1) {
      say(`Demo: attendance ${Math.round(next * 100)}%`);
      next += 0.25;
    }
  };
}

/** Reports each file the import reads, and its later phases, once. */
function importProgress(say: (m: string) => void): (p: ImportProgress) => void {
  let last = '';
  return (p) => {
    const what = p.phase === 'reading' ? `reading ${p.file ?? ''}`.trim() : p.phase;
    if (what === last || p.phase === 'done') return;
    last = what;
    say(`Demo: import ${what}…`);
  };
}
