/**
 * Ed-Fi descriptors (`uri://ed-fi.org/SexDescriptor#Female`, or in Data Standard 2 a CodeValue with
 * a Namespace, or a plain enumeration value) and how they map onto Village's codes. Village ships a
 * default for the standard values; a district's data manager adds or overrides mappings (stored in
 * edfi_descriptor_mappings, edited on the Ed-Fi mappings page). A value with no mapping is reported
 * as a warning naming the file, the line and the descriptor.
 */
import { isoLanguage } from './languages.ts';
import type { XmlNode } from './xml.ts';
import { child } from './xml.ts';

/** The kinds of descriptor Village reads, and the Village codes each may map to. */
export const DESCRIPTOR_CATEGORIES = {
  GradeLevel: ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', 'ignore'],
  Sex: ['F', 'M', 'X', 'ignore'],
  Race: ['american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white', 'hispanic', 'ignore'],
  AttendanceEventCategory: ['present', 'absent_excused', 'absent_unexcused', 'suspension_out_of_school', 'suspension_in_school', 'tardy', 'partial', 'ignore'],
  CalendarEvent: ['instructional', 'non_instructional'],
  Discipline: ['out_of_school_suspension', 'in_school_suspension', 'expulsion', 'other'],
  ProgramType: ['special_education', 'english_learner', 'food_service', 'homeless', 'foster', 'other'],
  StudentCharacteristic: ['english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'ignore'],
  LimitedEnglishProficiency: ['english_learner', 'not_english_learner'],
  SchoolFoodServicesEligibility: ['economically_disadvantaged', 'not_economically_disadvantaged'],
  AcademicSubject: ['ela', 'math', 'science', 'other'],
  PerformanceLevel: ['proficient', 'not_proficient'],
  SchoolCategory: ['elementary', 'middle', 'high', 'k8', 'k12', 'other'],
  /** Any ISO 639 code (two or three letters). */
  Language: [],
} as const satisfies Record<string, readonly string[]>;

export type DescriptorCategory = keyof typeof DESCRIPTOR_CATEGORIES;
export const CATEGORY_NAMES = Object.keys(DESCRIPTOR_CATEGORIES) as DescriptorCategory[];

export function isCategory(value: string): value is DescriptorCategory {
  return Object.prototype.hasOwnProperty.call(DESCRIPTOR_CATEGORIES, value);
}

/** Whether `code` is a Village code this category may map to. */
export function isValidCode(category: DescriptorCategory, code: string): boolean {
  if (category === 'Language') return code === 'ignore' || /^[a-z]{2,3}$/.test(code);
  return (DESCRIPTOR_CATEGORIES[category] as readonly string[]).includes(code);
}

/** Descriptor values are compared without regard to case or runs of spaces. */
export function valueKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface Descriptor {
  /** The value after '#', or the CodeValue, or the enumeration text. */
  value: string;
  /** The part before '#' (e.g. uri://ed-fi.org/SexDescriptor), the Data Standard 2 Namespace, or ''. */
  namespace: string;
  /** How the file wrote it, for messages: the URI, or "Namespace#CodeValue", or the text. */
  written: string;
}

/** Parses a descriptor from its element: a URI text, a CodeValue/Namespace pair, or plain text. */
export function readDescriptor(node: XmlNode | null | undefined): Descriptor | null {
  if (!node) return null;
  if (node.text) return parseDescriptorText(node.text);
  const codeValue = child(node, 'CodeValue');
  if (codeValue?.text) {
    const ns = (child(node, 'Namespace')?.text ?? '').replace(/\.xml$/i, '');
    return { value: codeValue.text, namespace: ns, written: ns ? `${ns}#${codeValue.text}` : codeValue.text };
  }
  // Some collections wrap the descriptor once more (<Race><Race>…</Race></Race>).
  const inner = node.children.find((c) => c.name === node.name || c.name.endsWith('Descriptor'));
  return inner ? readDescriptor(inner) : null;
}

export function parseDescriptorText(text: string): Descriptor {
  const hash = text.lastIndexOf('#');
  if (hash > 0 && /^[a-z][a-z0-9+.-]*:/i.test(text)) {
    return { value: text.slice(hash + 1).trim(), namespace: text.slice(0, hash).trim(), written: text };
  }
  return { value: text.trim(), namespace: '', written: text };
}

interface ShippedMapping {
  /** The value as Ed-Fi writes it. */
  value: string;
  code: string;
}
type Defaults = Partial<Record<DescriptorCategory, Record<string, ShippedMapping>>>;

function table(entries: Record<string, string[]>): Record<string, ShippedMapping> {
  const out: Record<string, ShippedMapping> = {};
  for (const [code, values] of Object.entries(entries)) for (const value of values) out[valueKey(value)] = { value, code };
  return out;
}

const GRADE_NAMES = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth', 'Eleventh', 'Twelfth'];

/** The mappings Village ships: the standard Ed-Fi values (Data Standards 2 to 5) onto Village's codes. */
export const DEFAULT_MAPPINGS: Defaults = {
  GradeLevel: {
    ...table({
      PK: ['Prekindergarten', 'Preschool/Prekindergarten', 'Preschool', 'Pre-kindergarten', 'Early Education', 'PK'],
      TK: ['Transitional Kindergarten', 'TK'],
      KG: ['Kindergarten', 'KG', 'K'],
    }),
    ...Object.fromEntries(GRADE_NAMES.flatMap((name, i) => {
      const code = String(i + 1).padStart(2, '0');
      return [
        [valueKey(`${name} grade`), { value: `${name} grade`, code }],
        [code, { value: code, code }],
        [String(i + 1), { value: String(i + 1), code }],
      ];
    })),
  },
  Sex: table({ F: ['Female', 'F'], M: ['Male', 'M'], X: ['Non-binary', 'Nonbinary', 'X'], ignore: ['Not Selected', 'Unknown'] }),
  Race: table({
    american_indian_alaska_native: ['American Indian or Alaska Native', 'American Indian - Alaska Native', 'American Indian - Alaskan Native', 'American Indian Or Alaskan Native'],
    asian: ['Asian'],
    black: ['Black or African American', 'Black - African American'],
    native_hawaiian_pacific_islander: ['Native Hawaiian or Pacific Islander', 'Native Hawaiian or Other Pacific Islander', 'Native Hawaiian - Pacific Islander'],
    // Reported as White under the 1997 federal standard states still use; a district may change it.
    white: ['White', 'Middle Eastern or North African'],
    hispanic: ['Hispanic or Latino', 'Hispanic'],
    ignore: ['Choose Not to Respond', 'Other', 'Unknown'],
  }),
  AttendanceEventCategory: table({
    present: ['In Attendance', 'Present'],
    absent_excused: ['Excused Absence'],
    absent_unexcused: ['Unexcused Absence'],
    suspension_out_of_school: ['Out of School Suspension'],
    suspension_in_school: ['In School Suspension'],
    tardy: ['Tardy'],
    partial: ['Partial', 'Early departure'],
  }),
  CalendarEvent: table({
    instructional: ['Instructional day', 'Make-up day', 'Student late arrival/early dismissal'],
    non_instructional: ['Holiday', 'Non-instructional day', 'Teacher only day', 'Weather day', 'Emergency day', 'Strike', 'Other'],
  }),
  Discipline: table({
    out_of_school_suspension: ['Out of School Suspension', 'Out-of-School Suspension'],
    in_school_suspension: ['In School Suspension', 'In-School Suspension'],
    expulsion: ['Expulsion', 'Expulsion with Services', 'Expulsion under Guns Free School Act', 'Expulsion under Guns Free School Act with Services'],
    other: ['Removal from Classroom', 'Community Service', 'Other', 'No action for incident', 'Detention', 'Saturday School'],
  }),
  ProgramType: table({
    special_education: ['Special Education', 'IDEA', 'Preschool Special Education', 'Early Intervention Services Part C'],
    english_learner: ['English as a Second Language (ESL)', 'Bilingual', 'Bilingual Summer', 'English Learner', 'Title III'],
    // Grand Bend-style exports file the school food service program under the compensatory type.
    food_service: ['Student School Food Service', 'School Food Service', 'Compensatory Services for Disadvantaged Students'],
    homeless: ['Homeless'],
    foster: ['Foster Care'],
    other: [
      'Adult/Continuing Education', 'Alternative Education', 'Athletics', 'Career and Technical Education', 'Cocurricular Programs', 'College Preparatory',
      'Community Service Program', 'Community/Junior College Education Program', 'Counseling Services', 'District-Funded GED', 'Early Head Start', 'Even Start',
      'Expelled Education', 'Extended Day/Child Care Services', 'Fee For Service', 'Foreign Exchange', 'Gifted and Talented', 'Head Start', 'Health Services Program',
      'High School Equivalency Program (HSEP)', 'Home Visiting', 'Immigrant Education', 'Independent Study', 'Indian Education', 'International Baccalaureate',
      'Kindergarten - Extended Day', 'Kindergarten - Full Day', 'Kindergarten - Half Day', 'Library/Media Services Program', 'Magnet/Special Program Emphasis',
      'Migrant Education', 'Neglected and Delinquent Program', 'Optional Flexible School Day Program (OFSDP)', 'Other', 'Prekindergarten - Extended Day',
      'Prekindergarten - Full Day', 'Prekindergarten - Half Day', 'Public Preschool', 'Regular Education', 'Remedial Education', 'Section 504 Placement',
      'Service Learning', 'Student Retention/Dropout Prevention', 'Substance Abuse Education/Prevention', 'Support', 'Teacher Professional Development/Mentoring',
      'Technical Preparatory', 'Title I Part A', 'Title I Part D Subpart 1', 'Title I Part D Subpart 2',
    ],
  }),
  StudentCharacteristic: table({
    english_learner: ['Limited English Proficient', 'English Learner'],
    disability: ['Student with Disability', 'Disability'],
    economically_disadvantaged: ['Economic Disadvantaged', 'Economically Disadvantaged', 'Low Income'],
    homeless: ['Homeless', 'Unaccompanied Youth'],
    foster: ['Foster Care', 'Foster'],
    ignore: ['Immigrant', 'Migrant', 'Parent in Military', 'Pregnant', 'Refugee', 'Runaway', 'Section 504 Handicapped', 'Single Parent', 'Displaced Homemaker', 'At Risk', 'Asylee', 'Gifted and Talented'],
  }),
  LimitedEnglishProficiency: table({
    english_learner: ['Limited', 'English Learner'],
    not_english_learner: ['NotLimited', 'Not Limited', 'Formerly Limited', 'Limited Monitored 1', 'Limited Monitored 2'],
  }),
  SchoolFoodServicesEligibility: table({
    economically_disadvantaged: ['Free', 'Reduced price', 'ReducedPrice', 'Reduced'],
    not_economically_disadvantaged: ['Full price', 'FullPrice', 'Unknown'],
  }),
  AcademicSubject: table({
    ela: ['English Language Arts', 'English', 'Reading', 'Writing', 'Literature', 'Language Arts', 'Critical Reading'],
    math: ['Mathematics', 'Math'],
    science: ['Science', 'Life and Physical Sciences'],
    other: [
      'Composite', 'Social Studies', 'Social Sciences and History', 'Fine and Performing Arts', 'Foreign Language and Literature', 'Physical, Health, and Safety Education',
      'Career and Technical Education', 'Religious Education and Theology', 'Military Science', 'Other', 'Computer and Information Sciences', 'Economics',
    ],
  }),
  PerformanceLevel: table({
    proficient: [
      'Met Standard', 'Commended', 'Advanced', 'Proficient', 'Exceeds Standard', 'Exceeded Standard', 'Met', 'Exceeds', 'Mastered', 'Meets Grade Level',
      'Masters Grade Level', 'Pass', 'Passed', 'Above Proficient', 'Met Benchmark', 'Above Benchmark', 'At or Above Benchmark', 'Distinguished',
    ],
    not_proficient: [
      'Did Not Meet Standard', 'Below Basic', 'Basic', 'Not Proficient', 'Approaches Grade Level', 'Does Not Meet', 'Did Not Meet', 'Fail', 'Failed',
      'Below Benchmark', 'Well Below Benchmark', 'Partially Met Standard', 'Nearly Met Standard', 'Approaching', 'Unsatisfactory', 'Minimal', 'Below Proficient',
    ],
  }),
  Language: table({ ignore: ['Other', 'Other languages', 'Unknown', 'Not specified'] }),
  SchoolCategory: table({
    elementary: ['Elementary School', 'Primary School'],
    middle: ['Middle School', 'Junior High School', 'Intermediate School'],
    high: ['High School', 'Secondary School'],
    k12: ['Elementary/Secondary School', 'All Levels'],
    other: ['Adult School', 'Infant/toddler School', 'Preschool/early childhood', 'Ungraded', 'Other'],
  }),
};

/** A district's own mapping (edfi_descriptor_mappings). namespace '' applies to every namespace. */
export interface DescriptorOverride {
  descriptor: DescriptorCategory;
  codeValue: string;
  namespace: string;
  code: string;
}

/** Resolves descriptors to Village codes: the district's mappings first, then the shipped defaults. */
export class DescriptorMappings {
  private readonly exact = new Map<string, string>();
  private readonly any = new Map<string, string>();

  constructor(overrides: readonly DescriptorOverride[] = []) {
    for (const o of overrides) {
      const k = `${o.descriptor}\u0000${valueKey(o.codeValue)}`;
      if (o.namespace) this.exact.set(`${k}\u0000${o.namespace.toLowerCase()}`, o.code);
      else this.any.set(k, o.code);
    }
  }

  /** The shipped default for a value, if any. */
  static shipped(category: DescriptorCategory, value: string): string | undefined {
    return DEFAULT_MAPPINGS[category]?.[valueKey(value)]?.code;
  }

  /** The Village code, 'ignore', or undefined when nothing maps this value. */
  resolve(category: DescriptorCategory, d: Descriptor): string | undefined {
    const key = valueKey(d.value);
    const k = `${category}\u0000${key}`;
    const own = (d.namespace && this.exact.get(`${k}\u0000${d.namespace.toLowerCase()}`)) || this.any.get(k);
    if (own) return own;
    const shipped = DEFAULT_MAPPINGS[category]?.[key];
    if (shipped) return shipped.code;
    if (category === 'Language') return isoLanguage(d.value) ?? undefined;
    return undefined;
  }
}

/** The shipped defaults as a flat list, for the mappings page. */
export function defaultMappingList(): Array<{ descriptor: DescriptorCategory; codeValue: string; code: string }> {
  const out: Array<{ descriptor: DescriptorCategory; codeValue: string; code: string }> = [];
  for (const category of CATEGORY_NAMES) {
    const entries = DEFAULT_MAPPINGS[category];
    if (!entries) continue;
    for (const m of Object.values(entries)) out.push({ descriptor: category, codeValue: m.value, code: m.code });
  }
  return out;
}

/** How a Village subject is named in Ed-Fi, so an assessment's name only mentions other subjects. */
export const CANONICAL_SUBJECT: Record<string, string> = { ela: 'english language arts', math: 'mathematics', science: 'science' };
