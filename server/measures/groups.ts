/**
 * Student groups for breakdowns. Each kind partitions the students: every student is in exactly one
 * value of each kind (flags have a Y and an N value; a missing sex or home language is `unknown`).
 * Race/ethnicity follows the federal rule, already derived on the roster (students.race_ethnicity).
 */
export const GROUP_KINDS = [
  'race',
  'sex',
  'english_learner',
  'disability',
  'economically_disadvantaged',
  'homeless',
  'foster',
  'home_language',
] as const;

export type GroupKind = (typeof GROUP_KINDS)[number];

export const RACE_VALUES = ['hispanic', 'american_indian_alaska_native', 'asian', 'black', 'native_hawaiian_pacific_islander', 'white', 'two_or_more', 'unknown'] as const;
export const SEX_VALUES = ['F', 'M', 'X', 'unknown'] as const;
export const FLAG_VALUES = ['Y', 'N'] as const;

export interface StudentGroupSource {
  race_ethnicity: string;
  sex: string | null;
  english_learner: number;
  disability: number;
  economically_disadvantaged: number;
  homeless: number;
  foster: number;
  home_language: string | null;
}

const flag = (v: number) => (v === 1 ? 'Y' : 'N');

/** The student's value of every kind, in GROUP_KINDS order. */
export function groupValues(s: StudentGroupSource): string[] {
  const race = (RACE_VALUES as readonly string[]).includes(s.race_ethnicity) ? s.race_ethnicity : 'unknown';
  const sex = s.sex && (SEX_VALUES as readonly string[]).includes(s.sex) ? s.sex : 'unknown';
  const lang = s.home_language && /^[a-z]{2,3}$/i.test(s.home_language.trim()) ? s.home_language.trim().toLowerCase() : 'unknown';
  return [race, sex, flag(s.english_learner), flag(s.disability), flag(s.economically_disadvantaged), flag(s.homeless), flag(s.foster), lang];
}

/** Parses 'kind=value'; null when it is not a known kind. */
export function parseGroup(group: string): { kind: GroupKind; value: string } | null {
  const i = group.indexOf('=');
  if (i < 0) return null;
  const kind = group.slice(0, i) as GroupKind;
  const value = group.slice(i + 1);
  if (!GROUP_KINDS.includes(kind) || !value) return null;
  return { kind, value };
}

/** Order of values within a kind, for stable output. */
export function groupValueOrder(kind: GroupKind, value: string): number {
  if (kind === 'race') return RACE_VALUES.indexOf(value as (typeof RACE_VALUES)[number]);
  if (kind === 'sex') return SEX_VALUES.indexOf(value as (typeof SEX_VALUES)[number]);
  if (kind === 'home_language') return value === 'unknown' ? 1000 : 0;
  return value === 'Y' ? 0 : 1;
}

export const GRADE_ORDER = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;

export function gradeOrder(grade: string): number {
  const i = (GRADE_ORDER as readonly string[]).indexOf(grade);
  return i < 0 ? 100 : i;
}

/** Students' groups as small integer codes, so figures are added up without string keys. */
export interface GroupCoding {
  /** Per student, the code of their value of each kind (GROUP_KINDS order). */
  codes: Map<number, Int32Array>;
  /** 'kind=value' of each code; code 0 is "no group". */
  names: string[];
  /** Index in GROUP_KINDS of each code's kind (-1 for code 0). */
  kindOf: Int8Array;
}

export function codeGroups(groups: Map<number, string[]>): GroupCoding {
  const index = new Map<string, number>();
  const names = [''];
  const kinds: number[] = [-1];
  const codes = new Map<number, Int32Array>();
  for (const [studentId, values] of groups) {
    const c = new Int32Array(GROUP_KINDS.length);
    for (let k = 0; k < GROUP_KINDS.length; k++) {
      const name = `${GROUP_KINDS[k]}=${values[k]}`;
      let code = index.get(name);
      if (code === undefined) {
        code = names.length;
        index.set(name, code);
        names.push(name);
        kinds.push(k);
      }
      c[k] = code;
    }
    codes.set(studentId, c);
  }
  return { codes, names, kindOf: Int8Array.from(kinds) };
}
