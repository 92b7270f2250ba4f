/**
 * The Village CSV templates (schools, students, guardians, calendar, enrollments, attendance,
 * assessments, discipline) of a generated district, written as streams.
 */
import path from 'node:path';
import { CsvFile, type Cell } from './csv-file.ts';
import { absenceRate, dayFactors, drawAssessments, simulateSpan, spanDayCount, suspensionsBySpan, type Incident } from './behaviour.ts';
import { gradeCode, type District } from './model.ts';

export const TEMPLATE_HEADERS = {
  schools: ['school_id', 'name', 'school_type', 'low_grade', 'high_grade'],
  students: ['student_id', 'first_name', 'last_name', 'birth_date', 'sex', 'hispanic_latino', 'races', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'home_language'],
  guardians: ['guardian_id', 'student_id', 'first_name', 'last_name', 'relationship', 'phone', 'email', 'preferred_language', 'lives_with_student'],
  calendar: ['school_id', 'school_year', 'date', 'instructional'],
  enrollments: ['student_id', 'school_id', 'school_year', 'grade', 'entry_date', 'exit_date'],
  attendance: ['student_id', 'school_id', 'date', 'status', 'minutes_absent'],
  assessments: ['student_id', 'school_id', 'school_year', 'assessment', 'subject', 'administration_date', 'grade', 'scale_score', 'performance_level', 'performance_level_label', 'proficient'],
  discipline: ['incident_id', 'student_id', 'school_id', 'date', 'behavior', 'action', 'days'],
} as const;

export type TemplateKind = keyof typeof TEMPLATE_HEADERS;

export interface WriteContext {
  district: District;
  incidents: Incident[];
  /** Opens a file and remembers it, so that every file is committed or discarded together. */
  open(file: string, header: readonly string[]): CsvFile;
  progress(phase: string, done: number, total: number): void;
  /** Present days too (default), or only the days that were not plain presence. */
  attendance: 'all' | 'absences';
}

const yn = (b: boolean | null): string => (b === null ? '' : b ? 'Y' : 'N');

async function writeAll(file: CsvFile, rows: Iterable<Cell[]>): Promise<void> {
  for (const r of rows) {
    file.row(r);
    if (file.full) await file.flush();
  }
  await file.close();
}

export async function writeTemplates(ctx: WriteContext, dir: string): Promise<void> {
  const { district } = ctx;
  const f = (kind: TemplateKind) => ctx.open(path.join(dir, `${kind}.csv`), TEMPLATE_HEADERS[kind]);

  await writeAll(f('schools'), district.schools.map((s) => [s.id, s.name, s.type, gradeCode(s.lowGrade), gradeCode(s.highGrade)]));

  await writeAll(
    f('students'),
    district.students.map((s) => [
      s.id, s.firstName, s.lastName, s.birthDate, s.sex, yn(s.family.hispanic), s.family.races.join(';'),
      yn(s.englishLearner), yn(s.disability), yn(s.family.economicallyDisadvantaged), yn(s.family.homeless), yn(s.family.foster), s.family.homeLanguage,
    ]),
  );

  await writeAll(
    f('guardians'),
    (function* () {
      for (const s of district.students) {
        for (const g of s.family.guardians) yield [g.id, s.id, g.firstName, g.lastName, g.relationship, g.phone, g.email, g.preferredLanguage, yn(g.livesWithStudent)];
      }
    })(),
  );

  await writeAll(
    f('calendar'),
    (function* () {
      for (const school of district.schools) {
        for (const year of district.years) {
          for (const d of school.calendars[year.index].weekdays) yield [school.id, year.name, year.dateOf(d.day), yn(d.instructional)];
        }
      }
    })(),
  );

  await writeAll(f('enrollments'), district.spans.map((sp) => [sp.student.id, sp.school.id, sp.year.name, gradeCode(sp.grade), sp.year.dateOf(sp.entryDay), sp.exitDate]));

  await writeAll(
    f('discipline'),
    ctx.incidents.map((i) => [i.incidentId, i.span.student.id, i.span.school.id, i.span.year.dateOf(i.day), i.behavior, i.action, i.days]),
  );

  const assessments = f('assessments');
  for (const span of district.spans) {
    for (const r of drawAssessments(district, span)) {
      assessments.row([span.student.id, span.school.id, span.year.name, r.assessment, r.subject, span.year.dateOf(r.day), gradeCode(span.grade), r.scaleScore, r.level, r.label, yn(r.proficient)]);
    }
    if (assessments.full) await assessments.flush();
  }
  await assessments.close();

  await writeAttendance(ctx, f('attendance'));
}

/** One row per student per enrolled instructional day with records (or only the non-present days). */
async function writeAttendance(ctx: WriteContext, file: CsvFile): Promise<void> {
  const { district } = ctx;
  const seed = district.options.seed;
  const suspensions = suspensionsBySpan(ctx.incidents);
  let total = 0;
  for (const sp of district.spans) total += spanDayCount(sp);
  let done = 0;
  let reported = 0;
  ctx.progress('attendance', 0, total);
  const onlyAbsences = ctx.attendance === 'absences';
  for (const year of district.years) {
    const factors = dayFactors(year);
    for (const span of district.spansByYear[year.index]) {
      const prefix = `${span.student.id},${span.school.id},`;
      const rate = absenceRate(seed, span.student, year, span.grade);
      simulateSpan(seed, span, rate, factors, suspensions.get(span), (day, status, minutes) => {
        if (onlyAbsences && status === 'present') return;
        file.line(`${prefix}${year.dateOf(day)},${status},${minutes ?? ''}`);
      });
      done += spanDayCount(span);
      if (done - reported >= 50_000) {
        reported = done;
        ctx.progress('attendance', done, total);
      }
      if (file.full) await file.flush();
    }
  }
  ctx.progress('attendance', total, total);
  await file.close();
}
