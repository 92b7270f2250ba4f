/** The roster API's shapes, taken from the server's schemas (types only: nothing of the server is bundled). */
import type { z } from 'zod';
import type { classDetailSchema, classListSchema, studentDetailSchema, studentListSchema } from '../../../../server/roster/schema.ts';

export type StudentList = z.output<typeof studentListSchema>;
export type StudentSummary = StudentList['students'][number];
export type StudentDetail = z.output<typeof studentDetailSchema>;
export type ClassList = z.output<typeof classListSchema>;
export type ClassDetail = z.output<typeof classDetailSchema>;

export interface SchoolOption {
  id: number;
  name: string;
}
export interface YearOption {
  id: number;
  name: string;
}

export const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
