/**
 * The demo district that `npm start` loads into an empty database: a synthetic district (roster,
 * calendar, attendance, assessments, discipline), an account for every role, and each capability's
 * own demo data. Every step uses the same commands a real deployment uses.
 */
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createDistrict } from '../districts/commands.ts';
import { loadDemoRoster } from './roster.ts';
import { createDemoAccounts, demoSignInsFor, type DemoSignIn } from './accounts.ts';
import type { DemoContext } from './context.ts';
import { loadPartnersDemo } from '../partners/demo.ts';
import { loadHomeVisitsDemo } from '../home-visits/demo.ts';
import { loadMeasuresDemo } from '../measures/demo.ts';

export type { DemoSignIn } from './accounts.ts';

export const DEMO_DISTRICT_CODE = 'demo';
export const DEMO_DISTRICT_NAME = 'Riverside Unified School District (demo)';

/** Each capability's demo step, run in order after the roster and the accounts exist. */
const capabilityDemos: Array<{ name: string; run: (ctx: DemoContext) => Promise<void> }> = [
  // Shared goals first: the demo agreements link to them.
  { name: 'measures and shared goals', run: loadMeasuresDemo },
  { name: 'partners and agreements', run: loadPartnersDemo },
  { name: 'home visits', run: loadHomeVisitsDemo },
];

export async function loadDemoIfEmpty(database: DatabaseHandle, config: Config, onProgress?: (m: string) => void): Promise<DemoSignIn[]> {
  const districts = await database.db.selectFrom('districts').select(['id', 'code']).execute();
  if (districts.length > 0) {
    const demo = districts.find((d) => d.code === DEMO_DISTRICT_CODE);
    return demo ? demoSignInsFor(database.db, demo.id) : [];
  }
  return loadDemo(database, { students: config.VILLAGE_DEMO_STUDENTS, seed: 2026 }, onProgress);
}

export async function loadDemo(
  database: DatabaseHandle,
  options: { students: number; seed: number; year?: string },
  onProgress: (m: string) => void = () => {},
): Promise<DemoSignIn[]> {
  const started = Date.now();
  onProgress(`Loading the demo district (${options.students} students)…`);
  const district = await createDistrict(database.db, { code: DEMO_DISTRICT_CODE, name: DEMO_DISTRICT_NAME });
  const ctx: DemoContext = { database, districtId: district.id, seed: options.seed, year: options.year ?? defaultDemoYear(), students: options.students, onProgress };
  await loadDemoRoster(ctx);
  await createDemoAccounts(ctx);
  for (const step of capabilityDemos) {
    onProgress(`Demo: ${step.name}…`);
    await step.run(ctx);
  }
  onProgress(`Demo district ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return demoSignInsFor(database.db, district.id);
}

/** The school year in progress (or just finished), e.g. '2026-2027' from September 2026 on. */
export function defaultDemoYear(today = new Date()): string {
  const y = today.getUTCFullYear();
  const start = today.getUTCMonth() >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}
