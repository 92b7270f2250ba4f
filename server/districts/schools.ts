/** Schools of a district. Every query is scoped to the asking person's district. */
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import type { z } from 'zod';
import type { schoolInputSchema, schoolSchema } from './schema.ts';

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

export async function createSchool(db: Db, districtId: number, input: z.output<typeof schoolInputSchema>): Promise<School> {
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
    .catch((err) => {
      if ((err as { code?: string }).code === '23505' || String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
        throw new AppError('conflict', `A school with code "${input.code}" already exists.`, { fields: [{ path: 'code', message: 'is already used' }] });
      }
      throw err;
    });
  return toSchool(row);
}

export async function updateSchool(db: Db, districtId: number, id: number, input: Partial<z.output<typeof schoolInputSchema>>): Promise<School> {
  await getSchool(db, districtId, id);
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
    .execute();
  return getSchool(db, districtId, id);
}
