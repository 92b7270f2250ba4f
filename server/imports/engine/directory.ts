/**
 * What an import needs to know of the district before it stages anything: the ids of the schools,
 * school years, students, guardians, staff, sessions, courses and classes already stored, by their
 * source keys. Records this import creates are added as it reads them, with provisional (negative)
 * ids. Held in memory: its size follows the roster (tens of thousands of entries), never the files.
 */
import type { Db } from '../../db/database.ts';
import { defaultYearDates } from '../values.ts';

export interface YearInfo {
  ref: number;
  name: string;
  start: string;
  end: string;
}

export type EntityKind = 'schools' | 'years' | 'students' | 'guardians' | 'staff' | 'sessions' | 'courses' | 'classes';

export class Directory {
  readonly schools = new Map<string, number>();
  readonly schoolsByLocal = new Map<string, number>();
  readonly years = new Map<string, YearInfo>();
  readonly students = new Map<string, number>();
  readonly studentsByLocal = new Map<string, number>();
  readonly guardians = new Map<string, number>();
  readonly staff = new Map<string, number>();
  readonly staffByLocal = new Map<string, number>();
  readonly sessions = new Map<string, number>();
  readonly courses = new Map<string, number>();
  readonly classes = new Map<string, number>();
  /** Provisional ids handed out per kind (the next is -(n+1)). */
  readonly created: Record<EntityKind, number> = { schools: 0, years: 0, students: 0, guardians: 0, staff: 0, sessions: 0, courses: 0, classes: 0 };

  /** The district's source identifiers already recorded (districts.source_ids). */
  sourceIds: Record<string, string[]> = {};

  provisional(kind: EntityKind): number {
    return -++this.created[kind];
  }

  static async load(db: Db, districtId: number): Promise<Directory> {
    const d = new Directory();
    const district = await db.selectFrom('districts').select('source_ids').where('id', '=', districtId).executeTakeFirstOrThrow();
    try {
      const parsed = JSON.parse(district.source_ids) as Record<string, unknown>;
      for (const [k, v] of Object.entries(parsed)) d.sourceIds[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    } catch {
      d.sourceIds = {};
    }
    for (const r of await db.selectFrom('schools').select(['id', 'code', 'local_id']).where('district_id', '=', districtId).execute()) {
      d.schools.set(r.code, r.id);
      if (r.local_id) d.schoolsByLocal.set(r.local_id, r.id);
    }
    for (const r of await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).execute()) {
      d.years.set(r.name, { ref: r.id, name: r.name, start: r.start_date, end: r.end_date });
    }
    for (const r of await db.selectFrom('students').select(['id', 'ext_id', 'local_id']).where('district_id', '=', districtId).execute()) {
      d.students.set(r.ext_id, r.id);
      if (r.local_id) d.studentsByLocal.set(r.local_id, r.id);
    }
    for (const r of await db.selectFrom('guardians').select(['id', 'ext_id']).where('district_id', '=', districtId).execute()) d.guardians.set(r.ext_id, r.id);
    for (const r of await db.selectFrom('staff').select(['id', 'ext_id', 'local_id']).where('district_id', '=', districtId).execute()) {
      d.staff.set(r.ext_id, r.id);
      if (r.local_id) d.staffByLocal.set(r.local_id, r.id);
    }
    for (const r of await db.selectFrom('academic_sessions').select(['id', 'ext_id']).where('district_id', '=', districtId).execute()) d.sessions.set(r.ext_id, r.id);
    for (const r of await db.selectFrom('courses').select(['id', 'ext_id']).where('district_id', '=', districtId).execute()) d.courses.set(r.ext_id, r.id);
    for (const r of await db.selectFrom('classes').select(['id', 'ext_id']).where('district_id', '=', districtId).execute()) d.classes.set(r.ext_id, r.id);
    return d;
  }

  student(id: string): number | undefined {
    return this.students.get(id) ?? this.studentsByLocal.get(id);
  }

  school(id: string): number | undefined {
    return this.schools.get(id) ?? this.schoolsByLocal.get(id);
  }

  staffMember(id: string): number | undefined {
    return this.staff.get(id) ?? this.staffByLocal.get(id);
  }

  /** A school year by name, created (provisionally, with default dates) when new. */
  year(name: string): { info: YearInfo; created: boolean } {
    const known = this.years.get(name);
    if (known) return { info: known, created: false };
    const { start, end } = defaultYearDates(name);
    const info = { ref: this.provisional('years'), name, start, end };
    this.years.set(name, info);
    return { info, created: true };
  }

  /** The school year a date falls in, if any is known. */
  yearOfDate(date: string): YearInfo | undefined {
    for (const y of this.years.values()) if (y.start <= date && date <= y.end) return y;
    return undefined;
  }
}

/**
 * What the import knows of calendars and enrollment spans, for the warnings attendance gets
 * (absences on days that are not instructional, or outside the student's enrollment). Loaded on the
 * first attendance record, then kept up to date with what this import stages.
 */
export class AttendanceContext {
  /** School (ref) → date → instructional flag. */
  private readonly calendar = new Map<number, Map<string, number>>();
  /** School (ref) → school years (name) it has a calendar for: a school without one cannot be checked. */
  private readonly calendarYears = new Map<number, Set<string>>();
  /** studentRef → spans [schoolRef, entry, exit|null]. */
  readonly spans = new Map<number, Array<[number, string, string | null]>>();
  loaded = false;

  static async load(db: Db, districtId: number, ctx: AttendanceContext): Promise<void> {
    const cal = await db.selectFrom('calendar_days').innerJoin('school_years', 'school_years.id', 'calendar_days.school_year_id').select(['calendar_days.school_id', 'calendar_days.date', 'calendar_days.instructional', 'school_years.name']).where('calendar_days.district_id', '=', districtId).execute();
    for (const r of cal) ctx.addDay(r.school_id, r.name, r.date, r.instructional);
    const enr = await db.selectFrom('enrollments').select(['student_id', 'school_id', 'entry_date', 'exit_date']).where('district_id', '=', districtId).where('status', '=', 'active').execute();
    for (const r of enr) ctx.addSpan(r.student_id, r.school_id, r.entry_date, r.exit_date);
    ctx.loaded = true;
  }

  addDay(school: number, year: string, date: string, instructional: number) {
    let days = this.calendar.get(school);
    if (!days) this.calendar.set(school, (days = new Map()));
    days.set(date, instructional);
    let years = this.calendarYears.get(school);
    if (!years) this.calendarYears.set(school, (years = new Set()));
    years.add(year);
  }

  hasCalendar(school: number, year: string): boolean {
    return this.calendarYears.get(school)?.has(year) ?? false;
  }

  instructional(school: number, date: string): boolean {
    return this.calendar.get(school)?.get(date) === 1;
  }

  addSpan(student: number, school: number, entry: string, exit: string | null) {
    let list = this.spans.get(student);
    if (!list) this.spans.set(student, (list = []));
    list.push([school, entry, exit]);
  }

  enrolled(student: number, school: number, date: string): boolean {
    const list = this.spans.get(student);
    if (!list) return false;
    for (const [s, entry, exit] of list) if (s === school && entry <= date && (exit === null || date <= exit)) return true;
    return false;
  }
}
