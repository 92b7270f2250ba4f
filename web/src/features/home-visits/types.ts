/** The shapes the home-visits API answers with (see server/home-visits/schema.ts). */
export type Purpose = 'hopes_and_dreams' | 'relationship' | 'academic';
export type VisitStatus = 'scheduled' | 'held' | 'completed' | 'cancelled' | 'no_show';
export type Place = 'home' | 'community' | 'virtual';

export interface KitSchool {
  id: number;
  name: string;
  visitTypes: Array<{ id: number; name: string; purpose: Purpose }>;
  educators: Array<{ staffId: number; name: string }>;
}
export interface KitFamily {
  schoolId: number;
  key: string;
  students: Array<{ id: number; firstName: string; lastName: string; grade: string }>;
  otherStudents: number;
  language: string | null;
  interpreterNeeded: boolean;
  offerable: boolean;
  response: 'accepted' | 'declined' | 'no_answer';
  status: string;
  visitsSoFar: number;
}
export interface KitVisit {
  id: number;
  schoolId: number;
  schoolName: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  place: Place;
  placeDetail: string | null;
  language: string;
  visitTypeId: number;
  visitTypeName: string;
  purpose: Purpose;
  students: Array<{ id: number; firstName: string; lastName: string }>;
  educators: Array<{ staffId: number; name: string }>;
  interpreter: { name: string; language: string | null } | null;
}
export interface FieldKit {
  year: string;
  yearStart: string;
  yearEnd: string;
  generatedAt: string;
  staffId: number | null;
  schools: KitSchool[];
  families: KitFamily[];
  visits: KitVisit[];
}

export interface Visit {
  id: number;
  schoolId: number;
  schoolName: string;
  year: string;
  visitType: { id: number; name: string; purpose: Purpose };
  status: VisitStatus;
  date: string;
  startTime: string;
  endTime: string;
  durationMinutes: number;
  place: Place;
  placeDetail: string | null;
  language: string;
  arrangedOn: string;
  interpreter: { name: string; language: string | null } | null;
  educators: Array<{ staffId: number; name: string; travelMinutes: number; reflected: boolean }>;
  students: Array<{ id: number; firstName: string; lastName: string }>;
  otherStudents: number;
  notesVisible: boolean;
  notes: string | null;
  reflections: Array<{ staffId: number; name: string; learned: string; willUse: string; minutes: number; writtenAt: string }> | null;
  outcomeReason: string | null;
  loggedAt: string | null;
  completedAt: string | null;
  can: { log: boolean; reflect: boolean; cancel: boolean };
}
export interface Submission {
  visit: Visit;
  replayed: boolean;
  message: string;
}
export interface VisitSummary {
  id: number;
  schoolId: number;
  schoolName: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  status: VisitStatus;
  visitType: string;
  purpose: Purpose;
  place: Place;
  educators: string[];
  students: string[];
  otherStudents: number;
  mine: boolean;
}

export interface Family {
  key: string;
  students: Array<{ id: number; firstName: string; lastName: string; grade: string }>;
  otherStudents: number;
  guardians: Array<{ id: number; firstName: string; lastName: string; phone: string | null; preferredLanguage: string | null }>;
  answer: { response: 'accepted' | 'declined' | 'no_answer'; respondedOn: string | null; askedAgain: boolean; preferredLanguage: string | null; interpreterNeeded: boolean };
  language: string | null;
  offerable: boolean;
  visits: { completed: number; held: number; scheduled: number; firstVisitDate: string | null; nextVisitDate: string | null };
  status: 'visited' | 'awaiting_reflections' | 'scheduled' | 'not_visited';
}

export interface Program {
  id: number;
  schoolId: number;
  schoolName: string;
  year: string;
  coverageTarget: number;
  hourlyRateCents: number;
  countVisitTime: boolean;
  countTravelTime: boolean;
  countReflectionTime: boolean;
  payPeriod: 'monthly' | 'semimonthly' | 'biweekly';
  payPeriodAnchor: string | null;
  crossSectionTolerance: number;
  coordinators: Array<{ userId: number; displayName: string; email: string; role: string }>;
  visitTypes: Array<{ id: number; name: string; purpose: Purpose; active: boolean }>;
}
export interface ProgramList {
  year: string;
  schools: Array<{ id: number; name: string; code: string; coordinator: boolean; coordinators: string[]; target: number }>;
}
export interface Educator {
  staffId: number;
  firstName: string;
  lastName: string;
  email: string | null;
  schoolIds: number[];
  trainings: Array<{ id: number; date: string; trainer: string; hours: number; notes: string | null }>;
  trained: boolean;
  firstTrainedOn: string | null;
  optedIn: boolean;
  participationChangedAt: string | null;
}

export interface CoverageRow {
  level: 'district' | 'school' | 'grade' | 'class' | 'teacher';
  schoolId: number | null;
  label: string;
  grade: string | null;
  classId: number | null;
  staffId: number | null;
  students: number | null;
  studentsVisited: number | null;
  families: number | null;
  familiesVisited: number | null;
  rate: number | null;
  familyRate: number | null;
  target: number | null;
  reachedTarget: boolean | null;
  suppressed: boolean;
}
export interface Coverage {
  year: string;
  asOf: string;
  minN: number;
  aggregateOnly: boolean;
  rows: CoverageRow[];
  timeline: Array<{ month: string; asOf: string; schoolId: number | null; studentsVisited: number; familiesVisited: number; students: number; families: number }>;
}
export interface CrossSection {
  year: string;
  asOf: string;
  schoolId: number | null;
  schoolName: string | null;
  visitedFamilies: number;
  enrolledFamilies: number;
  minimumVisited: number;
  alpha: number;
  tolerance: number;
  verdict: 'no_verdict' | 'cross_section' | 'concentrated';
  statement: string;
  kinds: Array<{
    kind: string;
    chiSquare: number | null;
    degreesOfFreedom: number | null;
    pValue: number | null;
    verdict: 'no_verdict' | 'cross_section' | 'concentrated';
    groups: Array<{ value: string; expected: number; observed: number; enrolledShare: number; visitedShare: number; ratio: number | null; flag: 'over' | 'under' | null }>;
  }>;
}
export interface Results {
  year: string;
  asOf: string;
  schoolId: number | null;
  groups: Array<{ visited: boolean; students: number | null; eligible: number | null; chronicallyAbsent: number | null; chronicRate: number | null; daysEnrolled: number | null; daysAbsent: number | null; attendanceRate: number | null; suppressed: boolean }>;
  beforeAfter: {
    students: number | null;
    meanRateBefore: number | null;
    meanRateAfter: number | null;
    higherAfter: number | null;
    lowerAfter: number | null;
    suppressed: boolean;
    list: Array<{ studentId: number; name: string; schoolId: number; firstVisitDate: string; before: { enrolled: number; absent: number; rate: number | null }; after: { enrolled: number; absent: number; rate: number | null } }> | null;
  };
  minDaysEachSide: number;
  statement: string;
  study: string;
  hasAttendance: boolean;
}
export interface PayRow {
  staffId: number;
  staffNumber: string;
  name: string;
  email: string | null;
  schoolId: number;
  schoolName: string;
  periodStart: string;
  periodEnd: string;
  visits: number;
  visitMinutes: number;
  travelMinutes: number;
  reflectionMinutes: number;
  hours: number;
  rateCents: number;
  amountCents: number;
}
export interface Compensation {
  year: string;
  rows: PayRow[];
  pending: Array<{ staffId: number; name: string; visits: number }>;
}
export interface Participation {
  year: string;
  schools: Array<{ schoolId: number; schoolName: string; educators: number; trained: number; optedIn: number; visiting: number; trainingHours: number; paidHours: number; amountCents: number }>;
  educators: Array<Educator & { completedVisits: number; paidHours: number; amountCents: number; trainingHours: number }>;
}

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
export const money = (cents: number) => (cents / 100).toFixed(2);
