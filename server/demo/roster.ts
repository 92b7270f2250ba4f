/**
 * The demo district's roster and records. Replaced by the synthetic district generator
 * (village generate district) imported through the ordinary importers.
 */
import type { DemoContext } from './context.ts';

export async function loadDemoRoster(ctx: DemoContext): Promise<void> {
  const db = ctx.database.db;
  const [start] = ctx.year.split('-').map(Number);
  await db.insertInto('school_years').values({ district_id: ctx.districtId, name: ctx.year, start_date: `${start}-08-15`, end_date: `${start + 1}-06-15` }).execute();
  const schools = [
    { code: 'RV-ES-01', name: 'Cesar Chavez Elementary', school_type: 'elementary', low_grade: 'KG', high_grade: '05' },
    { code: 'RV-MS-01', name: 'Dolores Huerta Middle School', school_type: 'middle', low_grade: '06', high_grade: '08' },
    { code: 'RV-HS-01', name: 'Riverside High School', school_type: 'high', low_grade: '09', high_grade: '12' },
  ];
  for (const s of schools) await db.insertInto('schools').values({ district_id: ctx.districtId, ...s }).execute();
}
