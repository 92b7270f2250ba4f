export interface DistrictSettings {
  minN: number;
  minDaysEnrolled: number;
  partialDayThresholdMinutes: number | null;
  topBottomCoding: boolean;
  homeVisitCoverageTarget: number;
}

export interface District {
  id: number;
  code: string;
  name: string;
  settings: DistrictSettings;
}

export const SCHOOL_TYPES = ['elementary', 'middle', 'high', 'k8', 'k12', 'other'] as const;
export const GRADES = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;

export interface School {
  id: number;
  code: string;
  localId: string | null;
  name: string;
  schoolType: (typeof SCHOOL_TYPES)[number];
  lowGrade: string | null;
  highGrade: string | null;
}

export interface SchoolYear {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

export interface CalendarDay {
  date: string;
  instructional: boolean;
  event: string | null;
}

export interface Calendar {
  schoolId: number;
  schoolYear: SchoolYear;
  days: CalendarDay[];
  summary: { instructionalDays: number; nonInstructionalDays: number; firstDay: string | null; lastDay: string | null };
}
