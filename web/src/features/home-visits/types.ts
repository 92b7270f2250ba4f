/** What the home-visits API answers with: the types come from the shared schemas (common/home-visits.ts). */
import type {
  Compensation,
  Coverage,
  CrossSection,
  EducatorView,
  FamilyView,
  FieldKit,
  Participation,
  Place,
  PayRowView,
  ProgramList,
  ProgramView,
  Results,
  Submission,
  Visit,
  VisitPurpose,
  VisitSummary,
} from '../../../../common/home-visits.ts';

export type { Compensation, Coverage, CrossSection, FieldKit, Participation, Place, ProgramList, Results, Submission, Visit, VisitSummary };
export type Purpose = VisitPurpose;
export type VisitStatus = Visit['status'];
export type KitSchool = FieldKit['schools'][number];
export type KitFamily = FieldKit['families'][number];
export type KitVisit = FieldKit['visits'][number];
export type Family = FamilyView;
export type Program = ProgramView;
export type Educator = EducatorView;
export type CoverageRow = Coverage['rows'][number];
export type PayRow = PayRowView;

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
export const money = (cents: number) => (cents / 100).toFixed(2);
