/**
 * Families of a school and their answer to the offer of a home visit (accepted, declined, no answer
 * yet), preferred language and whether an interpreter is needed. A family that declined is not
 * offered again that year unless it asks.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleStudentIds } from '../auth/scope.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit, recordStudentReads } from '../audit/record.ts';
import { coordinates, homeVisitStudents, hvScope, mayShow, partnerCategories, seesSchool } from './policy.ts';
import { loadRoster, type Family } from './families.ts';
import { today, type SchoolYear } from './program.ts';
import { LIVE_STATUSES, type VisitStatus } from './rules.ts';

import type { FamilyResponse, FamilyView } from '../../common/home-visits.ts';

export interface FamilyAnswer {
  response: FamilyResponse;
  respondedOn: string | null;
  askedAgain: boolean;
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
}

const NO_ANSWER: FamilyAnswer = { response: 'no_answer', respondedOn: null, askedAgain: false, preferredLanguage: null, interpreterNeeded: false };

type AnswerRow = { student_id: number; response: string; responded_on: string | null; asked_again: number; preferred_language: string | null; interpreter_needed: number; updated_at: string };

function latest(rows: AnswerRow[]): FamilyAnswer {
  if (rows.length === 0) return { ...NO_ANSWER };
  const r = [...rows].sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0];
  return { response: r.response as FamilyResponse, respondedOn: r.responded_on, askedAgain: r.asked_again === 1, preferredLanguage: r.preferred_language, interpreterNeeded: r.interpreter_needed === 1 };
}

async function answerRows(db: Db, districtId: number, yearId: number, schoolId: number, studentIds: number[]): Promise<AnswerRow[]> {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('hv_family_answers')
    .select(['student_id', 'response', 'responded_on', 'asked_again', 'preferred_language', 'interpreter_needed', 'updated_at'])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', yearId)
    .where('school_id', '=', schoolId)
    .where('student_id', 'in', studentIds)
    .execute();
}

/** The family's answer: the latest recorded for any of its students. */
export async function familyAnswerOf(db: Db, districtId: number, yearId: number, schoolId: number, studentIds: number[]): Promise<FamilyAnswer> {
  return latest(await answerRows(db, districtId, yearId, schoolId, studentIds));
}

async function writeAnswer(db: Db, districtId: number, yearId: number, schoolId: number, studentIds: number[], a: FamilyAnswer): Promise<void> {
  const updated_at = new Date().toISOString();
  for (const student_id of studentIds) {
    const values = { response: a.response, responded_on: a.respondedOn, asked_again: a.askedAgain ? 1 : 0, preferred_language: a.preferredLanguage, interpreter_needed: a.interpreterNeeded ? 1 : 0, updated_at };
    await db
      .insertInto('hv_family_answers')
      .values({ district_id: districtId, school_year_id: yearId, school_id: schoolId, student_id, ...values })
      .onConflict((oc) => oc.columns(['district_id', 'school_year_id', 'school_id', 'student_id']).doUpdateSet(values))
      .execute();
  }
}

/** Arranging a visit with a family records that it accepted. */
export async function recordAcceptedBySchedule(db: Db, districtId: number, yearId: number, schoolId: number, studentIds: number[], arrangedOn: string): Promise<void> {
  const current = await familyAnswerOf(db, districtId, yearId, schoolId, studentIds);
  if (current.response === 'accepted') return;
  await writeAnswer(db, districtId, yearId, schoolId, studentIds, { ...current, response: 'accepted', respondedOn: arrangedOn });
}

export type { FamilyView };

function canWriteFor(scopeSees: boolean, isCoordinator: boolean, teacherSeesFamily: boolean): boolean {
  return scopeSees || isCoordinator || teacherSeesFamily;
}

/** The school's families this person may see: all of them for the school's staff and the district; a teacher's own students' families. */
export async function listFamilies(db: Db, actor: Actor, year: SchoolYear, schoolId: number, options: { audit?: boolean } = {}): Promise<FamilyView[]> {
  const districtId = actor.districtId;
  const school = await db.selectFrom('schools').select('id').where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
  if (!school) throw new AppError('not_found', 'No such school.');
  const scope = await hvScope(db, actor, year.id);
  const roster = await loadRoster(db, districtId, year.id, { schoolIds: [schoolId] });
  const students = roster.students.get(schoolId) ?? [];
  const byId = new Map(students.map((s) => [s.id, s]));
  const all = seesSchool(scope, schoolId);
  const visible = all ? new Set(students.map((s) => s.id)) : await homeVisitStudents(db, actor, students.map((s) => s.id));
  const families = (roster.families.get(schoolId) ?? []).filter((f) => f.studentIds.some((id) => visible.has(id)));
  // Partner staff: only the kinds of records their data-sharing terms name for the students shown.
  const kinds = all ? null : await partnerCategories(db, actor, [...visible]);
  const ids = families.flatMap((f) => f.studentIds);
  const answers = await answerRows(db, districtId, year.id, schoolId, ids);
  const guardianIds = [...new Set(families.flatMap((f) => f.guardianIds))];
  const guardians = guardianIds.length
    ? await db.selectFrom('guardians').select(['id', 'first_name', 'last_name', 'phone', 'preferred_language']).where('district_id', '=', districtId).where('id', 'in', guardianIds).execute()
    : [];
  const visits = await db
    .selectFrom('hv_visits')
    .innerJoin('hv_visit_students', (j) => j.onRef('hv_visit_students.visit_id', '=', 'hv_visits.id').onRef('hv_visit_students.district_id', '=', 'hv_visits.district_id'))
    .select(['hv_visits.id', 'hv_visits.status', 'hv_visits.visit_date', 'hv_visit_students.student_id'])
    .where('hv_visits.district_id', '=', districtId)
    .where('hv_visits.school_id', '=', schoolId)
    .where('hv_visits.school_year_id', '=', year.id)
    .execute();
  const t = today();
  const shown: number[] = [];
  const views = families.map((f) => viewOf(f));
  function viewOf(f: Family): FamilyView {
    const mine = f.studentIds.filter((id) => visible.has(id));
    shown.push(...mine);
    const answer = latest(answers.filter((a) => f.studentIds.includes(a.student_id)));
    const fv = new Map<number, { status: VisitStatus; date: string }>();
    for (const v of visits) if (f.studentIds.includes(v.student_id)) fv.set(v.id, { status: v.status as VisitStatus, date: v.visit_date });
    const list = [...fv.values()];
    const completed = list.filter((v) => v.status === 'completed');
    const held = list.filter((v) => v.status === 'held');
    const scheduled = list.filter((v) => v.status === 'scheduled');
    const live = list.filter((v) => LIVE_STATUSES.includes(v.status) && v.status !== 'scheduled').map((v) => v.date).sort();
    const next = scheduled.map((v) => v.date).filter((d) => d >= t).sort()[0] ?? scheduled.map((v) => v.date).sort()[0] ?? null;
    const gs = guardians.filter((g) => f.guardianIds.includes(g.id));
    const language = answer.preferredLanguage ?? gs.find((g) => g.preferred_language)?.preferred_language ?? byId.get(f.studentIds[0])?.homeLanguage ?? null;
    const contact = mayShow(kinds, mine, 'contact');
    const demographics = mayShow(kinds, mine, 'demographics');
    const enrollment = mayShow(kinds, mine, 'enrollment');
    return {
      key: f.key,
      students: mine.map((id) => byId.get(id)!).map((s) => ({ id: s.id, firstName: s.firstName, lastName: s.lastName, grade: enrollment ? s.grade : null })),
      otherStudents: f.studentIds.length - mine.length,
      guardians: contact ? gs.map((g) => ({ id: g.id, firstName: g.first_name, lastName: g.last_name, phone: g.phone, preferredLanguage: demographics ? g.preferred_language : null })) : [],
      answer: demographics ? answer : { ...answer, preferredLanguage: null },
      language: demographics ? language : null,
      offerable: answer.response !== 'declined' || answer.askedAgain,
      visits: { completed: completed.length, held: held.length, scheduled: scheduled.length, firstVisitDate: live[0] ?? null, nextVisitDate: next },
      status: completed.length ? 'visited' : held.length ? 'awaiting_reflections' : scheduled.length ? 'scheduled' : 'not_visited',
    };
  }
  views.sort((a, b) => (a.students[0]?.lastName ?? '').localeCompare(b.students[0]?.lastName ?? '') || (a.students[0]?.firstName ?? '').localeCompare(b.students[0]?.firstName ?? ''));
  if (options.audit !== false) await recordStudentReads(db, actor, shown, 'home-visit families');
  return views;
}

export interface AnswerInput {
  schoolId: number;
  studentId: number;
  response: FamilyResponse;
  respondedOn?: string | null;
  askedAgain?: boolean;
  preferredLanguage?: string | null;
  interpreterNeeded?: boolean;
}

/** Records the family's answer (and language, interpreter) for every student of the family. */
export async function setFamilyAnswer(db: Db, actor: Actor, year: SchoolYear, input: AnswerInput): Promise<FamilyView> {
  const districtId = actor.districtId;
  const scope = await hvScope(db, actor, year.id);
  const seen = await db.selectFrom('students').select('id').where('district_id', '=', districtId).where('id', '=', input.studentId).where('id', 'in', visibleStudentIds(db, actor)).executeTakeFirst();
  if (!seen && !seesSchool(scope, input.schoolId)) throw new AppError('not_found', 'No such student.');
  if (!canWriteFor(scope.districtWide, coordinates(scope, input.schoolId), !!seen) || actor.role === 'partner_staff') {
    throw new AppError('forbidden', 'Only the school\'s coordinators, the district and the family\'s teachers record a family\'s answer.', { reason: 'not_coordinator' });
  }
  const roster = await loadRoster(db, districtId, year.id, { schoolIds: [input.schoolId] });
  const family = roster.familyOf(input.schoolId, input.studentId);
  if (!family) throw new AppError('validation_failed', `Student #${input.studentId} is not enrolled at this school in ${year.name}.`, { fields: [{ path: 'studentId', message: 'not enrolled at this school' }] });
  const current = await familyAnswerOf(db, districtId, year.id, input.schoolId, family.studentIds);
  const respondedOn = input.respondedOn ?? (input.response === 'no_answer' ? null : today());
  if (respondedOn && respondedOn > today()) throw new AppError('validation_failed', `The answer's date ${respondedOn} is in the future.`, { fields: [{ path: 'respondedOn', message: 'in the future' }] });
  let askedAgain = input.askedAgain ?? (current.response === 'declined' ? false : current.askedAgain);
  if (current.response === 'declined' && !current.askedAgain && input.response !== 'declined' && !input.askedAgain) {
    throw new AppError('unprocessable', `This family declined a visit${current.respondedOn ? ` on ${current.respondedOn}` : ''}. A family that declined is not offered again this year unless it asks. If the family asked for a visit, record that it asked.`, {
      fields: [{ path: 'askedAgain', message: 'the family declined; record that it asked' }],
    });
  }
  if (input.response === 'declined') askedAgain = false;
  const next: FamilyAnswer = {
    response: input.response,
    respondedOn,
    askedAgain,
    preferredLanguage: input.preferredLanguage === undefined ? current.preferredLanguage : input.preferredLanguage,
    interpreterNeeded: input.interpreterNeeded ?? current.interpreterNeeded,
  };
  await writeAnswer(db, districtId, year.id, input.schoolId, family.studentIds, next);
  await recordAudit(db, actor, { action: 'update', entityType: 'home_visit_family', entityId: family.key, details: { response: next.response, askedAgain: next.askedAgain, students: family.studentIds } });
  const views = await listFamilies(db, actor, year, input.schoolId, { audit: false });
  const view = views.find((v) => v.key === family.key);
  if (!view) throw new AppError('not_found', 'No such family.');
  return view;
}
