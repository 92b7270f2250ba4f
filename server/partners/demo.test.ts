/** The partners part of the demo district shows every part of the capability, and the rule working. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.ts';
import { seedSmallDistrict, TEST_PASSWORD, type SmallDistrict } from '../../test/fixtures.ts';
import { createUser } from '../users/commands.ts';
import { actorForUser } from '../auth/sessions.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { DEMO_PARTNER_ACCOUNT, loadPartnersDemo } from './demo.ts';
import { listAgreements } from './agreements.ts';
import { matchNeeds, needsOverview } from './needs.ts';
import { healthSummary } from './health.ts';
import { operatorActor } from '../auth/actor.ts';
import './wiring.ts';

let db: TestDatabase;
let d: SmallDistrict;
beforeAll(async () => {
  db = await createTestDatabase();
  d = await seedSmallDistrict(db.db);
  await createUser(db.db, { districtId: d.districtId, email: DEMO_PARTNER_ACCOUNT, displayName: 'Grace Liu', role: 'partner_staff', password: TEST_PASSWORD });
  await loadPartnersDemo({ database: db, districtId: d.districtId, seed: 1, year: '2025-2026', students: 6, onProgress: () => {} });
});
afterAll(() => db.drop());

describe('the partners demo', () => {
  it('has partners of many kinds, one serving several schools, and agreements in every status', async () => {
    const partners = await db.db.selectFrom('partners').select(['sector']).where('district_id', '=', d.districtId).execute();
    expect(new Set(partners.map((p) => p.sector)).size).toBeGreaterThanOrEqual(12);
    const serving = await db.db.selectFrom('partner_schools').select('partner_id').where('district_id', '=', d.districtId).execute();
    const counts = serving.reduce<Record<number, number>>((m, s) => ({ ...m, [s.partner_id]: (m[s.partner_id] ?? 0) + 1 }), {});
    expect(Math.max(...Object.values(counts))).toBeGreaterThanOrEqual(2);
    const statuses = new Set((await listAgreements(db.db, operatorActor(d.districtId), {})).map((a) => a.status));
    expect([...statuses].sort()).toEqual(['active', 'draft', 'ended', 'renewal_due']);
  });

  it('has needs with and without partners able to meet them, and health checks over two years', async () => {
    const op = operatorActor(d.districtId);
    const matches = (await matchNeeds(db.db, op)).needs;
    expect(matches.some((m) => m.candidates.length > 0)).toBe(true);
    expect(matches.some((m) => m.candidates.length === 0)).toBe(true);
    expect((await needsOverview(db.db, op)).schools.some((s) => s.standsOut)).toBe(true);
    const agreement = (await listAgreements(db.db, op, {})).find((a) => a.title === 'Attendance and reading partnership')!;
    const health = await healthSummary(db.db, op, agreement.id);
    expect(health.periods.map((p) => p.period)).toEqual(['2024-2025', '2025-2026']);
    expect(health.disagreements.length).toBeGreaterThan(0);
  });

  it('links the demo partner account to a partner that sees exactly its consenting students', async () => {
    const user = await db.db.selectFrom('users').selectAll().where('email', '=', DEMO_PARTNER_ACCOUNT).executeTakeFirstOrThrow();
    expect(user.partner_id).not.toBeNull();
    const visible = (await visibleStudentIds(db.db, await actorForUser(db.db, user, 'web', null)).execute()).map((r) => r.id).sort((a, b) => a - b);
    const consented = (await db.db.selectFrom('consent_records').select('student_id').where('district_id', '=', d.districtId).execute()).map((r) => r.student_id).sort((a, b) => a - b);
    expect(visible).toEqual(consented);
    expect(visible).toEqual([...d.studentsA].sort((a, b) => a - b));
  });
});
