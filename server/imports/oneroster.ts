/**
 * OneRoster 1.1 and 1.2 CSV (a folder; zips are opened by ./zip.ts): orgs (the district org is
 * mapped onto the district being imported into, schools are created or updated), academicSessions
 * (school years and terms), users (students, teachers and other staff, and guardians linked to
 * their children by agentSourcedIds), 1.2's roles.csv, courses, classes, enrollments (class
 * memberships), demographics, userProfiles (checked, not kept) and manifest.csv (bulk, delta or
 * absent, per file). Upsert by sourcedId; status tobedeleted removes the record (kept for history);
 * a delta file's records older than Village's copy are not applied.
 *
 * Tolerated, each with a warning: a byte-order mark, quoted multi-value fields, empty trailing
 * columns, an unambiguous non-ISO date, an obviously misspelled header. A file missing a required
 * column is refused.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Grade, GuardianField, RaceCode, RecordSink, SourceRef, StaffField, StudentField } from './records.ts';
import { FileProblem } from './text/encoding.ts';
import { mapHeader, readCsvFile, type ColumnSpec } from './text/table.ts';
import { RowReader } from './templates.ts';
import { clip, parseFlag, parseGrade, parseTimestamp, schoolYearEnding } from './values.ts';

/** The files Village reads, in the order it reads them (so what a row names is known before). */
const READ_ORDER = ['orgs', 'academicSessions', 'courses', 'roles', 'users', 'demographics', 'classes', 'enrollments', 'userProfiles'] as const;
type OrFile = (typeof READ_ORDER)[number];

/** OneRoster files Village has no use for (gradebook, resources). */
const UNUSED = ['resources', 'classResources', 'courseResources', 'userResources', 'categories', 'lineItems', 'results', 'scoreScales', 'lineItemScoreScales', 'resultScoreScales', 'lineItemLearningObjectiveIds', 'resultLearningObjectiveIds'];

const c = (name: string, required = false, aliases: string[] = []): ColumnSpec => ({ name, required, aliases });
const COMMON = [c('sourcedId', true), c('status'), c('dateLastModified')];

const COLUMNS: Record<OrFile, ColumnSpec[]> = {
  orgs: [...COMMON, c('name', true), c('type', true), c('identifier'), c('parentSourcedId')],
  academicSessions: [...COMMON, c('title', true), c('type', true), c('startDate', true), c('endDate', true), c('parentSourcedId'), c('schoolYear', true)],
  courses: [...COMMON, c('schoolYearSourcedId'), c('title', true), c('courseCode'), c('grades'), c('orgSourcedId', true), c('subjects'), c('subjectCodes')],
  roles: [...COMMON, c('userSourcedId', true), c('roleType', true), c('role', true), c('beginDate'), c('endDate'), c('orgSourcedId', true), c('userProfileSourcedId')],
  users: [
    ...COMMON,
    c('enabledUser'),
    c('orgSourcedIds'),
    c('role'),
    c('username'),
    c('userIds'),
    c('givenName', true),
    c('familyName', true),
    c('middleName'),
    c('identifier'),
    c('email'),
    c('sms'),
    c('phone'),
    c('agentSourcedIds'),
    c('grades'),
    c('password'),
    c('userMasterIdentifier'),
    c('preferredGivenName'),
    c('preferredMiddleName'),
    c('preferredFamilyName'),
    c('primaryOrgSourcedId'),
    c('pronouns'),
  ],
  demographics: [
    ...COMMON,
    c('birthDate'),
    c('sex'),
    c('americanIndianOrAlaskaNative'),
    c('asian'),
    c('blackOrAfricanAmerican'),
    c('nativeHawaiianOrOtherPacificIslander'),
    c('white'),
    c('demographicRaceTwoOrMoreRaces'),
    c('hispanicOrLatinoEthnicity'),
    c('countryOfBirthCode'),
    c('stateOfBirthAbbreviation'),
    c('cityOfBirth'),
    c('publicSchoolResidenceStatus'),
  ],
  classes: [...COMMON, c('title', true), c('grades'), c('courseSourcedId', true), c('classCode'), c('classType'), c('location'), c('schoolSourcedId', true), c('termSourcedIds', true), c('subjects'), c('subjectCodes'), c('periods')],
  enrollments: [...COMMON, c('classSourcedId', true), c('schoolSourcedId', true), c('userSourcedId', true), c('role', true), c('primary'), c('beginDate'), c('endDate')],
  userProfiles: [...COMMON, c('userSourcedId', true), c('profileType', true), c('vendorId', true), c('applicationId'), c('description'), c('credentialType'), c('username'), c('password')],
};

const RACE_COLUMNS: Array<[string, RaceCode]> = [
  ['americanIndianOrAlaskaNative', 'american_indian_alaska_native'],
  ['asian', 'asian'],
  ['blackOrAfricanAmerican', 'black'],
  ['nativeHawaiianOrOtherPacificIslander', 'native_hawaiian_pacific_islander'],
  ['white', 'white'],
];

type Kind = 'student' | 'staff' | 'guardian';
/** Kinds of a user as bits (a user may be several: a teacher who is also a parent). */
const KIND_BIT: Record<Kind, number> = { student: 1, staff: 2, guardian: 4 };
const kindsOf = (bits: number): Kind[] => (['student', 'staff', 'guardian'] as const).filter((k) => bits & KIND_BIT[k]);
const ROLE_KIND: Record<string, { kind: Kind; staffRole?: string; relationship?: string }> = {
  student: { kind: 'student' },
  teacher: { kind: 'staff', staffRole: 'teacher' },
  aide: { kind: 'staff', staffRole: 'aide' },
  proctor: { kind: 'staff', staffRole: 'other' },
  counselor: { kind: 'staff', staffRole: 'counselor' },
  administrator: { kind: 'staff', staffRole: 'administrator' },
  siteadministrator: { kind: 'staff', staffRole: 'administrator' },
  districtadministrator: { kind: 'staff', staffRole: 'administrator' },
  systemadministrator: { kind: 'staff', staffRole: 'administrator' },
  principal: { kind: 'staff', staffRole: 'administrator' },
  parent: { kind: 'guardian', relationship: 'parent' },
  guardian: { kind: 'guardian', relationship: 'guardian' },
  relative: { kind: 'guardian', relationship: 'relative' },
};

/** A OneRoster multi-value field: "a,b,c" (quoted in the file), spaces trimmed. */
export function multi(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

interface Manifest {
  version: string | null;
  /** file name (lower case) → 'bulk' | 'delta' | 'absent' */
  files: Map<string, string>;
}

interface UserInfo {
  kinds: number;
  staffRole: string | null;
  relationship: string | null;
  orgs: string[];
}

interface GuardianInfo {
  ref: SourceRef;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
  provides: GuardianField[];
  modifiedAt: string | null;
}

class OneRosterReader {
  private manifest: Manifest = { version: null, files: new Map() };
  private readonly districtOrgs = new Set<string>();
  private readonly schoolOrgs = new Set<string>();
  private readonly sessionYears = new Map<string, string>();
  /** From roles.csv (1.2): roles and orgs by user. */
  private readonly roles = new Map<string, UserInfo>();
  /** Kinds of the users of users.csv, as bits (for demographics of staff, which are not kept). */
  private readonly userKinds = new Map<string, number>();
  private readonly guardians = new Map<string, GuardianInfo>();
  /** guardian + student → the line of users.csv that links them. */
  private readonly links = new Map<string, number>();
  private usersFile = 'users.csv';
  /** Classes this import marks tobedeleted: their enrollments are moot. */
  private readonly deletedClasses = new Set<string>();
  private files = new Map<string, string>();

  constructor(
    private readonly folder: string,
    private readonly label: string,
    private readonly sink: RecordSink,
  ) {}

  private issue(severity: 'error' | 'warning', file: string, line: number, column: string | null, reason: string, fatal = false) {
    this.sink.issue({ severity, file, line, column, reason, ...(fatal ? { fatal } : {}) });
  }

  /** The folder holding the CSV files: the given one, or its only subfolder that holds them. */
  private locate(): string | null {
    const has = (dir: string) => readdirSync(dir).some((f) => /^(manifest|orgs|users)\.csv$/i.test(f));
    if (has(this.folder)) return this.folder;
    const subs = readdirSync(this.folder).filter((f) => statSync(path.join(this.folder, f)).isDirectory() && !f.startsWith('.') && !f.startsWith('__MACOSX'));
    const found = subs.map((s) => path.join(this.folder, s)).filter(has);
    return found.length === 1 ? found[0] : null;
  }

  private name(file: string): string {
    return this.files.get(file.toLowerCase()) ?? `${file}.csv`;
  }

  async read(): Promise<void> {
    let info;
    try {
      info = statSync(this.folder);
    } catch {
      return this.issue('error', this.label, 0, null, 'no such folder', true);
    }
    if (!info.isDirectory()) return this.issue('error', this.label, 0, null, 'a OneRoster import reads a folder or a .zip of CSV files', true);
    const dir = this.locate();
    if (!dir) return this.issue('error', this.label, 0, null, 'no OneRoster files here (manifest.csv, orgs.csv, users.csv, …)', true);
    for (const f of readdirSync(dir)) if (/\.csv$/i.test(f)) this.files.set(f.slice(0, -4).toLowerCase(), f);
    const at = (f: string) => path.join(dir, this.name(f));

    await this.readManifest(at('manifest'));
    for (const u of UNUSED) if (this.files.has(u.toLowerCase())) this.issue('warning', this.name(u), 0, null, 'gradebook and resource data are not used by Village; the file was not read');
    for (const f of READ_ORDER) {
      const present = this.files.has(f.toLowerCase());
      const mode = this.manifest.files.get(f.toLowerCase());
      if (mode === 'bulk' || mode === 'delta') {
        if (!present) {
          this.issue('error', 'manifest.csv', 0, `file.${f}`, `the manifest says ${f}.csv is ${mode}, but the file is missing`, true);
          continue;
        }
      } else if (mode !== undefined) {
        if (present) this.issue('warning', this.name(f), 0, null, `the manifest says ${f}.csv is ${mode || 'absent (empty)'}; the file was not read`);
        continue;
      } else if (!present) continue;
      else if (this.manifest.files.size) this.issue('warning', this.name(f), 0, null, 'the manifest does not list this file; it was read as bulk');
      await this.readFile(f, at(f), mode === 'delta');
      // Guardians are linked once users.csv is read (both sides' agentSourcedIds are known then).
      if (f === 'users') {
        this.emitGuardians();
        this.roles.clear();
      }
    }
  }

  private async readManifest(file: string) {
    if (!this.files.has('manifest')) {
      this.issue('warning', 'manifest.csv', 0, null, 'there is no manifest.csv: every OneRoster file present was read as bulk');
      return;
    }
    const name = this.name('manifest');
    this.sink.file?.({ name, kind: 'oneroster:manifest' });
    let index: Record<string, number> = {};
    let rows = 0;
    try {
      await readCsvFile(
        file,
        name,
        (header) => {
          const m = mapHeader(header, [c('propertyName', true), c('value', true)]);
          for (const i of m.issues) this.issue(i.severity, name, i.line, i.column, i.reason, i.severity === 'error');
          if (m.issues.some((i) => i.severity === 'error')) throw new FileProblem(name, 1, null, 'the manifest has no propertyName and value columns');
          index = m.index;
        },
        (row) => {
          rows++;
          const key = (row.fields[index.propertyName] ?? '').trim();
          const value = (row.fields[index.value] ?? '').trim();
          if (key === 'oneroster.version') this.manifest.version = value;
          else if (key.startsWith('file.')) {
            const v = value.toLowerCase();
            if (v !== 'bulk' && v !== 'delta' && v !== 'absent' && v !== '') this.issue('error', name, row.line, 'value', `"${clip(value)}" is not bulk, delta or absent`);
            else this.manifest.files.set(key.slice(5).toLowerCase(), v);
          }
        },
      );
    } catch (err) {
      if (err instanceof FileProblem) this.issue('error', name, err.line, err.column, err.message, true);
      else throw err;
    }
    const v = this.manifest.version;
    if (v && !['1.0', '1.1', '1.2'].includes(v)) this.issue('warning', name, 0, 'oneroster.version', `OneRoster version "${clip(v)}" is not one Village knows (1.1, 1.2); the files were read as 1.2`);
    this.sink.fileDone?.(name, rows);
  }

  private async readFile(file: OrFile, full: string, delta: boolean) {
    const name = this.name(file);
    const columns = COLUMNS[file];
    this.sink.file?.({ name, kind: `oneroster:${file}`, sizeBytes: statSync(full).size, delta });
    const notes = new Map<string, { line: number; note: string; count: number }>();
    let reader: RowReader<string> | null = null;
    let rows = 0;
    const seen = new Set<string>();
    const handle = this.handler(file, name);
    try {
      await readCsvFile(
        full,
        name,
        (header) => {
          // OneRoster extension columns (metadata.*) are read by no one and reported by no one.
          const { index, issues } = mapHeader(
            header.map((h) => (/^\s*metadata\./i.test(h) ? '' : h)),
            columns as Array<ColumnSpec & { name: string }>,
          );
          for (const i of issues) this.issue(i.severity, name, i.line, i.column, i.reason);
          if (issues.some((i) => i.severity === 'error')) throw new FileProblem(name, 1, null, `the file was not read: a required column of ${file}.csv is missing (required: ${columns.filter((x) => x.required).map((x) => x.name).join(', ')})`);
          if (file === 'users' && index.role < 0 && !this.files.has('roles')) throw new FileProblem(name, 1, 'role', 'users.csv has no role column (OneRoster 1.1) and there is no roles.csv (OneRoster 1.2): Village cannot tell students from teachers');
          reader = new RowReader(index, notes);
        },
        (row) => {
          const r = reader!;
          rows++;
          r.reset(row);
          const id = r.text('sourcedId', true);
          if (id && (file === 'demographics' || file === 'enrollments' || file === 'roles' || file === 'userProfiles')) {
            if (seen.has(id)) r.error('sourcedId', `the sourcedId "${clip(id)}" appears twice in this file`);
            else seen.add(id);
          }
          if (!r.errors.length) handle(r, id, this.rowState(r, name));
          for (const e of r.errors) this.issue('error', name, r.line, e.column, e.reason);
        },
        { afterChunk: () => this.sink.flush?.(), onBytes: (b) => this.sink.progress?.(name, b, null, rows), onEncoding: (e) => e.note && this.issue('warning', name, 0, null, e.note) },
      );
    } catch (err) {
      if (err instanceof FileProblem) this.issue('error', name, err.line, err.column, err.message, true);
      else throw err;
    }
    for (const [column, n] of notes) this.issue('warning', name, n.line, column, `${n.note}${n.count > 1 ? ` (and ${(n.count - 1).toLocaleString('en-US')} more rows like it)` : ''}`);
    this.sink.fileDone?.(name, rows);
  }

  /** status and dateLastModified of a row. */
  private rowState(r: RowReader<string>, file: string): { deleted: boolean; modifiedAt: string | null; ref: SourceRef } {
    const ref = { file, line: r.line };
    const status = r.raw('status').trim().toLowerCase();
    let deleted = false;
    if (status === 'tobedeleted') deleted = true;
    else if (status === 'inactive') {
      deleted = true;
      this.note(r, 'status', 'status "inactive" (OneRoster 1.0) was read as tobedeleted');
    } else if (status !== '' && status !== 'active') r.error('status', `"${clip(status)}" is not a status (active or tobedeleted)`);
    let modifiedAt: string | null = null;
    const raw = r.raw('dateLastModified').trim();
    if (raw) {
      const p = parseTimestamp(raw);
      if (p.ok) {
        modifiedAt = p.value;
        if (p.note) this.note(r, 'dateLastModified', p.note);
      } else this.note(r, 'dateLastModified', `${p.reason}; the row was read without a dateLastModified`);
    }
    return { deleted, modifiedAt, ref };
  }

  private readonly noteCounts = new Map<string, { line: number; count: number; note: string; file: string; column: string }>();
  private note(r: RowReader<string>, column: string, note: string) {
    // Counted like the template readers' notes: one warning per file and column.
    const file = this.currentFile;
    const key = `${file}\u0000${column}\u0000${note.replace(/"[^"]*"/g, '')}`;
    const n = this.noteCounts.get(key);
    if (n) n.count++;
    else this.noteCounts.set(key, { line: r.line, count: 1, note, file, column });
  }
  private currentFile = '';

  private flushNotes() {
    for (const n of this.noteCounts.values()) this.issue('warning', n.file, n.line, n.column, `${n.note}${n.count > 1 ? ` (and ${(n.count - 1).toLocaleString('en-US')} more rows like it)` : ''}`);
    this.noteCounts.clear();
  }

  private grades(r: RowReader<string>, column: string): Grade[] {
    const out: Grade[] = [];
    for (const g of multi(r.raw(column))) {
      const p = parseGrade(g);
      if (p.ok) out.push(p.value);
      else this.note(r, column, `the grade "${clip(g)}" is not one Village uses (PK, TK, KG, 01 … 12); it was left out`);
    }
    return out;
  }

  private handler(file: OrFile, name: string): (r: RowReader<string>, id: string, st: { deleted: boolean; modifiedAt: string | null; ref: SourceRef }) => void {
    this.flushNotes();
    this.currentFile = name;
    const s = this.sink;
    switch (file) {
      case 'orgs':
        return (r, id, st) => {
          const type = r.raw('type').trim().toLowerCase();
          const orgName = r.text('name', true);
          const identifier = r.text('identifier');
          if (r.errors.length) return;
          if (type === 'district') {
            this.districtOrgs.add(id);
            if (!st.deleted) s.districtSource({ ref: st.ref, system: 'oneroster', sourceId: id, name: orgName });
            return;
          }
          if (type === 'local' || type === 'state' || type === 'national') {
            this.note(r, 'type', `an org of type "${type}" is above the district; it was not read`);
            return;
          }
          if (type !== 'school' && type !== 'department') {
            r.error('type', `"${clip(type)}" is not an org type (district, school, department, local, state, national)`);
            return;
          }
          if (type === 'department') this.note(r, 'type', `an org of type "department" was read as a school`);
          this.schoolOrgs.add(id);
          if (st.deleted) return s.deletion({ ref: st.ref, kind: 'school', id });
          s.school({ ref: st.ref, schoolId: id, name: orgName, schoolType: 'other', lowGrade: null, highGrade: null, localId: identifier, provides: identifier ? ['name', 'localId'] : ['name'] });
        };
      case 'academicSessions':
        return (r, id, st) => {
          const type = r.raw('type').trim();
          const types = ['schoolYear', 'term', 'semester', 'gradingPeriod'] as const;
          const t = types.find((x) => x.toLowerCase() === type.toLowerCase());
          if (!t) r.error('type', `"${clip(type)}" is not a session type (${types.join(', ')})`);
          const start = r.date('startDate', true);
          const end = r.date('endDate', true);
          const y = schoolYearEnding(r.raw('schoolYear'));
          if (!y.ok) r.error('schoolYear', y.reason);
          if (r.errors.length || !t || !start || !end || !y.ok) return;
          this.sessionYears.set(id, y.value);
          if (st.deleted) return s.deletion({ ref: st.ref, kind: 'session', id });
          if (end < start) return r.error('endDate', `the session ends (${end}) before it starts (${start})`);
          if (t === 'schoolYear') s.schoolYear({ ref: st.ref, name: y.value, startDate: start, endDate: end });
          s.session({ ref: st.ref, sessionId: id, title: r.text('title', true), type: t, startDate: start, endDate: end, parentSessionId: r.text('parentSourcedId'), schoolYear: y.value, modifiedAt: st.modifiedAt });
        };
      case 'courses':
        return (r, id, st) => {
          const org = r.text('orgSourcedId', true);
          const title = r.text('title', true);
          if (r.errors.length) return;
          if (st.deleted) return s.deletion({ ref: st.ref, kind: 'course', id });
          const districtLevel = this.districtOrgs.has(org) || (!this.schoolOrgs.has(org) && !!s.knownDistrictSource?.('oneroster', org));
          s.course({ ref: st.ref, courseId: id, title, courseCode: r.text('courseCode'), schoolId: districtLevel ? null : org, modifiedAt: st.modifiedAt });
        };
      case 'roles':
        return (r, id, st) => {
          const user = r.text('userSourcedId', true);
          const role = r.raw('role').trim();
          const roleType = r.raw('roleType').trim().toLowerCase();
          const org = r.text('orgSourcedId', true);
          if (roleType !== 'primary' && roleType !== 'secondary') r.error('roleType', `"${clip(roleType)}" is not primary or secondary`);
          if (r.errors.length || st.deleted) return;
          const k = ROLE_KIND[role.toLowerCase()];
          if (!k) return this.note(r, 'role', `the role "${clip(role)}" is not one Village uses; it was not read`);
          let u = this.roles.get(user);
          if (!u) this.roles.set(user, (u = { kinds: 0, staffRole: null, relationship: null, orgs: [] }));
          if (roleType === 'primary' || u.kinds === 0) {
            if (k.staffRole) u.staffRole = k.staffRole;
            if (k.relationship) u.relationship = k.relationship;
          }
          u.kinds |= KIND_BIT[k.kind];
          if (!u.orgs.includes(org)) u.orgs.push(org);
          void id;
        };
      case 'users':
        return (r, id, st) => this.user(r, id, st);
      case 'demographics':
        return (r, id, st) => this.demographics(r, id, st);
      case 'classes':
        return (r, id, st) => {
          const school = r.text('schoolSourcedId', true);
          const title = r.text('title', true);
          const grades = this.grades(r, 'grades');
          if (r.errors.length) return;
          if (st.deleted) {
            this.deletedClasses.add(id);
            return s.deletion({ ref: st.ref, kind: 'class', id });
          }
          const terms = multi(r.raw('termSourcedIds'));
          const year = terms.map((t) => this.sessionYears.get(t)).find(Boolean) ?? null;
          s.class({ ref: st.ref, classId: id, schoolId: school, courseId: r.text('courseSourcedId'), title, classCode: r.text('classCode'), grades, periods: multi(r.raw('periods')).join(',') || null, schoolYear: year, modifiedAt: st.modifiedAt });
        };
      case 'enrollments':
        return (r, id, st) => {
          const klass = r.text('classSourcedId', true);
          const user = r.text('userSourcedId', true);
          const role = r.raw('role').trim().toLowerCase();
          const begin = r.date('beginDate');
          const end = r.date('endDate');
          const primary = r.has('primary') ? parseFlag(r.raw('primary')) : null;
          if (primary && !primary.ok) r.error('primary', primary.reason);
          if (r.errors.length) return;
          if (st.deleted) return s.deletion({ ref: st.ref, kind: 'classMember', id });
          const k = ROLE_KIND[role];
          if (!k || k.kind === 'guardian') return this.note(r, 'role', `an enrollment with the role "${clip(role)}" is not a student's or a teacher's; it was not read`);
          if (this.deletedClasses.has(klass)) return this.note(r, 'classSourcedId', 'an enrollment in a class this import marks tobedeleted was not read');
          const kinds = this.userKinds.get(user);
          const want: Kind = k.kind === 'student' ? 'student' : 'staff';
          if (kinds !== undefined && !(kinds & KIND_BIT[want])) {
            return r.error('userSourcedId', `the user "${clip(user)}" is enrolled as a ${role} but users.csv makes them a ${kindsOf(kinds).map((x) => (x === 'staff' ? 'staff member' : x)).join(' and ')}`);
          }
          s.classMember({ ref: st.ref, memberId: id, classId: klass, role: k.kind === 'student' ? 'student' : 'teacher', personId: user, isPrimary: primary && primary.ok && primary.value === 1 ? 1 : 0, beginDate: begin, endDate: end });
        };
      case 'userProfiles':
        return (r) => {
          if (r.line === 2) this.note(r, 'profileType', 'user profiles (logins to other applications) are not kept by Village');
        };
    }
  }

  private user(r: RowReader<string>, id: string, st: { deleted: boolean; modifiedAt: string | null; ref: SourceRef }) {
    const s = this.sink;
    const firstName = r.text('givenName', true);
    const lastName = r.text('familyName', true);
    const email = r.text('email');
    if (r.errors.length) return;
    let info: UserInfo;
    if (r.has('role')) {
      const role = r.raw('role').trim().toLowerCase();
      const k = ROLE_KIND[role];
      if (!k) return this.note(r, 'role', `the role "${clip(role)}" is not one Village uses; the user was not read`);
      info = { kinds: KIND_BIT[k.kind], staffRole: k.staffRole ?? null, relationship: k.relationship ?? null, orgs: multi(r.raw('orgSourcedIds')) };
    } else {
      const fromRoles = this.roles.get(id);
      if (!fromRoles) return this.note(r, 'sourcedId', 'a user with no role in roles.csv was not read');
      info = fromRoles;
      const primaryOrg = r.text('primaryOrgSourcedId');
      if (primaryOrg && !info.orgs.includes(primaryOrg)) info.orgs.unshift(primaryOrg);
    }
    this.userKinds.set(id, info.kinds);
    this.usersFile = st.ref.file;
    const agents = multi(r.raw('agentSourcedIds'));
    const identifier = r.text('identifier');
    const kinds = info.kinds;
    if (kinds & KIND_BIT.student) {
      if (st.deleted) s.deletion({ ref: st.ref, kind: 'student', id });
      else {
        const provides: StudentField[] = ['name'];
        if (r.has('middleName')) provides.push('middleName');
        if (r.has('email')) provides.push('email');
        if (identifier) provides.push('localId');
        s.student({
          ref: st.ref,
          studentId: id,
          localId: identifier,
          firstName,
          lastName,
          middleName: r.text('middleName'),
          birthDate: null,
          sex: null,
          hispanicLatino: null,
          races: [],
          englishLearner: 0,
          disability: 0,
          economicallyDisadvantaged: 0,
          homeless: 0,
          foster: 0,
          homeLanguage: null,
          email,
          provides,
          modifiedAt: st.modifiedAt,
        });
        for (const a of agents) if (!this.links.has(`${a}\u0000${id}`)) this.links.set(`${a}\u0000${id}`, st.ref.line);
      }
    }
    if (kinds & KIND_BIT.staff) {
      if (st.deleted) s.deletion({ ref: st.ref, kind: 'staff', id });
      else {
        const schools = info.orgs.filter((o) => !this.districtOrgs.has(o) && !s.knownDistrictSource?.('oneroster', o));
        const provides: StaffField[] = ['name', 'role'];
        if (r.has('email')) provides.push('email');
        if (identifier) provides.push('localId');
        s.staff({ ref: st.ref, staffId: id, localId: identifier, firstName, lastName, email, role: info.staffRole ?? 'other', schoolIds: [...new Set(schools)], provides, modifiedAt: st.modifiedAt });
      }
    }
    if (kinds & KIND_BIT.guardian) {
      if (st.deleted) s.deletion({ ref: st.ref, kind: 'guardian', id });
      else {
        // OneRoster has no preferred language and does not say who lives with the child.
        const provides: GuardianField[] = ['name', 'relationship'];
        if (r.has('phone') || r.has('sms')) provides.push('phone');
        if (r.has('email')) provides.push('email');
        this.guardians.set(id, { ref: st.ref, firstName, lastName, email, phone: r.text('phone') ?? r.text('sms'), relationship: info.relationship, provides, modifiedAt: st.modifiedAt });
        for (const a of agents) if (!this.links.has(`${id}\u0000${a}`)) this.links.set(`${id}\u0000${a}`, st.ref.line);
      }
    }
  }

  /** Guardians and their children, from both sides' agentSourcedIds, once users.csv is read. */
  private emitGuardians() {
    this.flushNotes();
    let notGuardian = 0;
    let first: SourceRef | null = null;
    for (const [key, line] of this.links) {
      const [guardianId, studentId] = key.split('\u0000');
      const g = this.guardians.get(guardianId);
      if (!g) {
        // The agent of a student who is not a parent, guardian or relative in users.csv.
        const kinds = this.userKinds.get(guardianId);
        if (kinds !== undefined && !(kinds & KIND_BIT.guardian)) {
          notGuardian++;
          first ??= { file: this.usersFile, line };
        }
        continue;
      }
      const kinds = this.userKinds.get(studentId);
      if (kinds !== undefined && !(kinds & KIND_BIT.student)) continue;
      this.sink.guardian({ ref: g.ref, guardianId, studentId, firstName: g.firstName, lastName: g.lastName, relationship: g.relationship, phone: g.phone, email: g.email, preferredLanguage: null, livesWithStudent: 0, provides: g.provides, modifiedAt: g.modifiedAt });
    }
    if (notGuardian && first) this.issue('warning', first.file, first.line, 'agentSourcedIds', `${notGuardian.toLocaleString('en-US')} agentSourcedIds name users who are not parents, guardians or relatives; those links were not read`);
    this.links.clear();
    this.guardians.clear();
  }

  private demographics(r: RowReader<string>, id: string, st: { deleted: boolean; modifiedAt: string | null; ref: SourceRef }) {
    const kinds = this.userKinds.get(id);
    if (kinds !== undefined && !(kinds & KIND_BIT.student)) return; // staff demographics are not kept
    if (st.deleted) return; // the student's record itself says whether it is removed
    const provides: StudentField[] = [];
    const birthDate = r.raw('birthDate').trim() ? r.date('birthDate') : null;
    if (birthDate) provides.push('birthDate');
    const sexRaw = r.raw('sex').trim().toLowerCase();
    let sex: 'F' | 'M' | 'X' | null = null;
    if (sexRaw) {
      sex = sexRaw === 'female' || sexRaw === 'f' ? 'F' : sexRaw === 'male' || sexRaw === 'm' ? 'M' : sexRaw === 'other' || sexRaw === 'x' ? 'X' : null;
      if (sex) provides.push('sex');
      else if (sexRaw !== 'unspecified') r.error('sex', `"${clip(sexRaw)}" is not a sex (female, male, other, unspecified)`);
    }
    const races: RaceCode[] = [];
    let anyRace = false;
    for (const [col, code] of RACE_COLUMNS) {
      const f = parseFlag(r.raw(col));
      if (!f.ok) r.error(col, f.reason);
      else if (f.value !== null) {
        anyRace = true;
        if (f.value === 1) races.push(code);
      }
    }
    const two = parseFlag(r.raw('demographicRaceTwoOrMoreRaces'));
    if (two.ok && two.value === 1 && races.length < 2) this.note(r, 'demographicRaceTwoOrMoreRaces', 'two or more races are flagged without naming them; the race group follows the races named');
    const hisp = parseFlag(r.raw('hispanicOrLatinoEthnicity'));
    if (!hisp.ok) r.error('hispanicOrLatinoEthnicity', hisp.reason);
    const hispanicLatino = hisp.ok ? hisp.value : null;
    if (anyRace || hispanicLatino !== null) provides.push('ethnicity');
    if (r.errors.length || provides.length === 0) return;
    this.sink.student({
      ref: st.ref,
      studentId: id,
      firstName: '',
      lastName: '',
      birthDate,
      sex,
      hispanicLatino,
      races,
      englishLearner: 0,
      disability: 0,
      economicallyDisadvantaged: 0,
      homeless: 0,
      foster: 0,
      homeLanguage: null,
      provides,
      modifiedAt: st.modifiedAt,
    });
  }

  finish() {
    this.flushNotes();
  }
}

/** Reads a OneRoster CSV folder into the sink (see the module comment). Problems go to sink.issue. */
export async function readOneRoster(folder: string, label: string, sink: RecordSink): Promise<void> {
  const reader = new OneRosterReader(folder, label, sink);
  await reader.read();
  reader.finish();
}
