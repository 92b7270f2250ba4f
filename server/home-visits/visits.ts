/**
 * Visits: scheduled in advance with a family, logged when held (at the door, perhaps offline), complete
 * when each educator has reflected; cancellations and no-shows recorded. Forms carry a client-made
 * idempotency key: a form that arrives twice is answered with what the first arrival did.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit, recordStudentReads } from '../audit/record.ts';
import { coordinates, coordinatedPrograms, homeVisitStudents, hvScope, mayShow, partnerCategories, seesNotes, seesSchool, type HvScope } from './policy.ts';
import { ensureProgram, getProgram, programSchools, resolveVisitTypeId, today, type SchoolYear, type VisitPurpose } from './program.ts';
import { educatorProblems, listEducators } from './educators.ts';
import { loadRoster } from './families.ts';
import { arrangedProblem, endTime, firstVisitProblem, heldDateProblem, LIVE_STATUSES, overlaps, pairingProblem, type FamilyVisit, type RuleProblem, type VisitStatus } from './rules.ts';
import { familyAnswerOf, listFamilies, recordAcceptedBySchedule } from './family-answers.ts';
import { measureDataChanged } from '../measures/registry.ts';
import { HOME_VISIT_COVERAGE } from './measure.ts';

import type { Place, Visit } from '../../common/home-visits.ts';

export interface VisitDetails {
  date: string;
  startTime: string;
  durationMinutes: number;
  place: Place;
  placeDetail?: string | null;
  language: string;
  interpreter?: { name: string; language?: string | null } | null;
  travelMinutes?: number;
  notes?: string | null;
  reflection?: { learned: string; willUse: string; minutes?: number } | null;
}

export interface NewVisit extends VisitDetails {
  idempotencyKey?: string;
  schoolId: number;
  studentIds: number[];
  visitTypeId: number;
  status: 'scheduled' | 'held';
  arrangedOn: string;
  educatorStaffIds: number[];
}

export interface LogVisit extends Partial<VisitDetails> {
  idempotencyKey?: string;
  durationMinutes: number;
  studentIds?: number[];
}

/** One visit as a person may see it (common/home-visits.ts). */
export type VisitView = Visit;

export interface SubmissionResult {
  visit: VisitView;
  /** True when this form had already been received: nothing was changed. */
  replayed: boolean;
  message: string;
}

const fail = (p: RuleProblem): AppError => new AppError(p.code, p.message, p.path ? { fields: [{ path: p.path, message: p.message }] } : undefined);

function hashPayload(payload: unknown): string {
  const canonical = JSON.stringify(payload, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Runs a form's change once per idempotency key, in one transaction with the key's record. A key seen
 * before with the same content answers with the visit it produced; with other content it is refused.
 */
async function once(db: Db, actor: Actor, key: string | undefined, action: string, payload: unknown, run: (trx: Db) => Promise<number>): Promise<{ visitId: number; replayed: boolean }> {
  if (!key) return { visitId: await db.transaction().execute(run), replayed: false };
  const hash = hashPayload({ action, payload });
  const previous = async () => db.selectFrom('hv_submissions').select(['action', 'payload_hash', 'visit_id', 'received_at']).where('district_id', '=', actor.districtId).where('idempotency_key', '=', key).executeTakeFirst();
  const check = (p: NonNullable<Awaited<ReturnType<typeof previous>>>) => {
    if (p.payload_hash !== hash || p.action !== action) {
      throw new AppError('conflict', `This form (key ${key}) was already received on ${p.received_at.slice(0, 16).replace('T', ' ')} UTC${p.visit_id ? ` for visit #${p.visit_id}` : ''} with different content. Nothing was changed; open the visit to see what was recorded, and save your changes as a new form.`, { reason: 'idempotency_key_reused', visitId: p.visit_id });
    }
    return { visitId: p.visit_id!, replayed: true };
  };
  const before = await previous();
  if (before) return check(before);
  try {
    const visitId = await db.transaction().execute(async (trx) => {
      await trx.insertInto('hv_submissions').values({ district_id: actor.districtId, idempotency_key: key, user_id: actor.userId, action, payload_hash: hash, visit_id: null, received_at: new Date().toISOString() }).execute();
      const id = await run(trx);
      await trx.updateTable('hv_submissions').set({ visit_id: id }).where('district_id', '=', actor.districtId).where('idempotency_key', '=', key).execute();
      return id;
    });
    return { visitId, replayed: false };
  } catch (err) {
    // The same form arriving twice at once: the other arrival won; answer as it did.
    const after = await previous();
    if (after && after.visit_id !== null) return check(after);
    throw err;
  }
}

interface VisitRow {
  id: number;
  school_id: number;
  school_year_id: number;
  visit_type_id: number;
  purpose: string;
  status: string;
  visit_date: string;
  start_time: string;
  duration_minutes: number;
  arranged_on: string;
}

async function visitRow(db: Db, districtId: number, visitId: number): Promise<VisitRow | undefined> {
  return db
    .selectFrom('hv_visits')
    .select(['id', 'school_id', 'school_year_id', 'visit_type_id', 'purpose', 'status', 'visit_date', 'start_time', 'duration_minutes', 'arranged_on'])
    .where('district_id', '=', districtId)
    .where('id', '=', visitId)
    .executeTakeFirst();
}

async function yearById(db: Db, districtId: number, yearId: number): Promise<SchoolYear> {
  const y = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).where('id', '=', yearId).executeTakeFirstOrThrow();
  return { id: y.id, name: y.name, startDate: y.start_date, endDate: y.end_date };
}

/** The visits (any status) of the family of these students, at this school in this year. */
async function familyVisits(db: Db, districtId: number, schoolId: number, yearId: number, familyStudentIds: number[]): Promise<FamilyVisit[]> {
  if (familyStudentIds.length === 0) return [];
  const rows = await db
    .selectFrom('hv_visits')
    .innerJoin('hv_visit_students', (j) => j.onRef('hv_visit_students.visit_id', '=', 'hv_visits.id').onRef('hv_visit_students.district_id', '=', 'hv_visits.district_id'))
    .select(['hv_visits.id', 'hv_visits.purpose', 'hv_visits.status', 'hv_visits.visit_date'])
    .distinct()
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.school_id', '=', schoolId)
    .where('hv_visits.school_year_id', '=', yearId)
    .where('hv_visit_students.student_id', 'in', familyStudentIds)
    .execute();
  return rows.map((r) => ({ id: r.id, purpose: r.purpose as VisitPurpose, status: r.status as VisitStatus, date: r.visit_date }));
}

async function overlapProblems(db: Db, districtId: number, staffIds: number[], visit: { id?: number; date: string; startTime: string; durationMinutes: number }): Promise<string[]> {
  const rows = await db
    .selectFrom('hv_visits')
    .innerJoin('hv_visit_educators', (j) => j.onRef('hv_visit_educators.visit_id', '=', 'hv_visits.id').onRef('hv_visit_educators.district_id', '=', 'hv_visits.district_id'))
    .innerJoin('staff', 'staff.id', 'hv_visit_educators.staff_id')
    .select(['hv_visits.id', 'hv_visits.visit_date', 'hv_visits.start_time', 'hv_visits.duration_minutes', 'staff.first_name', 'staff.last_name'])
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.visit_date', '=', visit.date)
    .where('hv_visits.status', 'in', [...LIVE_STATUSES])
    .where('hv_visit_educators.staff_id', 'in', staffIds)
    .execute();
  const me = { id: visit.id ?? -1, date: visit.date, startTime: visit.startTime, durationMinutes: visit.durationMinutes };
  return rows
    .filter((r) => r.id !== visit.id && overlaps(me, { id: r.id, date: r.visit_date, startTime: r.start_time, durationMinutes: r.duration_minutes }))
    .map((r) => `${r.first_name} ${r.last_name} already has visit #${r.id} on ${r.visit_date} from ${r.start_time} to ${endTime(r.start_time, r.duration_minutes)}; one educator cannot be at two visits at once.`);
}

/** The students are visible to this person, enrolled at the school this year, and one family. */
async function familyOfStudents(db: Db, actor: Actor, schoolId: number, year: SchoolYear, studentIds: number[]) {
  const visible = await db.selectFrom('students').select('id').where('district_id', '=', actor.districtId).where('id', 'in', studentIds).where('id', 'in', visibleStudentIds(db, actor)).execute();
  if (visible.length !== new Set(studentIds).size) throw new AppError('not_found', 'No such student.');
  const roster = await loadRoster(db, actor.districtId, year.id, { schoolIds: [schoolId] });
  const fams = new Set<string>();
  let family = null as ReturnType<typeof roster.familyOf> | null;
  for (const id of studentIds) {
    const f = roster.familyOf(schoolId, id);
    if (!f) throw new AppError('validation_failed', `Student #${id} is not enrolled at this school in ${year.name}.`, { fields: [{ path: 'studentIds', message: `student ${id} is not enrolled at this school` }] });
    fams.add(f.key);
    family = f;
  }
  if (fams.size > 1) {
    throw new AppError('validation_failed', 'These students belong to different families; a visit is with one family (siblings at the school share one visit).', { fields: [{ path: 'studentIds', message: 'more than one family' }] });
  }
  return family!;
}

function assertNoProblems(problems: string[], path: string, code: 'unprocessable' | 'conflict' = 'unprocessable') {
  if (problems.length === 0) return;
  throw new AppError(code, problems.join(' '), { fields: problems.map((message) => ({ path, message })) });
}

/** Schedules a visit, or logs one that was arranged in advance and has taken place. */
export async function createVisit(db: Db, actor: Actor, year: SchoolYear, input: NewVisit): Promise<SubmissionResult> {
  const { idempotencyKey, ...payload } = input;
  const { visitId, replayed } = await once(db, actor, idempotencyKey, 'create', payload, async (trx) => {
    const scope = await hvScope(trx, actor, year.id);
    const districtId = actor.districtId;
    const now = today();
    for (const p of [pairingProblem(input.educatorStaffIds, input.interpreter), heldDateProblem(input.status, input.date, now), arrangedProblem(input.arrangedOn, input.date)]) if (p) throw fail(p);
    if (input.date < year.startDate || input.date > year.endDate) {
      throw new AppError('validation_failed', `The visit date ${input.date} is outside the school year ${year.name} (${year.startDate} to ${year.endDate}).`, { fields: [{ path: 'date', message: 'outside the school year' }] });
    }
    if (input.status === 'scheduled' && input.notes) throw new AppError('validation_failed', 'Notes are written at or after the visit, not when it is scheduled.', { fields: [{ path: 'notes', message: 'only once the visit is held' }] });
    const isCoordinator = coordinates(scope, input.schoolId) || scope.districtWide;
    if (!isCoordinator && (scope.staffId === null || !input.educatorStaffIds.includes(scope.staffId))) {
      throw new AppError('forbidden', 'You can schedule or log visits you take part in; the school\'s coordinators can arrange any visit.', { reason: 'not_participant' });
    }
    const family = await familyOfStudents(trx, actor, input.schoolId, year, input.studentIds);
    const programId = await ensureProgram(trx, districtId, input.schoolId, year.id);
    const typeId = await resolveVisitTypeId(trx, districtId, programId, input.visitTypeId);
    const type = typeId === undefined ? undefined : await trx.selectFrom('hv_visit_types').select(['id', 'purpose', 'active', 'name']).where('district_id', '=', districtId).where('program_id', '=', programId).where('id', '=', typeId).executeTakeFirst();
    if (!type || type.active !== 1) throw new AppError('validation_failed', 'That visit type is not offered by this school\'s program this year.', { fields: [{ path: 'visitTypeId', message: 'unknown or inactive visit type' }] });
    const trainedBy = input.status === 'scheduled' ? (now < input.date ? now : input.date) : input.date;
    assertNoProblems(await educatorProblems(trx, districtId, year, input.schoolId, input.educatorStaffIds, trainedBy), 'educatorStaffIds');
    const answer = await familyAnswerOf(trx, districtId, year.id, input.schoolId, family.studentIds);
    if (answer.response === 'declined' && !answer.askedAgain) {
      throw new AppError('unprocessable', `This family declined a home visit${answer.respondedOn ? ` on ${answer.respondedOn}` : ''}. A family that declined is not offered again this year unless it asks; if the family asked for a visit, record that on its family page first.`, { reason: 'family_declined' });
    }
    const fp = firstVisitProblem({ purpose: type.purpose as VisitPurpose, status: input.status, date: input.date }, await familyVisits(trx, districtId, input.schoolId, year.id, family.studentIds));
    if (fp) throw fail(fp);
    assertNoProblems(await overlapProblems(trx, districtId, input.educatorStaffIds, input), 'startTime', 'conflict');
    const stamp = new Date().toISOString();
    const row = await trx
      .insertInto('hv_visits')
      .values({
        district_id: districtId,
        school_id: input.schoolId,
        school_year_id: year.id,
        visit_type_id: type.id,
        purpose: type.purpose,
        status: input.status,
        visit_date: input.date,
        start_time: input.startTime,
        duration_minutes: input.durationMinutes,
        place: input.place,
        place_detail: input.placeDetail ?? null,
        language: input.language,
        arranged_on: input.arrangedOn,
        interpreter_name: input.interpreter?.name?.trim() || null,
        interpreter_language: input.interpreter?.name?.trim() ? (input.interpreter.language ?? null) : null,
        notes: input.status === 'held' ? (input.notes ?? null) : null,
        created_by_user_id: actor.userId,
        logged_at: input.status === 'held' ? stamp : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('hv_visit_students').values([...new Set(input.studentIds)].map((student_id) => ({ district_id: districtId, visit_id: row.id, student_id }))).execute();
    await trx.insertInto('hv_visit_educators').values(input.educatorStaffIds.map((staff_id) => ({ district_id: districtId, visit_id: row.id, staff_id, travel_minutes: input.travelMinutes ?? 0 }))).execute();
    await recordAcceptedBySchedule(trx, districtId, year.id, input.schoolId, family.studentIds, input.arrangedOn);
    if (input.status === 'held' && input.reflection && scope.staffId !== null && input.educatorStaffIds.includes(scope.staffId)) {
      await writeReflection(trx, actor, row.id, scope.staffId, input.reflection);
    }
    await recordAudit(trx, actor, { action: 'create', entityType: 'home_visit', entityId: row.id, details: { status: input.status, schoolId: input.schoolId, students: input.studentIds, offline: !!idempotencyKey } });
    return row.id;
  });
  const visit = await getVisit(db, actor, visitId);
  return { visit, replayed, message: replayed ? `This form had already been received: visit #${visitId} was recorded once, and nothing was changed.` : input.status === 'held' ? `Visit #${visitId} logged.` : `Visit #${visitId} scheduled.` };
}

/** Logs a scheduled visit as held: what happened at the door. */
export async function logVisit(db: Db, actor: Actor, visitId: number, input: LogVisit): Promise<SubmissionResult> {
  const { idempotencyKey, ...payload } = input;
  const { replayed } = await once(db, actor, idempotencyKey, `log:${visitId}`, payload, async (trx) => {
    const v = await visitRow(trx, actor.districtId, visitId);
    if (!v) throw new AppError('not_found', 'No such visit.');
    const year = await yearById(trx, actor.districtId, v.school_year_id);
    const scope = await hvScope(trx, actor, year.id);
    const educators = (await trx.selectFrom('hv_visit_educators').select('staff_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute()).map((e) => e.staff_id);
    const canLog = coordinates(scope, v.school_id) || scope.districtWide || (scope.staffId !== null && educators.includes(scope.staffId));
    if (!canLog) {
      if (!(await canSeeVisit(trx, actor, scope, v, educators))) throw new AppError('not_found', 'No such visit.');
      throw new AppError('forbidden', 'Only the visit\'s educators and the school\'s coordinators can log it.', { reason: 'not_participant' });
    }
    if (v.status !== 'scheduled') throw new AppError('conflict', `Visit #${visitId} is already ${v.status.replace('_', ' ')}; it cannot be logged again.`, { reason: 'not_scheduled' });
    const date = input.date ?? v.visit_date;
    const startTime = input.startTime ?? v.start_time;
    for (const p of [heldDateProblem('held', date, today()), arrangedProblem(v.arranged_on, date)]) if (p) throw fail(p);
    if (date < year.startDate || date > year.endDate) throw new AppError('validation_failed', `The visit date ${date} is outside the school year ${year.name}.`, { fields: [{ path: 'date', message: 'outside the school year' }] });
    const interpreter = input.interpreter === undefined ? undefined : input.interpreter;
    const existingInterp = await trx.selectFrom('hv_visits').select(['interpreter_name']).where('id', '=', visitId).executeTakeFirstOrThrow();
    const pp = pairingProblem(educators, interpreter === undefined ? (existingInterp.interpreter_name ? { name: existingInterp.interpreter_name } : null) : interpreter);
    if (pp) throw fail(pp);
    assertNoProblems(await educatorProblems(trx, actor.districtId, year, v.school_id, educators, date), 'educatorStaffIds');
    let studentIds: number[] | undefined;
    if (input.studentIds) {
      const family = await familyOfStudents(trx, actor, v.school_id, year, input.studentIds);
      const current = (await trx.selectFrom('hv_visit_students').select('student_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute()).map((s) => s.student_id);
      if (current.some((id) => !family.studentIds.includes(id))) throw new AppError('validation_failed', 'The students covered must be of the family the visit was arranged with.', { fields: [{ path: 'studentIds', message: 'another family' }] });
      studentIds = [...new Set(input.studentIds)];
    }
    const famStudents = studentIds ?? (await trx.selectFrom('hv_visit_students').select('student_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute()).map((s) => s.student_id);
    const roster = await loadRoster(trx, actor.districtId, year.id, { schoolIds: [v.school_id] });
    const family = roster.familyOf(v.school_id, famStudents[0]);
    const fp = firstVisitProblem({ id: visitId, purpose: v.purpose as VisitPurpose, status: 'held', date }, await familyVisits(trx, actor.districtId, v.school_id, year.id, family?.studentIds ?? famStudents));
    if (fp) throw fail(fp);
    assertNoProblems(await overlapProblems(trx, actor.districtId, educators, { id: visitId, date, startTime, durationMinutes: input.durationMinutes }), 'startTime', 'conflict');
    const set: Record<string, unknown> = {
      status: 'held',
      visit_date: date,
      start_time: startTime,
      duration_minutes: input.durationMinutes,
      logged_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    };
    if (input.place) set.place = input.place;
    if (input.placeDetail !== undefined) set.place_detail = input.placeDetail;
    if (input.language) set.language = input.language;
    if (input.notes !== undefined) set.notes = input.notes;
    if (interpreter !== undefined) {
      set.interpreter_name = interpreter?.name?.trim() || null;
      set.interpreter_language = interpreter?.name?.trim() ? (interpreter.language ?? null) : null;
    }
    await trx.updateTable('hv_visits').set(set).where('district_id', '=', actor.districtId).where('id', '=', visitId).execute();
    if (input.travelMinutes !== undefined) await trx.updateTable('hv_visit_educators').set({ travel_minutes: input.travelMinutes }).where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute();
    if (studentIds) {
      await trx.deleteFrom('hv_visit_students').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute();
      await trx.insertInto('hv_visit_students').values(studentIds.map((student_id) => ({ district_id: actor.districtId, visit_id: visitId, student_id }))).execute();
    }
    if (input.reflection && scope.staffId !== null && educators.includes(scope.staffId)) await writeReflection(trx, actor, visitId, scope.staffId, input.reflection);
    await recordAudit(trx, actor, { action: 'update', entityType: 'home_visit', entityId: visitId, details: { status: 'held', offline: !!idempotencyKey } });
    return visitId;
  });
  const visit = await getVisit(db, actor, visitId);
  return { visit, replayed, message: replayed ? `This form had already been received: visit #${visitId} was logged once, and nothing was changed.` : `Visit #${visitId} logged.` };
}

async function writeReflection(trx: Db, actor: Actor, visitId: number, staffId: number, input: { learned: string; willUse: string; minutes?: number }): Promise<void> {
  const stamp = new Date().toISOString();
  await trx
    .insertInto('hv_reflections')
    .values({ district_id: actor.districtId, visit_id: visitId, staff_id: staffId, learned: input.learned, will_use: input.willUse, minutes: input.minutes ?? 0, written_at: stamp, recorded_by_user_id: actor.userId })
    .onConflict((oc) => oc.columns(['district_id', 'visit_id', 'staff_id']).doUpdateSet({ learned: input.learned, will_use: input.willUse, minutes: input.minutes ?? 0, written_at: stamp, recorded_by_user_id: actor.userId }))
    .execute();
  // Complete once every educator has reflected.
  const educators = await trx.selectFrom('hv_visit_educators').select('staff_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute();
  const written = await trx.selectFrom('hv_reflections').select('staff_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute();
  const status = (await trx.selectFrom('hv_visits').select('status').where('id', '=', visitId).executeTakeFirstOrThrow()).status;
  if (status === 'held' && educators.every((e) => written.some((w) => w.staff_id === e.staff_id))) {
    await trx.updateTable('hv_visits').set({ status: 'completed', completed_at: stamp, updated_at: stamp }).where('district_id', '=', actor.districtId).where('id', '=', visitId).execute();
    // Coverage counts completed visits: the shared measure's figures are recomputed.
    await measureDataChanged(trx, actor.districtId, HOME_VISIT_COVERAGE);
  }
}

/** An educator's reflection on a held visit (what we learned; how we will use it). */
export async function reflect(db: Db, actor: Actor, visitId: number, input: { idempotencyKey?: string; staffId?: number; learned: string; willUse: string; minutes?: number }): Promise<SubmissionResult> {
  const { idempotencyKey, ...payload } = input;
  const { replayed } = await once(db, actor, idempotencyKey, `reflect:${visitId}`, payload, async (trx) => {
    const v = await visitRow(trx, actor.districtId, visitId);
    if (!v) throw new AppError('not_found', 'No such visit.');
    const scope = await hvScope(trx, actor, v.school_year_id);
    const educators = (await trx.selectFrom('hv_visit_educators').select('staff_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute()).map((e) => e.staff_id);
    if (!(await canSeeVisit(trx, actor, scope, v, educators))) throw new AppError('not_found', 'No such visit.');
    const staffId = input.staffId ?? scope.staffId;
    if (staffId === null || staffId === undefined || !educators.includes(staffId)) {
      throw new AppError('validation_failed', 'A reflection is written by one of the visit\'s educators.', { fields: [{ path: 'staffId', message: 'not an educator on this visit' }] });
    }
    if (staffId !== scope.staffId && !coordinates(scope, v.school_id)) {
      throw new AppError('forbidden', 'Each educator writes their own reflection; a coordinator may record one given on paper.', { reason: 'not_self' });
    }
    if (v.status !== 'held' && v.status !== 'completed') throw new AppError('conflict', `Visit #${visitId} is ${v.status.replace('_', ' ')}; reflections follow a visit that took place.`, { reason: 'not_held' });
    await writeReflection(trx, actor, visitId, staffId, input);
    await recordAudit(trx, actor, { action: 'update', entityType: 'home_visit', entityId: visitId, details: { reflection: staffId } });
    return visitId;
  });
  const visit = await getVisit(db, actor, visitId);
  return { visit, replayed, message: replayed ? 'This reflection had already been received; nothing was changed.' : visit.status === 'completed' ? `Reflection saved. Visit #${visitId} is complete.` : 'Reflection saved. The visit is complete once each educator has reflected.' };
}

/** A scheduled visit that will not take place (cancelled) or at which the family was not there (no-show). */
export async function closeVisit(db: Db, actor: Actor, visitId: number, input: { outcome: 'cancelled' | 'no_show'; reason?: string | null }): Promise<VisitView> {
  await db.transaction().execute(async (trx) => {
    const v = await visitRow(trx, actor.districtId, visitId);
    if (!v) throw new AppError('not_found', 'No such visit.');
    const scope = await hvScope(trx, actor, v.school_year_id);
    const educators = (await trx.selectFrom('hv_visit_educators').select('staff_id').where('district_id', '=', actor.districtId).where('visit_id', '=', visitId).execute()).map((e) => e.staff_id);
    const allowed = coordinates(scope, v.school_id) || scope.districtWide || (scope.staffId !== null && educators.includes(scope.staffId));
    if (!allowed) {
      if (!(await canSeeVisit(trx, actor, scope, v, educators))) throw new AppError('not_found', 'No such visit.');
      throw new AppError('forbidden', 'Only the visit\'s educators and the school\'s coordinators can cancel it.', { reason: 'not_participant' });
    }
    if (v.status !== 'scheduled') throw new AppError('conflict', `Visit #${visitId} is ${v.status.replace('_', ' ')}; only a scheduled visit can be cancelled or marked a no-show.`);
    if (input.outcome === 'no_show' && v.visit_date > today()) throw new AppError('unprocessable', `Visit #${visitId} is on ${v.visit_date}; a no-show is recorded on or after the day.`);
    const stamp = new Date().toISOString();
    await trx.updateTable('hv_visits').set({ status: input.outcome, outcome_reason: input.reason ?? null, closed_at: stamp, updated_at: stamp }).where('district_id', '=', actor.districtId).where('id', '=', visitId).execute();
    await recordAudit(trx, actor, { action: 'update', entityType: 'home_visit', entityId: visitId, details: { status: input.outcome } });
  });
  return getVisit(db, actor, visitId);
}

async function canSeeVisit(db: Db, actor: Actor, scope: HvScope, v: { id: number; school_id: number }, educators: number[]): Promise<boolean> {
  if (seesSchool(scope, v.school_id)) return true;
  if (scope.staffId !== null && educators.includes(scope.staffId)) return true;
  const students = (await db.selectFrom('hv_visit_students').select('student_id').where('district_id', '=', actor.districtId).where('visit_id', '=', v.id).execute()).map((r) => r.student_id);
  return (await homeVisitStudents(db, actor, students)).size > 0;
}

/** One visit as this person may see it; 404 outside their scope. Audited as a read of its students. */
export async function getVisit(db: Db, actor: Actor, visitId: number, options: { audit?: boolean } = {}): Promise<VisitView> {
  const v = await db
    .selectFrom('hv_visits')
    .innerJoin('schools', 'schools.id', 'hv_visits.school_id')
    .innerJoin('school_years', 'school_years.id', 'hv_visits.school_year_id')
    .innerJoin('hv_visit_types', 'hv_visit_types.id', 'hv_visits.visit_type_id')
    .selectAll('hv_visits')
    .select(['schools.name as school_name', 'school_years.name as year_name', 'hv_visit_types.name as type_name'])
    .where('hv_visits.district_id', '=', actor.districtId)
    .where('hv_visits.id', '=', visitId)
    .executeTakeFirst();
  if (!v) throw new AppError('not_found', 'No such visit.');
  const scope = await hvScope(db, actor, v.school_year_id);
  const educatorRows = await db
    .selectFrom('hv_visit_educators')
    .innerJoin('staff', 'staff.id', 'hv_visit_educators.staff_id')
    .select(['staff.id', 'staff.first_name', 'staff.last_name', 'hv_visit_educators.travel_minutes'])
    .where('hv_visit_educators.district_id', '=', actor.districtId)
    .where('hv_visit_educators.visit_id', '=', visitId)
    .orderBy('staff.last_name')
    .execute();
  const educatorIds = educatorRows.map((e) => e.id);
  if (!(await canSeeVisit(db, actor, scope, v, educatorIds))) throw new AppError('not_found', 'No such visit.');
  const fullView = seesSchool(scope, v.school_id) || (scope.staffId !== null && educatorIds.includes(scope.staffId));
  const allStudents = await db
    .selectFrom('hv_visit_students')
    .innerJoin('students', 'students.id', 'hv_visit_students.student_id')
    .select(['students.id', 'students.first_name', 'students.last_name'])
    .where('hv_visit_students.district_id', '=', actor.districtId)
    .where('hv_visit_students.visit_id', '=', visitId)
    .orderBy('students.last_name')
    .orderBy('students.first_name')
    .execute();
  const shownIds = fullView ? null : await homeVisitStudents(db, actor, allStudents.map((s) => s.id));
  const students = shownIds ? allStudents.filter((s) => shownIds.has(s.id)) : allStudents;
  const allCount = allStudents.length;
  // Partner staff: only the kinds of records their data-sharing terms name for the students shown.
  const kinds = await partnerCategories(db, actor, students.map((s) => s.id));
  const may = (kind: 'contact' | 'demographics') => mayShow(kinds, students.map((s) => s.id), kind);
  const notesVisible = seesNotes(scope, { schoolId: v.school_id, educatorStaffIds: educatorIds });
  const reflections = await db
    .selectFrom('hv_reflections')
    .select(['staff_id', 'learned', 'will_use', 'minutes', 'written_at'])
    .where('district_id', '=', actor.districtId)
    .where('visit_id', '=', visitId)
    .execute();
  const nameOf = (id: number) => {
    const e = educatorRows.find((x) => x.id === id);
    return e ? `${e.first_name} ${e.last_name}` : `#${id}`;
  };
  if (options.audit !== false) await recordStudentReads(db, actor, students.map((s) => s.id), 'home visit');
  const isEducator = scope.staffId !== null && educatorIds.includes(scope.staffId);
  const manages = coordinates(scope, v.school_id) || scope.districtWide;
  return {
    id: v.id,
    schoolId: v.school_id,
    schoolName: v.school_name,
    year: v.year_name,
    visitType: { id: v.visit_type_id, name: v.type_name, purpose: v.purpose as VisitPurpose },
    status: v.status as VisitStatus,
    date: v.visit_date,
    startTime: v.start_time,
    endTime: endTime(v.start_time, v.duration_minutes),
    durationMinutes: v.duration_minutes,
    place: v.place as Place,
    placeDetail: may('contact') ? v.place_detail : null,
    language: may('demographics') ? v.language : null,
    arrangedOn: v.arranged_on,
    interpreter: v.interpreter_name ? { name: v.interpreter_name, language: may('demographics') ? v.interpreter_language : null } : null,
    educators: educatorRows.map((e) => ({ staffId: e.id, name: `${e.first_name} ${e.last_name}`, travelMinutes: e.travel_minutes, reflected: reflections.some((r) => r.staff_id === e.id) })),
    students: students.map((s) => ({ id: s.id, firstName: s.first_name, lastName: s.last_name })),
    otherStudents: allCount - students.length,
    notesVisible,
    notes: notesVisible ? v.notes : null,
    reflections: notesVisible ? reflections.map((r) => ({ staffId: r.staff_id, name: nameOf(r.staff_id), learned: r.learned, willUse: r.will_use, minutes: r.minutes, writtenAt: r.written_at })) : null,
    outcomeReason: kinds === null ? v.outcome_reason : null,
    loggedAt: v.logged_at,
    completedAt: v.completed_at,
    can: {
      log: v.status === 'scheduled' && (isEducator || manages),
      reflect: (v.status === 'held' || v.status === 'completed') && (isEducator || coordinates(scope, v.school_id)),
      cancel: v.status === 'scheduled' && (isEducator || manages),
    },
  };
}

export interface VisitSummary {
  id: number;
  schoolId: number;
  schoolName: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  status: VisitStatus;
  visitType: string;
  purpose: VisitPurpose;
  place: Place;
  educators: string[];
  students: string[];
  otherStudents: number;
  mine: boolean;
}

/** Visits this person may see in the year, newest first. */
export async function listVisits(db: Db, actor: Actor, year: SchoolYear, filter: { schoolId?: number; status?: VisitStatus; mine?: boolean; limit?: number } = {}): Promise<{ visits: VisitSummary[]; total: number }> {
  const scope = await hvScope(db, actor, year.id);
  const districtId = actor.districtId;
  let q = db
    .selectFrom('hv_visits')
    .innerJoin('schools', 'schools.id', 'hv_visits.school_id')
    .innerJoin('hv_visit_types', 'hv_visit_types.id', 'hv_visits.visit_type_id')
    .select(['hv_visits.id', 'hv_visits.school_id', 'schools.name as school_name', 'hv_visits.visit_date', 'hv_visits.start_time', 'hv_visits.duration_minutes', 'hv_visits.status', 'hv_visit_types.name as type_name', 'hv_visits.purpose', 'hv_visits.place'])
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.school_year_id', '=', year.id);
  if (filter.schoolId) q = q.where('hv_visits.school_id', '=', filter.schoolId);
  if (filter.status) q = q.where('hv_visits.status', '=', filter.status);
  const mineQuery = db.selectFrom('hv_visit_educators').select('visit_id').where('district_id', '=', districtId).where('staff_id', '=', scope.staffId ?? -1);
  if (filter.mine) q = q.where('hv_visits.id', 'in', mineQuery);
  else if (!scope.districtWide) {
    const schoolIds = scope.schoolIds;
    q = q.where((eb) =>
      eb.or([
        ...(schoolIds.length ? [eb('hv_visits.school_id', 'in', schoolIds)] : []),
        eb('hv_visits.id', 'in', mineQuery),
        eb('hv_visits.id', 'in', db.selectFrom('hv_visit_students').select('visit_id').where('district_id', '=', districtId).where('student_id', 'in', visibleStudentIds(db, actor))),
      ]),
    );
  }
  let rows = await q.orderBy('hv_visits.visit_date', 'desc').orderBy('hv_visits.start_time', 'desc').execute();
  if (actor.role === 'partner_staff' && rows.length) {
    // Only visits of students whose data-sharing terms name the program's records.
    const links: Array<{ visit_id: number; student_id: number }> = [];
    const all = rows.map((r) => r.id);
    for (let i = 0; i < all.length; i += 1000) links.push(...(await db.selectFrom('hv_visit_students').select(['visit_id', 'student_id']).where('district_id', '=', districtId).where('visit_id', 'in', all.slice(i, i + 1000)).execute()));
    const ok = await homeVisitStudents(db, actor, links.map((l) => l.student_id));
    const keep = new Set(links.filter((l) => ok.has(l.student_id)).map((l) => l.visit_id));
    rows = rows.filter((r) => keep.has(r.id));
  }
  const total = rows.length;
  const page = rows.slice(0, filter.limit ?? 500);
  const ids = page.map((r) => r.id);
  const educators = ids.length
    ? await db.selectFrom('hv_visit_educators').innerJoin('staff', 'staff.id', 'hv_visit_educators.staff_id').select(['hv_visit_educators.visit_id', 'staff.id', 'staff.first_name', 'staff.last_name']).where('hv_visit_educators.district_id', '=', districtId).where('hv_visit_educators.visit_id', 'in', ids).execute()
    : [];
  const students = ids.length
    ? await db.selectFrom('hv_visit_students').innerJoin('students', 'students.id', 'hv_visit_students.student_id').select(['hv_visit_students.visit_id', 'students.id', 'students.first_name', 'students.last_name']).where('hv_visit_students.district_id', '=', districtId).where('hv_visit_students.visit_id', 'in', ids).execute()
    : [];
  const visible = await homeVisitStudents(db, actor, students.map((s) => s.id));
  const shown: number[] = [];
  const visits = page.map((r) => {
    const eds = educators.filter((e) => e.visit_id === r.id);
    const mine = scope.staffId !== null && eds.some((e) => e.id === scope.staffId);
    const full = seesSchool(scope, r.school_id) || mine;
    const sts = students.filter((s) => s.visit_id === r.id);
    const seen = sts.filter((s) => full || visible.has(s.id));
    shown.push(...seen.map((s) => s.id));
    return {
      id: r.id,
      schoolId: r.school_id,
      schoolName: r.school_name,
      date: r.visit_date,
      startTime: r.start_time,
      durationMinutes: r.duration_minutes,
      status: r.status as VisitStatus,
      visitType: r.type_name,
      purpose: r.purpose as VisitPurpose,
      place: r.place as Place,
      educators: eds.map((e) => `${e.first_name} ${e.last_name}`),
      students: seen.map((s) => `${s.first_name} ${s.last_name}`),
      otherStudents: sts.length - seen.length,
      mine,
    };
  });
  await recordStudentReads(db, actor, shown, 'home visits list');
  return { visits, total };
}

/**
 * Everything the home-visit program holds about one student, for a parent who asks to inspect the
 * record: every visit that covered the student, with notes and reflections where this person may read
 * them (the school's coordinators and the visit's educators). Audited as an export.
 */
export async function studentVisitRecord(db: Db, actor: Actor, studentId: number) {
  const student = await db
    .selectFrom('students')
    .select(['id', 'first_name', 'last_name', 'ext_id'])
    .where('district_id', '=', actor.districtId)
    .where('id', '=', studentId)
    .where('id', 'in', visibleStudentIds(db, actor))
    .executeTakeFirst();
  if (!student) throw new AppError('not_found', 'No such student.');
  const coordinated = await coordinatedPrograms(db, actor);
  const ids = (await db.selectFrom('hv_visit_students').select('visit_id').where('district_id', '=', actor.districtId).where('student_id', '=', studentId).execute()).map((r) => r.visit_id);
  const visits: VisitView[] = [];
  for (const id of ids) visits.push(await getVisit(db, actor, id, { audit: false }));
  visits.sort((a, b) => a.date.localeCompare(b.date));
  const withheld = visits.filter((v) => !v.notesVisible).length;
  await recordAudit(db, actor, { action: 'export', entityType: 'student', entityId: studentId, details: { context: 'home-visit record for inspection', visits: ids.length } });
  await recordStudentReads(db, actor, [studentId], 'home-visit record export');
  return {
    student: { id: student.id, studentNumber: student.ext_id, firstName: student.first_name, lastName: student.last_name },
    generatedAt: new Date().toISOString(),
    complete: withheld === 0,
    coordinatorOf: coordinated.size,
    visits,
  };
}


/**
 * What an educator needs at the door, saved on the phone for use offline: their schools' visit types
 * and trained, opted-in educators, the families they may visit, and their scheduled visits.
 */
export async function fieldKit(db: Db, actor: Actor, year: SchoolYear) {
  const scope = await hvScope(db, actor, year.id);
  const schools = await programSchools(db, scope);
  const out = [];
  const families = [];
  for (const s of schools) {
    const program = await getProgram(db, scope, s.id, year);
    const educators = (await listEducators(db, actor.districtId, year, [s.id])).filter((e) => e.trained && e.optedIn);
    out.push({ id: s.id, name: s.name, visitTypes: program.visitTypes.filter((t) => t.active).map((t) => ({ id: t.id, name: t.name, purpose: t.purpose })), educators: educators.map((e) => ({ staffId: e.staffId, name: `${e.firstName} ${e.lastName}` })) });
    for (const f of await listFamilies(db, actor, year, s.id, { audit: false })) {
      families.push({ schoolId: s.id, key: f.key, students: f.students, otherStudents: f.otherStudents, language: f.language, interpreterNeeded: f.answer.interpreterNeeded, offerable: f.offerable, response: f.answer.response, status: f.status, visitsSoFar: f.visits.completed + f.visits.held + f.visits.scheduled });
    }
  }
  const mine = scope.staffId === null ? [] : (await listVisits(db, actor, year, { mine: true, status: 'scheduled' })).visits;
  const visits = [];
  for (const v of mine) {
    const d = await getVisit(db, actor, v.id, { audit: false });
    visits.push({ id: d.id, schoolId: d.schoolId, schoolName: d.schoolName, date: d.date, startTime: d.startTime, durationMinutes: d.durationMinutes, place: d.place, placeDetail: d.placeDetail, language: d.language ?? '' /* withheld only from partner staff, who have no field kit */, visitTypeId: d.visitType.id, visitTypeName: d.visitType.name, purpose: d.visitType.purpose, students: d.students, educators: d.educators.map((e) => ({ staffId: e.staffId, name: e.name })), interpreter: d.interpreter });
  }
  await recordStudentReads(db, actor, [...families.flatMap((f) => f.students.map((s) => s.id)), ...visits.flatMap((v) => v.students.map((s) => s.id))], 'home-visit field kit (saved on the device)');
  return { year: year.name, yearStart: year.startDate, yearEnd: year.endDate, generatedAt: new Date().toISOString(), staffId: scope.staffId, schools: out, families, visits };
}
