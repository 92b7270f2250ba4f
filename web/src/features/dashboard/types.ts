/** The shapes the measures API returns (server/measures/schema.ts). */
import type { Role } from '../../../../common/roles.ts';

export interface Cell {
  denominator: number | null;
  numerator: number | null;
  rate: number | null;
  /** With top/bottom coding: '<=5%' or '>=95%' instead of the rate. */
  band?: string | null;
  suppressed: boolean;
}

export interface Figure extends Cell {
  measure: string;
  assessment?: string;
  subject?: string;
  prior: Cell | null;
  change: number | null;
}

export interface SchoolRank extends Cell {
  schoolId: number;
  code: string;
  name: string;
  prior: Cell | null;
}

export interface Gap extends Cell {
  group: string;
  kind: string;
  gap: number | null;
}

export interface GradeRow extends Cell {
  grade: string;
}

export interface TrendPoint extends Cell {
  month: string;
  prior: Cell | null;
}

export interface Tiers {
  denominator: number | null;
  satisfactory: number | null;
  at_risk: number | null;
  moderate: number | null;
  severe: number | null;
  suppressed: boolean;
}

export type GoalStatus = 'met' | 'on_track' | 'off_track' | 'no_data' | 'suppressed';

export interface Goal {
  id: number;
  title: string;
  measure: string;
  measureKeys: Record<string, string>;
  better: 'lower' | 'higher';
  school: { id: number; code: string; name: string } | null;
  group: string | null;
  baselineYear: string | null;
  baseline: number;
  target: number;
  startDate: string;
  targetDate: string;
  notes: string | null;
  owners: Array<{ type: 'district' | 'school' | 'partner' | 'union'; id: number | null; name: string }>;
  progress: {
    year: string | null;
    asOf: string | null;
    current: number | null;
    denominator: number | null;
    expected: number | null;
    share: number | null;
    status: GoalStatus;
  };
}

export interface Dashboard {
  year: string;
  years: string[];
  asOf: string;
  priorYear: string | null;
  priorAsOf: string | null;
  minN: number;
  suppressionApplied: boolean;
  school: { id: number; code: string; name: string } | null;
  figures: Figure[];
  tiers: Tiers | null;
  proficiency: Figure[];
  schools: SchoolRank[];
  grades: GradeRow[];
  gaps: Gap[];
  trend: TrendPoint[];
  goals: Goal[];
  ignored: { nonInstructionalDays: number; outsideEnrollment: number };
  warnings: string[];
}

export type StudentListName = 'chronically-absent' | 'at-risk' | 'early-warning';

export interface StudentListRow {
  studentId: number;
  studentNumber: string;
  firstName: string;
  lastName: string;
  school: { id: number; code: string; name: string };
  grade: string;
  daysEnrolled: number;
  daysAbsent: number;
  rate: number;
  tier: 'satisfactory' | 'at_risk' | 'moderate' | 'severe';
  stillEnrolled: boolean;
  daysCanStillMiss: number;
}

export interface StudentList {
  list: StudentListName;
  year: string;
  asOf: string;
  school: { id: number; code: string; name: string } | null;
  total: number;
  students: StudentListRow[];
}

export interface MeasureInfo {
  key: string;
  description: string;
  better: 'lower' | 'higher';
  numerator: boolean;
  rate: boolean;
  rowKeys: string[];
}

export interface MeasureList {
  measures: MeasureInfo[];
  dimensions: string[];
  groupKinds: string[];
  years: Array<{ name: string; startDate: string; endDate: string }>;
  defaultYear: string | null;
}

/** Who may open the lists of students behind a number (the API limits them to the students they may see). */
export const STUDENT_ROLES: readonly Role[] = ['district_admin', 'data_manager', 'school_staff', 'teacher', 'partner_staff'];
/** Who may set and change goals. */
export const GOAL_EDITORS: readonly Role[] = ['district_admin', 'data_manager'];
