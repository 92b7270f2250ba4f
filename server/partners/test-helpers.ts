/** Building blocks for the partners capability's tests: partners, partner staff, agreements in force. */
import type { Db } from '../db/database.ts';
import { operatorActor } from '../auth/actor.ts';
import { createUser } from '../users/commands.ts';
import { TEST_PASSWORD } from '../../test/fixtures.ts';
import { createPartner } from './directory.ts';
import { changeStatus, createAgreement, setSignatories } from './agreements.ts';
import { addDaysIso, todayIso } from './agreement-rules.ts';
import { createTerms, setTermsScope, setTermsStudents } from './data-sharing.ts';
import type { DataCategory, FerpaRoute } from './vocab.ts';

export async function makePartner(db: Db, districtId: number, name: string, sector: 'literacy_attendance_nonprofit' | 'business' | 'faith_based' = 'literacy_attendance_nonprofit'): Promise<number> {
  return createPartner(db, operatorActor(districtId), { name, sector, description: `${name} works with our schools.`, status: 'active', alternateName: null, mission: null, email: null, website: null });
}

export async function makePartnerUser(db: Db, districtId: number, partnerId: number, email: string): Promise<number> {
  const { user } = await createUser(db, { districtId, email, displayName: email, role: 'partner_staff', password: TEST_PASSWORD, partnerId });
  return user.id;
}

/** An agreement between the district and a partner, signed and (unless `status` says otherwise) active. */
export async function makeAgreement(
  db: Db,
  districtId: number,
  partnerId: number,
  options: { title?: string; startDate?: string; endDate?: string; status?: 'draft' | 'active'; schoolIds?: number[] } = {},
): Promise<number> {
  const actor = operatorActor(districtId);
  const today = todayIso();
  const id = await createAgreement(db, actor, {
    title: options.title ?? 'Attendance mentoring',
    purpose: 'Mentoring for students who miss school',
    startDate: options.startDate ?? addDaysIso(today, -30),
    endDate: options.endDate ?? addDaysIso(today, 300),
    renewalNoticeDays: 60,
    parties: [
      { type: 'district', name: null, responsibilities: ['Share attendance data'] },
      { type: 'partner', partnerId, name: null, responsibilities: ['Mentor students weekly'] },
      ...(options.schoolIds ?? []).map((schoolId) => ({ type: 'school' as const, schoolId, name: null, responsibilities: [] })),
    ],
  });
  await setSignatories(db, actor, id, [
    { party: 'district', name: 'Dana Whitfield', title: 'Director', email: null, signedOn: addDaysIso(today, -31) },
    { party: `partner:${partnerId}`, name: 'Grace Liu', title: 'Program lead', email: null, signedOn: addDaysIso(today, -31) },
    ...(options.schoolIds ?? []).map((schoolId) => ({ party: `school:${schoolId}`, name: 'Principal', title: null, email: null, signedOn: addDaysIso(today, -31) })),
  ]);
  if ((options.status ?? 'active') === 'active') await changeStatus(db, actor, id, { action: 'activate' });
  return id;
}

export async function makeTerms(
  db: Db,
  districtId: number,
  agreementId: number,
  partnerId: number,
  options: { route?: FerpaRoute; students?: number[]; scope?: Array<{ schoolId: number; grade?: string | null }>; categories?: DataCategory[]; destructionDate?: string | null },
): Promise<number> {
  const actor = operatorActor(districtId);
  const id = await createTerms(db, actor, agreementId, {
    partnerId,
    ferpaRoute: options.route ?? 'school_official',
    dataCategories: options.categories ?? ['enrollment', 'attendance'],
    purpose: 'To plan mentoring for each student',
    selection: options.scope ? 'scope' : 'list',
    destructionDate: options.destructionDate === undefined ? addDaysIso(todayIso(), 400) : options.destructionDate,
    notes: null,
  });
  if (options.students) await setTermsStudents(db, actor, id, { studentIds: options.students });
  if (options.scope) await setTermsScope(db, actor, id, options.scope.map((s) => ({ schoolId: s.schoolId, grade: (s.grade ?? null) as '03' | null })));
  return id;
}
