/**
 * What a partner organisation's staff see when they sign in: their organisation, its agreements and
 * commitments, the schools it serves, the results for those schools (aggregates, with small cells
 * suppressed as the measures capability does for them), and — only under data-sharing terms in
 * force — the students those terms name, with the kinds of records the terms allow.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import { assertStudentVisible, visibleStudentIds } from '../auth/scope.ts';
import { recordStudentReads } from '../audit/record.ts';
import { computeMeasure, defaultYear } from '../measures/engine.ts';
import { measureAccessFor } from '../measures/audience.ts';
import { listAgreements, visibleAgreement } from './agreements.ts';
import { authoritiesFor, authorizingTerms, getTerms, parseCategories } from './data-sharing.ts';
import { todayIso } from './agreement-rules.ts';
import { commitmentUnit, type CommitmentKind, type DataCategory } from './vocab.ts';

function myPartner(actor: Actor): number {
  if (actor.role !== 'partner_staff' || actor.partnerId === null) throw new AppError('not_found', 'This account is not linked to a partner organisation. Ask a district administrator to link it.');
  return actor.partnerId;
}

const RESULT_MEASURES = ['chronic-absence', 'average-daily-attendance'] as const;

export async function portalSummary(db: Db, actor: Actor) {
  const partnerId = myPartner(actor);
  const d = actor.districtId;
  const partner = await db.selectFrom('partners').select(['id', 'name', 'sector']).where('district_id', '=', d).where('id', '=', partnerId).executeTakeFirst();
  if (!partner) throw new AppError('not_found', 'The partner organisation this account is linked to no longer exists.');
  const agreements = await listAgreements(db, actor, {});
  const parties = await db
    .selectFrom('agreement_parties')
    .select(['id', 'agreement_id'])
    .where('district_id', '=', d)
    .where('partner_id', '=', partnerId)
    .execute();
  const commitments = parties.length
    ? await db
        .selectFrom('agreement_commitments as c')
        .innerJoin('agreements as a', 'a.id', 'c.agreement_id')
        .select(['c.id', 'c.agreement_id', 'a.title', 'a.status', 'c.kind', 'c.description', 'c.amount', 'c.delivered'])
        .where('c.district_id', '=', d)
        .where('c.party_id', 'in', parties.map((p) => p.id))
        .orderBy('a.title')
        .orderBy('c.sort')
        .execute()
    : [];
  // Schools: those the directory says it serves, and the school parties of its agreements.
  const served = await db
    .selectFrom('schools')
    .select(['schools.id', 'schools.code', 'schools.name'])
    .where('schools.district_id', '=', d)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('partner_schools as ps').select('ps.school_id').whereRef('ps.school_id', '=', 'schools.id').where('ps.partner_id', '=', partnerId)),
        eb.exists(
          eb
            .selectFrom('agreement_parties as sp')
            .select('sp.id')
            .whereRef('sp.school_id', '=', 'schools.id')
            .where('sp.agreement_id', 'in', parties.length ? parties.map((p) => p.agreement_id) : [-1]),
        ),
      ]),
    )
    .orderBy('schools.name')
    .execute();
  const terms = await db.selectFrom('data_sharing_terms').select('id').where('district_id', '=', d).where('partner_id', '=', partnerId).execute();
  const termsDetail = [];
  for (const t of terms) termsDetail.push(await getTerms(db, actor, t.id, (id) => visibleAgreement(db, actor, id)));
  return {
    partner: { id: partner.id, name: partner.name, sector: partner.sector },
    agreements,
    commitments: commitments.map((c) => ({
      id: c.id,
      agreementId: c.agreement_id,
      agreementTitle: c.title,
      agreementStatus: c.status,
      kind: c.kind as CommitmentKind,
      unit: commitmentUnit(c.kind),
      description: c.description,
      amount: c.amount,
      delivered: c.delivered,
    })),
    schools: served,
    dataSharing: termsDetail.map((t) => ({
      id: t.id,
      agreementId: t.agreementId,
      agreementTitle: t.agreementTitle,
      ferpaRoute: t.ferpaRoute,
      dataCategories: t.dataCategories,
      purpose: t.purpose,
      destructionDate: t.destructionDate,
      inForce: t.inForce,
      notInForceBecause: t.notInForceBecause,
      studentsVisible: t.studentsVisible,
    })),
    results: await schoolResults(db, actor, served.map((s) => s.code)),
  };
}

/**
 * Results for the partner's schools, computed by the measures capability with this person's access:
 * cells of fewer students than the district's minimum are suppressed unless the partner may see
 * every student in them.
 */
async function schoolResults(db: Db, actor: Actor, schoolCodes: string[]) {
  if (schoolCodes.length === 0) return { year: null, asOf: null, rows: [] as Array<{ measure: string; schoolCode: string; denominator: number | null; numerator: number | null; rate: number | null; suppressed: boolean }> };
  const year = await defaultYear(db, actor.districtId);
  if (!year) return { year: null, asOf: null, rows: [] };
  const access = await measureAccessFor(db, actor);
  const rows: Array<{ measure: string; schoolCode: string; denominator: number | null; numerator: number | null; rate: number | null; suppressed: boolean }> = [];
  let asOf: string | null = null;
  for (const measure of RESULT_MEASURES) {
    try {
      const result = await computeMeasure(db, actor.districtId, { measure, year: year.name, by: ['school'] }, access);
      asOf = result.asOf;
      for (const r of result.rows) {
        if (r.school_id === null || !schoolCodes.includes(r.school_id)) continue;
        rows.push({
          measure,
          schoolCode: r.school_id,
          denominator: typeof r.denominator === 'number' ? r.denominator : null,
          numerator: typeof r.numerator === 'number' ? r.numerator : null,
          rate: typeof r.rate === 'number' ? r.rate : null,
          suppressed: r.suppressed,
        });
      }
    } catch {
      // No calendar or records for the year yet: no results to show.
    }
  }
  return { year: year.name, asOf, rows };
}

interface Enrolment {
  student_id: number;
  school_name: string;
  grade: string;
}

async function currentEnrolments(db: Db, districtId: number, ids: number[], today: string): Promise<Map<number, Enrolment>> {
  const out = new Map<number, Enrolment>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('enrollments as e')
      .innerJoin('schools as s', 's.id', 'e.school_id')
      .select(['e.student_id', 's.name as school_name', 'e.grade', 'e.entry_date'])
      .where('e.district_id', '=', districtId)
      .where('e.student_id', 'in', ids.slice(i, i + 1000))
      .where('e.entry_date', '<=', today)
      .orderBy('e.entry_date', 'desc')
      .execute();
    for (const r of rows) if (!out.has(r.student_id)) out.set(r.student_id, r);
  }
  return out;
}

/** The students data-sharing terms in force name for this partner. Each is a disclosure. */
export async function portalStudents(db: Db, actor: Actor) {
  const partnerId = myPartner(actor);
  const rows = await db
    .selectFrom('students')
    .select(['id', 'ext_id', 'first_name', 'last_name'])
    .where('district_id', '=', actor.districtId)
    .where('id', 'in', visibleStudentIds(db, actor))
    .orderBy('last_name')
    .orderBy('first_name')
    .limit(5000)
    .execute();
  const ids = rows.map((r) => r.id);
  const today = todayIso();
  const [authorities, enrolments] = await Promise.all([authoritiesFor(db, actor.districtId, partnerId, ids, today), currentEnrolments(db, actor.districtId, ids, today)]);
  const titles = new Map(
    (await db.selectFrom('agreements').select(['id', 'title']).where('district_id', '=', actor.districtId).where('id', 'in', [...new Set([...authorities.values()].map((a) => a.agreementId)), -1]).execute()).map((a) => [a.id, a.title]),
  );
  await recordStudentReads(db, actor, ids, 'partner-portal:students');
  return rows.map((r) => {
    const a = authorities.get(r.id);
    const e = enrolments.get(r.id);
    return {
      id: r.id,
      studentNumber: r.ext_id,
      name: `${r.first_name} ${r.last_name}`,
      school: e?.school_name ?? null,
      grade: e?.grade ?? null,
      agreementTitle: a ? titles.get(a.agreementId) ?? null : null,
      ferpaRoute: a?.ferpaRoute ?? null,
      dataCategories: a ? parseCategories(a.dataCategories) : [],
    };
  });
}

/** One student's records, limited to the kinds of records the terms allow. Outside the terms: not found. */
export async function portalStudent(db: Db, actor: Actor, studentId: number) {
  const partnerId = myPartner(actor);
  await assertStudentVisible(db, actor, studentId);
  const d = actor.districtId;
  const today = todayIso();
  // Every set of terms in force that names the student adds the kinds of records it allows.
  const authorities = await authorizingTerms(db, d, partnerId, [studentId], today);
  if (authorities.length === 0) throw new AppError('not_found', 'No such student.');
  const categories = new Set<DataCategory>(authorities.flatMap((a) => parseCategories(a.dataCategories)));
  const s = await db.selectFrom('students').selectAll().where('district_id', '=', d).where('id', '=', studentId).executeTakeFirstOrThrow();
  const enrolment = (await currentEnrolments(db, d, [studentId], today)).get(studentId) ?? null;
  const year = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', d).where('start_date', '<=', today).orderBy('start_date', 'desc').executeTakeFirst();
  const out: Record<string, unknown> = {
    id: s.id,
    studentNumber: s.ext_id,
    name: `${s.first_name} ${s.last_name}`,
    dataCategories: [...categories].sort(),
    schoolYear: year?.name ?? null,
  };
  if (categories.has('enrollment')) out.enrollment = enrolment ? { school: enrolment.school_name, grade: enrolment.grade } : null;
  if (categories.has('attendance') && year) {
    const rows = await db
      .selectFrom('attendance_records')
      .select(['status', sql<number>`count(distinct date)`.as('days')])
      .where('district_id', '=', d)
      .where('student_id', '=', studentId)
      .where('date', '>=', year.start_date)
      .where('date', '<=', year.end_date)
      .where('status', '!=', 'present')
      .groupBy('status')
      .execute();
    out.attendance = rows.map((r) => ({ status: r.status, days: Number(r.days) })).sort((a, b) => a.status.localeCompare(b.status));
  }
  if (categories.has('assessments') && year) {
    out.assessments = (
      await db
        .selectFrom('assessments')
        .select(['assessment', 'subject', 'administration_date', 'performance_level_label', 'proficient', 'scale_score'])
        .where('district_id', '=', d)
        .where('student_id', '=', studentId)
        .where('school_year_id', '=', year.id)
        .orderBy('administration_date', 'desc')
        .execute()
    ).map((a) => ({ assessment: a.assessment, subject: a.subject, date: a.administration_date, level: a.performance_level_label, proficient: a.proficient === null ? null : a.proficient === 1, scaleScore: a.scale_score }));
  }
  if (categories.has('discipline') && year) {
    out.discipline = (
      await db
        .selectFrom('discipline_actions')
        .select(['date', 'action', 'days'])
        .where('district_id', '=', d)
        .where('student_id', '=', studentId)
        .where('date', '>=', year.start_date)
        .where('date', '<=', year.end_date)
        .orderBy('date', 'desc')
        .execute()
    ).map((x) => ({ date: x.date, action: x.action, days: x.days }));
  }
  if (categories.has('programs')) {
    out.programs = (
      await db.selectFrom('student_programs').select(['program', 'program_name', 'begin_date', 'end_date']).where('district_id', '=', d).where('student_id', '=', studentId).orderBy('begin_date', 'desc').execute()
    ).map((p) => ({ program: p.program_name ?? p.program, beginDate: p.begin_date, endDate: p.end_date }));
  }
  if (categories.has('demographics')) {
    out.demographics = { raceEthnicity: s.race_ethnicity, homeLanguage: s.home_language, englishLearner: s.english_learner === 1, birthDate: s.birth_date };
  }
  if (categories.has('contact')) {
    out.guardians = (
      await db
        .selectFrom('student_guardians as sg')
        .innerJoin('guardians as g', 'g.id', 'sg.guardian_id')
        .select(['g.first_name', 'g.last_name', 'g.phone', 'g.email', 'g.preferred_language', 'sg.relationship'])
        .where('sg.district_id', '=', d)
        .where('sg.student_id', '=', studentId)
        .execute()
    ).map((g) => ({ name: `${g.first_name} ${g.last_name}`, relationship: g.relationship, phone: g.phone, email: g.email, language: g.preferred_language }));
  }
  await recordStudentReads(db, actor, [studentId], 'partner-portal:student');
  return out;
}
