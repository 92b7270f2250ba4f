/**
 * What the Ed-Fi reader keeps while it reads a folder: facts one file gives the next (schools,
 * school years, sessions, assessment definitions, program memberships), and per file the helpers
 * that read values from a record and report problems by file, line and element.
 */
import type { Grade, ImportIssue, RecordSink, SourceRef } from '../records.ts';
import { DescriptorMappings, readDescriptor, type Descriptor, type DescriptorCategory } from './descriptors.ts';
import { at, child, type XmlNode } from './xml.ts';

export const GRADE_ORDER: readonly Grade[] = ['PK', 'TK', 'KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/** Flags a student's programs give them (a bit each). */
export const PROGRAM_FLAG = { disability: 1, english_learner: 2, economically_disadvantaged: 4, homeless: 8, foster: 16 } as const;
export const PROGRAM_CODE_FLAG: Record<string, number> = {
  special_education: PROGRAM_FLAG.disability,
  english_learner: PROGRAM_FLAG.english_learner,
  food_service: PROGRAM_FLAG.economically_disadvantaged,
  homeless: PROGRAM_FLAG.homeless,
  foster: PROGRAM_FLAG.foster,
};

export interface AssessmentMeta {
  title: string;
  subject: 'ela' | 'math' | 'science' | 'other';
  /** The Ed-Fi subject's value, when it is not the canonical name of the Village subject. */
  subjectDetail: string | null;
  /** Performance level values in order from lowest to highest (by minimum score). */
  levels: string[];
}

export interface UnmappedDescriptor {
  descriptor: DescriptorCategory;
  codeValue: string;
  namespace: string;
  /** As the file wrote it. */
  written: string;
  occurrences: number;
  file: string;
  line: number;
}

export interface SessionInfo {
  schoolId: string;
  schoolYear: string;
  beginDate: string;
  endDate: string;
  instructionalDays: number | null;
}

/** Facts shared by every file of one import. */
export class ImportState {
  readonly schoolIds = new Set<string>();
  readonly schoolIdByXmlId = new Map<string, string>();
  readonly yearsNamed = new Set<string>();
  readonly sessions: SessionInfo[] = [];
  readonly programFlags = new Map<string, number>();
  readonly assessments = new Map<string, AssessmentMeta>();
  readonly assessmentsById = new Map<string, AssessmentMeta | null>();
  /** When Student files of several Data Standards are read: the students the newest one names. */
  newestStudents: Set<string> | null = null;
  /** That newest Data Standard, as major × 100 + minor. */
  newestStandard = 0;
  readonly unmapped = new Map<string, UnmappedDescriptor>();
  readonly counts: Record<string, number> = {};
  errors = 0;
  warnings = 0;

  constructor(
    readonly sink: RecordSink,
    readonly mappings: DescriptorMappings,
  ) {}

  count(kind: string, n = 1) {
    this.counts[kind] = (this.counts[kind] ?? 0) + n;
  }

  issue(i: ImportIssue) {
    if (i.severity === 'error') this.errors++;
    else this.warnings++;
    this.sink.issue(i);
  }

  /** Names a school year once, with its dates when known (from calendar sessions). */
  nameYear(name: string, ref: SourceRef, startDate: string | null = null, endDate: string | null = null) {
    if (this.yearsNamed.has(name)) return;
    this.yearsNamed.add(name);
    this.sink.schoolYear({ ref, name, startDate, endDate });
    this.count('schoolYears');
  }

  /** The school year a date falls in: a session of the school that holds it, else July–June. */
  yearOf(date: string, schoolId: string | null): string {
    const s = this.sessions.find((x) => (!schoolId || x.schoolId === schoolId) && x.beginDate <= date && date <= x.endDate);
    if (s) return s.schoolYear;
    const y = Number(date.slice(0, 4));
    const m = Number(date.slice(5, 7));
    return m >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
  }
}

export interface Standard {
  major: number;
  minor: number;
  label: string;
}

/** The Data Standard a namespace names: http://ed-fi.org/5.2.0 → 5.2; http://ed-fi.org/0220 → 2.2. */
export function standardOf(namespace: string): Standard | null {
  const dotted = /(\d+)\.(\d+)(?:\.\d+)?\/?$/.exec(namespace);
  if (dotted) return { major: Number(dotted[1]), minor: Number(dotted[2]), label: `${dotted[1]}.${dotted[2]}` };
  const packed = /\/(\d{2})(\d)(\d)\/?$/.exec(namespace);
  if (packed) return { major: Number(packed[1]), minor: Number(packed[2]), label: `${Number(packed[1])}.${packed[2]}` };
  return null;
}

/** Reading one file: where records come from, and helpers that report what is wrong with them. */
export class FileContext {
  private readonly unknownHere = new Map<string, UnmappedDescriptor>();
  records = 0;

  constructor(
    readonly state: ImportState,
    /** The file's path relative to the folder, as messages name it. */
    readonly file: string,
    readonly standard: Standard,
  ) {}

  ref(node: XmlNode): SourceRef {
    return { file: this.file, line: node.line };
  }

  error(node: XmlNode | number, column: string | null, reason: string) {
    this.state.issue({ severity: 'error', file: this.file, line: typeof node === 'number' ? node : node.line, column, reason });
  }

  warn(node: XmlNode | number, column: string | null, reason: string) {
    this.state.issue({ severity: 'warning', file: this.file, line: typeof node === 'number' ? node : node.line, column, reason });
  }

  /** Text at a path; when required and missing, reports an error naming the element. */
  text(node: XmlNode, path: string, required: true): string | undefined;
  text(node: XmlNode, path: string, required?: false): string | null;
  text(node: XmlNode, path: string, required = false): string | null | undefined {
    const n = at(node, path);
    const v = n && n.text !== '' ? n.text : null;
    if (v === null && required) {
      this.error(node, path, `${path} is missing from <${node.name}>`);
      return undefined;
    }
    return v;
  }

  /** A date (xs:date or xs:dateTime) as YYYY-MM-DD; reports an error when required or invalid. */
  date(node: XmlNode, path: string, required: true): string | undefined;
  date(node: XmlNode, path: string, required?: false): string | null | undefined;
  date(node: XmlNode, path: string, required = false): string | null | undefined {
    const n = at(node, path);
    const raw = n && n.text !== '' ? n.text : null;
    if (raw === null) {
      if (required) {
        this.error(node, path, `${path} is missing from <${node.name}>`);
        return undefined;
      }
      return null;
    }
    const d = toIsoDate(raw);
    if (!d) {
      this.error(n ?? node, path, `"${raw.slice(0, 40)}" is not a date (expected YYYY-MM-DD)`);
      return undefined;
    }
    return d;
  }

  number(node: XmlNode, path: string): number | null | undefined {
    const raw = this.text(node, path);
    if (raw === null) return null;
    const v = Number(raw);
    if (!Number.isFinite(v)) {
      this.error(at(node, path) ?? node, path, `"${raw.slice(0, 40)}" is not a number`);
      return undefined;
    }
    return v;
  }

  flag(node: XmlNode, path: string): 0 | 1 | null {
    const raw = this.text(node, path);
    if (raw === null) return null;
    const v = raw.toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes' || v === 'y') return 1;
    if (v === 'false' || v === '0' || v === 'no' || v === 'n') return 0;
    this.warn(at(node, path) ?? node, path, `"${raw.slice(0, 40)}" is not true or false; left out`);
    return null;
  }

  /** A school year ('2021-2022', or Ed-Fi's '2022' meaning 2021-2022); reports an error if malformed. */
  schoolYear(node: XmlNode, path: string): string | null | undefined {
    const raw = this.text(node, path);
    if (raw === null) return null;
    const y = toSchoolYear(raw);
    if (!y) {
      this.error(at(node, path) ?? node, path, `"${raw.slice(0, 40)}" is not a school year (expected 2021-2022)`);
      return undefined;
    }
    return y;
  }

  /**
   * The Village code for a descriptor element: the code, 'ignore', or undefined when the element is
   * absent or its value has no mapping (then remembered, and reported once at the end of the file).
   */
  map(category: DescriptorCategory, node: XmlNode | null | undefined): string | undefined {
    const d = readDescriptor(node);
    if (!d || !node) return undefined;
    return this.mapDescriptor(category, d, node.line);
  }

  mapDescriptor(category: DescriptorCategory, d: Descriptor, line: number): string | undefined {
    if (!d.value) return undefined;
    const code = this.state.mappings.resolve(category, d);
    if (code !== undefined) return code;
    const key = `${category}\u0000${d.namespace.toLowerCase()}\u0000${d.value.toLowerCase()}`;
    const seen = this.unknownHere.get(key);
    if (seen) seen.occurrences++;
    else this.unknownHere.set(key, { descriptor: category, codeValue: d.value, namespace: d.namespace, written: d.written, occurrences: 1, file: this.file, line });
    return undefined;
  }

  /** Reports each descriptor value that had no mapping, once per file, with how often it appeared. */
  finish() {
    for (const [key, u] of this.unknownHere) {
      const more = u.occurrences > 1 ? ` (and ${(u.occurrences - 1).toLocaleString('en-US')} more times)` : '';
      this.warn(u.line, u.descriptor, `unknown ${u.descriptor} descriptor "${u.written}" at line ${u.line}${more}: it has no Village mapping, so that value was left out; map it on the Ed-Fi mappings page`);
      const all = this.state.unmapped.get(key);
      if (all) all.occurrences += u.occurrences;
      else this.state.unmapped.set(key, { ...u });
    }
    this.unknownHere.clear();
  }

  /** A reference's identity value, e.g. ref(node, 'StudentReference', 'StudentIdentity/StudentUniqueId'). */
  identity(node: XmlNode, reference: string, path: string): string | null {
    const r = child(node, reference);
    if (!r) return null;
    return at(r, path)?.text || null;
  }

  /** The student a record is about: StudentReference/StudentIdentity/StudentUniqueId (required). */
  studentId(node: XmlNode, reference = 'StudentReference'): string | undefined {
    const id = this.identity(node, reference, 'StudentIdentity/StudentUniqueId') ?? this.identity(node, reference, 'StudentUniqueId');
    if (!id) {
      this.error(node, `${reference}/StudentIdentity/StudentUniqueId`, `<${node.name}> names no student (${reference}/StudentIdentity/StudentUniqueId is missing)`);
      return undefined;
    }
    return id;
  }

  /** A school reference: by identity (SchoolIdentity/SchoolId) or by ref to a School element read earlier. */
  schoolId(node: XmlNode, reference = 'SchoolReference'): string | null {
    const r = child(node, reference);
    if (!r) return null;
    const id = at(r, 'SchoolIdentity/SchoolId')?.text || at(r, 'SchoolId')?.text;
    if (id) return id;
    const ref = r.attrs.ref;
    return ref ? (this.state.schoolIdByXmlId.get(ref) ?? null) : null;
  }
}

/** xs:date or xs:dateTime (with or without a zone) → YYYY-MM-DD, or null when it is not a real date. */
export function toIsoDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T Z+-])/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const back = new Date(t);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return `${y}-${mo}-${d}`;
}

/** '2021-2022', '2021-22' or Ed-Fi's '2022' → '2021-2022'. */
export function toSchoolYear(raw: string): string | null {
  const v = raw.trim();
  let m = /^(\d{4})-(\d{4})$/.exec(v);
  if (m && Number(m[2]) === Number(m[1]) + 1) return v;
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) return `${m[1]}-${Number(m[1]) + 1}`;
  m = /^(\d{4})$/.exec(v);
  if (m) return `${Number(m[1]) - 1}-${m[1]}`;
  return null;
}
