/** Helpers for the imports tests: fixture folders written in code, and a snapshot of what is stored. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { operatorActor } from '../auth/actor.ts';
import type { ImportOptions } from './run.ts';

const made: string[] = [];

/** A temporary folder holding the given files (text is written as UTF-8). */
export function fixtureFolder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'village-imports-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function removeFixtures(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** CSV text from a header and rows (cells written as given). */
export function csv(header: string, ...rows: string[]): string {
  return [header, ...rows].join('\n') + '\n';
}

const TABLES = [
  'schools',
  'school_years',
  'calendar_days',
  'students',
  'guardians',
  'student_guardians',
  'staff',
  'staff_schools',
  'academic_sessions',
  'courses',
  'classes',
  'class_students',
  'class_teachers',
  'enrollments',
  'attendance_records',
  'attendance_totals',
  'assessments',
  'discipline_actions',
  'student_programs',
] as const;

/** Every roster table's rows of a district, as JSON text: equal snapshots mean nothing changed. */
export async function snapshot(db: Db, districtId: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const rows = await db.selectFrom(t).selectAll().where('district_id', '=', districtId).execute();
    const clean = rows.map((r) => {
      const { updated_at: _u, created_at: _c, ...rest } = r as Record<string, unknown>;
      return rest;
    });
    out[t] = JSON.stringify(clean.map((r) => JSON.stringify(r)).sort());
  }
  const d = await db.selectFrom('districts').select('source_ids').where('id', '=', districtId).executeTakeFirstOrThrow();
  out.districts = d.source_ids;
  return out;
}

export function options<E extends Partial<ImportOptions> & { kind?: 'oneroster' | 'csv-templates' | 'edfi' }>(districtId: number, extra?: E): ImportOptions & E {
  return { actor: operatorActor(districtId, 'test'), ...(extra as E) };
}

/** The seven template files of a small, consistent district. */
export function smallTemplates(): Record<string, string> {
  return {
    'schools.csv': csv('school_id,name,school_type,low_grade,high_grade', 'S1,Alder Elementary,elementary,KG,05', 'S2,Birch Middle,middle,06,08'),
    'students.csv': csv(
      'student_id,first_name,last_name,birth_date,sex,hispanic_latino,races,english_learner,disability,economically_disadvantaged,homeless,foster,home_language',
      'st1,Ana,Reyes,2014-03-01,F,Y,white,Y,N,Y,N,N,es',
      'st2,Ben,Cho,2013-05-02,M,N,asian;white,N,N,N,N,N,zh',
      'st3,Cy,Dee,2010-01-09,X,N,,N,Y,N,N,N,en',
    ),
    'guardians.csv': csv('guardian_id,student_id,first_name,last_name,relationship,phone,email,preferred_language,lives_with_student', 'g1,st1,Rosa,Reyes,Mother,555-0101,rosa@example.org,es,Y', 'g1,st2,Rosa,Reyes,Aunt,555-0101,rosa@example.org,es,N', 'g2,st3,Dan,Dee,Father,,,en,Y'),
    'calendar.csv': csv('school_id,school_year,date,instructional', 'S1,2021-2022,2021-08-16,Y', 'S1,2021-2022,2021-08-17,Y', 'S1,2021-2022,2021-08-18,N', 'S2,2021-2022,2021-08-16,Y', 'S2,2021-2022,2021-08-17,Y'),
    'enrollments.csv': csv('student_id,school_id,school_year,grade,entry_date,exit_date', 'st1,S1,2021-2022,03,2021-08-16,', 'st2,S1,2021-2022,04,2021-08-16,2021-08-16', 'st3,S2,2021-2022,07,2021-08-16,'),
    'attendance.csv': csv(
      'student_id,school_id,date,status,minutes_absent',
      'st1,S1,2021-08-16,present,',
      'st1,S1,2021-08-17,absent_unexcused,',
      'st1,S1,2021-08-18,absent_excused,',
      'st2,S1,2021-08-16,tardy,',
      'st2,S1,2021-08-17,absent_excused,',
      'st3,S2,2021-08-16,partial,120',
    ),
    'attendance_totals.csv': csv('student_id,school_id,school_year,days_enrolled,days_absent', 'st3,S2,2021-2022,170,12'),
    'assessments.csv': csv(
      'student_id,school_id,school_year,assessment,subject,administration_date,grade,scale_score,performance_level,performance_level_label,proficient',
      'st1,S1,2021-2022,State Test,ela,2022-04-20,03,2450.5,3,Met,Y',
      'st1,S1,2021-2022,State Test,math,2022-04-21,03,2390,2,Nearly met,N',
      'st3,S2,2021-2022,State Test,ela,2022-04-20,07,,,,',
    ),
    'discipline.csv': csv('incident_id,student_id,school_id,date,behavior,action,days', 'I1,st3,S2,2021-10-05,Fighting,out_of_school_suspension,2', 'I1,st2,S1,2021-10-05,Fighting,in_school_suspension,1'),
  };
}
