/** Schools of a district. Every query is scoped to the asking person's district. */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { z } from 'zod';
import { GRADES, type schoolInputSchema, type schoolSchema } from './schema.ts';

type School = z.input<typeof schoolSchema>;

function toSchool(r: { id: number; code: string; local_id: string | null; name: string; school_type: string; low_grade: string | null; high_grade: string | null }): School {
  return {
    id: r.id,
    code: r.code,
    localId: r.local_id,
    name: r.name,
    schoolType: r.school_type as School['schoolType'],
    lowGrade: r.low_grade as School['lowGrade'],
    highGrade: r.high_grade as School['highGrade'],
  };
}

export async function listSchools(db: Db, districtId: number): Promise<School[]> {
  const rows = await db.selectFrom('schools').selectAll().where('district_id', '=', districtId).where('status', '=', 'active').orderBy('name').execute();
  return rows.map(toSchool);
}

export async function getSchool(db: Db, districtId: number, id: number): Promise<School> {
  const row = await db.selectFrom('schools').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such school.');
  return toSchool(row);
}

function checkGrades(low: string | null | undefined, high: string | null | undefined) {
  if (low && high && GRADES.indexOf(low as (typeof GRADES)[number]) > GRADES.indexOf(high as (typeof GRADES)[number])) {
    throw new AppError('validation_failed', 'The lowest grade comes after the highest.', { fields: [{ path: 'highGrade', message: `must not be below the lowest grade (${low})` }] });
  }
}

function codeTaken(code: string | undefined) {
  return (err: unknown): never => {
    const c = String((err as { code?: string }).code);
    if (c === '23505' || c.startsWith('SQLITE_CONSTRAINT')) {
      throw new AppError('conflict', `A school with code "${code}" already exists.`, { fields: [{ path: 'code', message: 'is already used' }] });
    }
    throw err;
  };
}

export async function createSchool(db: Db, districtId: number, input: z.output<typeof schoolInputSchema>): Promise<School> {
  checkGrades(input.lowGrade, input.highGrade);
  const row = await db
    .insertInto('schools')
    .values({
      district_id: districtId,
      code: input.code,
      local_id: input.localId ?? null,
      name: input.name,
      school_type: input.schoolType,
      low_grade: input.lowGrade ?? null,
      high_grade: input.highGrade ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(codeTaken(input.code));
  return toSchool(row);
}

export async function updateSchool(db: Db, districtId: number, id: number, input: Partial<z.output<typeof schoolInputSchema>>): Promise<School> {
  const current = await getSchool(db, districtId, id);
  checkGrades(input.lowGrade === undefined ? current.lowGrade : input.lowGrade, input.highGrade === undefined ? current.highGrade : input.highGrade);
  await db
    .updateTable('schools')
    .set({
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.localId !== undefined ? { local_id: input.localId } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.schoolType !== undefined ? { school_type: input.schoolType } : {}),
      ...(input.lowGrade !== undefined ? { low_grade: input.lowGrade } : {}),
      ...(input.highGrade !== undefined ? { high_grade: input.highGrade } : {}),
      updated_at: new Date().toISOString(),
    })
    .where('district_id', '=', districtId)
    .where('id', '=', id)
    .execute()
    .catch(codeTaken(input.code));
  return getSchool(db, districtId, id);
}
