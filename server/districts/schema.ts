import { z } from 'zod';

export const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export const SCHOOL_TYPES = ['elementary', 'middle', 'high', 'k8', 'k12', 'other'] as const;

export const schoolSchema = z
  .object({
    id: z.number().int(),
    code: z.string().describe('The school\'s identifier in the student information system'),
    localId: z.string().nullable(),
    name: z.string(),
    schoolType: z.enum(SCHOOL_TYPES),
    lowGrade: z.enum(GRADES).nullable(),
    highGrade: z.enum(GRADES).nullable(),
  })
  .meta({ id: 'School' });

export const schoolInputSchema = z.object({
  code: z.string().trim().min(1).max(60),
  localId: z.string().trim().max(60).nullable().optional(),
  name: z.string().trim().min(1).max(200),
  schoolType: z.enum(SCHOOL_TYPES).default('other'),
  lowGrade: z.enum(GRADES).nullable().optional(),
  highGrade: z.enum(GRADES).nullable().optional(),
});

export const idParam = (name: string) => z.object({ [name]: z.coerce.number().int().positive() });
