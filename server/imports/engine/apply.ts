/**
 * Applying a staged import: one transaction that moves the staged rows into the live tables, kind
 * by kind and file by file in the order they were read (so a later file wins), counting per file
 * what was added, changed and removed. Records this import creates get their ids here: the
 * provisional id -k of a kind becomes base+k, with base reserved inside the transaction.
 *
 * Every statement is set-based (INSERT … SELECT, UPDATE … FROM) and scoped to the district; a row
 * counts as changed only when one of its values differs, and a field is set only by the last file
 * that carries it (never by a source without it), so applying the same files twice changes nothing
 * and says so, even when two sources disagree.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DialectSeam, StagingArea } from '../../db/seam.ts';
import type { EntityKind } from './directory.ts';
import type { FileState, StagingSink } from './sink.ts';
import {
  ATTENDANCE_STATUS_CODES,
  GUARDIAN_LINK_PROVIDES,
  GUARDIAN_LINK_PROVIDES_COLUMNS,
  GUARDIAN_PROVIDES,
  GUARDIAN_PROVIDES_COLUMNS,
  providedColumns,
  SCHOOL_PROVIDES,
  SCHOOL_PROVIDES_COLUMNS,
  STAFF_PROVIDES,
  STAFF_PROVIDES_COLUMNS,
  STUDENT_PROVIDES,
  STUDENT_PROVIDES_COLUMNS,
  type StagedKind,
} from './staged.ts';

export interface FileCounts {
  added: number;
  changed: number;
  removed: number;
}

export interface ApplyOutcome {
  counts: FileCounts[];
  /** Kinds of records that changed (students, attendance, …). */
  kinds: Set<string>;
  /** Real ids of the school years and schools the staged records touch. */
  yearIds: number[];
  schoolIds: number[];
  notes: Array<{ file: string; reason: string }>;
  /** Rows added per live table: see `refreshStatistics`, after the commit. */
  grown: Map<string, number>;
}

type Trx = Kysely<Database>;

const ENTITY_TABLES: Record<EntityKind, string> = {
  years: 'school_years',
  schools: 'schools',
  students: 'students',
  guardians: 'guardians',
  staff: 'staff',
  sessions: 'academic_sessions',
  courses: 'courses',
  classes: 'classes',
};

const TRACE = !!process.env.VILLAGE_IMPORT_TRACE;

/**
 * A table's planner statistics are refreshed when an import adds a tenth of the rows it now holds
 * (as PostgreSQL's autovacuum would, later), or this many rows whatever it holds.
 */
const ANALYZE_SHARE = 0.1;
const ANALYZE_ALWAYS_AFTER = 100_000;

/** Attendance rows an import must add, at least, before the table's indexes are rebuilt rather than updated. */
const BULK_ROWS = 100_000;

/**
 * The kinds staged with `provides` and `applies` (./staged.ts): how a row names its record, and the
 * bits its fields have. `fullBit`: only a row with it is a full record, checked against
 * dateLastModified (students); `table`: the live table, for that check.
 */
const PARTIAL_KINDS: Array<{ kind: StagedKind; key: string[]; bits: Record<string, number>; table?: string; fullBit?: number }> = [
  { kind: 'schools', key: ['ref'], bits: SCHOOL_PROVIDES },
  { kind: 'students', key: ['ref'], bits: STUDENT_PROVIDES, table: 'students', fullBit: STUDENT_PROVIDES.name },
  { kind: 'guardians', key: ['ref'], bits: GUARDIAN_PROVIDES, table: 'guardians' },
  { kind: 'guardian_links', key: ['student_ref', 'guardian_ref'], bits: GUARDIAN_LINK_PROVIDES },
  { kind: 'staff', key: ['ref'], bits: STAFF_PROVIDES, table: 'staff' },
];

/** Rows affected by a statement (VILLAGE_IMPORT_TRACE=1 prints each statement's time). */
async function run(trx: Trx, q: RawBuilder<unknown>): Promise<number> {
  const t = performance.now();
  const r = await q.execute(trx);
  if (TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms ${String(Number(r.numAffectedRows ?? 0)).padStart(9)} rows  ${q.compile(trx).sql.replace(/\s+/g, ' ').slice(0, 110)}`);
  return Number(r.numAffectedRows ?? 0);
}

export class Applier {
  private bases = {} as Record<EntityKind, number>;
  private readonly counts: FileCounts[];
  private readonly kinds = new Set<string>();
  private readonly notes: Array<{ file: string; reason: string }> = [];
  private readonly now = new Date().toISOString();
  /** Rows added per live table. */
  private readonly grown = new Map<string, number>();

  constructor(
    private readonly trx: Trx,
    private readonly seam: DialectSeam,
    private readonly staging: StagingArea,
    private readonly sink: StagingSink,
    private readonly districtId: number,
  ) {
    this.counts = sink.files.map(() => ({ added: 0, changed: 0, removed: 0 }));
  }

  private t(kind: StagedKind) {
    return this.staging.table(kind);
  }

  /** The real id of a staged reference column `s.<col>` to an entity of `kind`. */
  private R(kind: EntityKind, col: string): RawBuilder<unknown> {
    // No provisional ids of the kind in this import: every reference is a real id already.
    if (!this.sink.directory.created[kind]) return sql.raw(`s.${col}`);
    const base = this.bases[kind] ?? 0;
    return sql.raw(`(case when s.${col} < 0 then ${base} - s.${col} else s.${col} end)`);
  }

  private staged(kind: StagedKind): number {
    return this.sink.stagedCount[kind] ?? 0;
  }

  /** The files that staged rows of a kind, in the order they were read. */
  private filesOf(kind: StagedKind): FileState[] {
    const perFile = this.sink.stagedByFile.get(kind) ?? [];
    return this.sink.files.filter((f) => (perFile[f.index] ?? 0) > 0);
  }

  private tally(f: FileState, what: keyof FileCounts, n: number, kindName: string, table?: string) {
    if (n > 0) {
      this.counts[f.index][what] += n;
      this.kinds.add(kindName);
      if (what === 'added' && table) this.grown.set(table, (this.grown.get(table) ?? 0) + n);
    }
  }

  private distinctAny(pairs: Array<[string, string]>): RawBuilder<unknown> {
    const parts = pairs.map(([a, b]) => this.seam.isDistinct(sql.raw(a), sql.raw(b)));
    return sql`(${sql.join(parts, sql` or `)})`;
  }

  /**
   * Before the transaction: indexes on the staging tables for the lookups the statements below
   * make, and which fields each staged row still sets (`supersede`).
   */
  static async prepare(db: Trx, staging: StagingArea, sink: StagingSink, districtId: number): Promise<void> {
    const has = (k: StagedKind) => (sink.stagedCount[k] ?? 0) > 0;
    for (const k of ['years', 'students', 'guardians', 'staff', 'sessions', 'courses', 'classes', 'schools'] as const) if (has(k)) await staging.createIndex(k, ['file', 'ref', 'line']);
    for (const p of PARTIAL_KINDS) await Applier.supersede(db, staging, sink, districtId, p);
  }

  /**
   * When several files of one import carry the same record (OneRoster users.csv and the Village
   * students.csv, say), each field is set by the last row that carries it, and by no row before it:
   * the bits a later row of the record also provides are taken out of an earlier row's `applies`.
   * Otherwise a file would set a value the next file sets back, and importing the same files again
   * would count as changed records whose stored values never changed. (A later row of a delta file
   * that will not be applied, being older than what Village holds, takes nothing away.)
   */
  private static async supersede(db: Trx, staging: StagingArea, sink: StagingSink, districtId: number, p: (typeof PARTIAL_KINDS)[number]): Promise<void> {
    const perFile = sink.stagedByFile.get(p.kind) ?? [];
    const files = sink.files.filter((f) => (perFile[f.index] ?? 0) > 0);
    if (files.length < 2) return;
    const t = performance.now();
    await staging.createIndex(p.kind, [...p.key, 'file', 'line']);
    const s = staging.table(p.kind);
    const sameRecord = sql.join(p.key.map((k) => sql`s2.${sql.id(k)} = s.${sql.id(k)}`), sql` and `);
    const deltas = files.filter((f) => f.delta).map((f) => f.index);
    const applied =
      p.table && deltas.length
        ? sql`and not (s2.file in (${sql.join(deltas)}) and s2.is_new = 0 ${p.fullBit !== undefined ? sql`and (s2.provides & ${sql.lit(p.fullBit)}) <> 0` : sql``} and s2.source_modified_at is not null
            and exists (select 1 from ${sql.table(p.table)} t where t.id = s2.ref and t.district_id = ${districtId} and t.source_modified_at is not null and s2.source_modified_at < t.source_modified_at))`
        : sql``;
    const later = sql`${sameRecord} and (s2.file > s.file or (s2.file = s.file and s2.line > s.line)) ${applied}`;
    const bits = [...new Set(Object.values(p.bits))];
    const taken = sql.join(bits.map((b) => sql`coalesce(max(s2.provides & ${sql.lit(b)}), 0)`), sql` | `);
    const n = await run(
      db,
      sql`update ${s} as s set applies = (s.provides & ~(select ${taken} from ${s} s2 where ${later}))
          where ${sql.raw(p.key.includes('ref') ? 's.is_new = 0 and ' : '')}exists (select 1 from ${s} s2 where ${later})`,
    );
    if (TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms ${String(n).padStart(9)} rows  ${p.kind} rows whose fields later rows set`);
  }

  async apply(): Promise<ApplyOutcome> {
    const d = this.sink.directory;
    for (const kind of Object.keys(ENTITY_TABLES) as EntityKind[]) {
      this.bases[kind] = d.created[kind] > 0 ? await this.seam.reserveIds(this.trx, ENTITY_TABLES[kind], d.created[kind]) : 0;
    }
    await this.districtSources();
    await this.years();
    await this.schools();
    await this.students();
    await this.guardians();
    await this.staff();
    await this.sessions();
    await this.courses();
    await this.classes();
    await this.classMembers();
    await this.calendar();
    await this.enrollments();
    await this.attendance();
    await this.keyed('attendance_totals', 'attendance_totals', 'attendance', ['student_id', 'school_id', 'school_year_id'], { student_id: this.R('students', 'student_ref'), school_id: this.R('schools', 'school_ref'), school_year_id: this.R('years', 'year_ref') }, ['days_enrolled', 'days_absent']);
    await this.keyed(
      'assessments',
      'assessments',
      'assessments',
      ['student_id', 'assessment', 'subject', 'administration_date'],
      { student_id: this.R('students', 'student_ref'), assessment: sql.raw('s.assessment'), subject: sql.raw('s.subject'), administration_date: sql.raw('s.administration_date') },
      ['grade', 'scale_score', 'performance_level', 'performance_level_label', 'proficient'],
      { school_id: this.R('schools', 'school_ref'), school_year_id: this.R('years', 'year_ref') },
    );
    await this.keyed('discipline', 'discipline_actions', 'discipline', ['incident_id', 'student_id'], { incident_id: sql.raw('s.incident_id'), student_id: this.R('students', 'student_ref') }, ['date', 'behavior', 'action', 'days'], { school_id: this.R('schools', 'school_ref') });
    await this.keyed('programs', 'student_programs', 'programs', ['student_id', 'program', 'begin_date'], { student_id: this.R('students', 'student_ref'), program: sql.raw('s.program'), begin_date: sql.raw('s.begin_date') }, ['program_name', 'end_date'], { school_id: this.R('schools', 'school_ref') });
    await this.deletions();
    const real = (kind: EntityKind, ref: number) => (ref < 0 ? this.bases[kind] - ref : ref);
    return {
      counts: this.counts,
      kinds: this.kinds,
      yearIds: [...this.sink.touchedYears].map((r) => real('years', r)),
      schoolIds: [...this.sink.touchedSchools].map((r) => real('schools', r)),
      notes: this.notes,
      grown: this.grown,
    };
  }

  private async districtSources() {
    const sources = this.sink.districtSources;
    if (!sources.length) return;
    const d = this.sink.directory;
    const next: Record<string, string[]> = { ...d.sourceIds };
    for (const s of sources) {
      const list = (next[s.system] ??= []);
      if (!list.includes(s.sourceId)) list.push(s.sourceId);
    }
    if (JSON.stringify(next) !== JSON.stringify(d.sourceIds)) {
      await this.trx.updateTable('districts').set({ source_ids: JSON.stringify(next), updated_at: this.now }).where('id', '=', this.districtId).execute();
      this.kinds.add('district');
    }
  }

  /**
   * Inserts the staged rows that are new (with their reserved ids) and updates the others where a
   * value differs. `values` maps target columns to staged expressions; `groups` splits the update by
   * `provides` (only the columns a row provides are set).
   */
  private async entity(
    kind: StagedKind,
    entity: EntityKind,
    kindName: string,
    values: Record<string, RawBuilder<unknown>>,
    opts: {
      status?: boolean;
      deletedAt?: boolean;
      modified?: boolean;
      /** The columns a row sets, from its `applies` bits (the kind is staged with provides and applies). */
      groups?: (applies: number) => string[];
      /** With groups: the provides bit of a full record; only full records carry and are checked against dateLastModified. */
      fullBit?: number;
      latestPerRow?: boolean;
      keyColumns?: string[];
    } = {},
  ) {
    const table = ENTITY_TABLES[entity];
    const s = this.t(kind);
    const cols = Object.keys(values);
    const d = this.districtId;
    for (const f of this.filesOf(kind)) {
      const added = await run(
        this.trx,
        sql`insert into ${sql.table(table)} (id, district_id, ${sql.join(cols.map((c) => sql.id(c)))}${opts.modified ? sql`, source_modified_at` : sql``})
            select ${this.R(entity, 'ref')}, ${d}, ${sql.join(cols.map((c) => values[c]))}${opts.modified ? sql`, s.source_modified_at` : sql``}
            from ${s} s where s.file = ${f.index} and s.is_new = 1`,
      );
      this.tally(f, 'added', added, kindName, table);
      const groups = opts.groups
        ? (await sql<{ p: number; a: number }>`select distinct provides as p, applies as a from ${s} s where s.file = ${f.index} and s.is_new = 0`.execute(this.trx)).rows.map((r) => ({ p: Number(r.p), a: Number(r.a) }))
        : [{ p: 0, a: 0 }];
      for (const { p, a } of groups) {
        const setCols = (opts.groups ? opts.groups(a) : cols).filter((c) => !(opts.keyColumns ?? []).includes(c));
        if (!setCols.length && !opts.status) continue;
        const full = opts.fullBit === undefined || (p & opts.fullBit) !== 0;
        const modified = opts.modified && full;
        const sets = setCols.map((c) => sql`${sql.id(c)} = ${values[c]}`);
        if (opts.status && full) sets.push(sql`status = 'active'`);
        if (opts.deletedAt && full) sets.push(sql`deleted_at = null`);
        if (modified) sets.push(sql`source_modified_at = coalesce(s.source_modified_at, t.source_modified_at)`);
        sets.push(sql`updated_at = ${this.now}`);
        const differs = setCols.map((c) => this.seam.isDistinct(sql.raw(`t.${c}`), values[c]));
        if (opts.status && full) differs.push(sql`t.status <> 'active'`);
        if (!differs.length) continue;
        const provided = opts.groups ? sql`and s.provides = ${p} and s.applies = ${a}` : sql``;
        const latest = opts.latestPerRow ? sql`and s.line = (select max(s2.line) from ${s} s2 where s2.file = s.file and s2.ref = s.ref and s2.is_new = 0 ${opts.groups ? sql`and s2.provides = s.provides` : sql``})` : sql``;
        const fresh = modified && f.delta ? sql`and (t.source_modified_at is null or s.source_modified_at is null or s.source_modified_at >= t.source_modified_at)` : sql``;
        const changed = await run(
          this.trx,
          sql`update ${sql.table(table)} as t set ${sql.join(sets)}
              from ${s} s
              where s.file = ${f.index} and s.is_new = 0 ${provided} ${latest}
                and t.id = ${this.R(entity, 'ref')} and t.district_id = ${d}
                and (${sql.join(differs, sql` or `)}) ${fresh}`,
        );
        this.tally(f, 'changed', changed, kindName);
      }
      if (opts.modified && f.delta) {
        const fullOnly = opts.fullBit !== undefined ? sql`and (s.provides & ${opts.fullBit}) <> 0` : sql``;
        const stale = await sql<{ n: number }>`select count(*) as n from ${s} s join ${sql.table(table)} t on t.id = ${this.R(entity, 'ref')} and t.district_id = ${d}
            where s.file = ${f.index} and s.is_new = 0 ${fullOnly} and s.source_modified_at is not null and t.source_modified_at is not null and s.source_modified_at < t.source_modified_at`.execute(this.trx);
        const n = Number(stale.rows[0]?.n ?? 0);
        if (n) this.notes.push({ file: f.name, reason: `${n.toLocaleString('en-US')} record${n === 1 ? ' was' : 's were'} not applied: Village's copy is more recent (dateLastModified) than this delta file's` });
      }
    }
  }

  private async years() {
    const s = this.t('years');
    const d = this.districtId;
    for (const f of this.filesOf('years')) {
      await run(this.trx, sql`insert into school_years (id, district_id, name, start_date, end_date) select ${this.R('years', 'ref')}, ${d}, s.name, s.start_date, s.end_date from ${s} s where s.file = ${f.index} and s.is_new = 1`);
      // Years a file names in passing (line < 0) are reported, not counted as rows of the file.
      const created = await sql<{ name: string; line: number; start_date: string; end_date: string }>`select name, line, start_date, end_date from ${s} s where s.file = ${f.index} and s.is_new = 1 order by line desc`.execute(this.trx);
      for (const y of created.rows) {
        if (y.line > 0) this.tally(f, 'added', 1, 'years', 'school_years');
        else {
          this.kinds.add('years');
          this.notes.push({ file: f.name, reason: `the school year ${y.name} was created (named at line ${-y.line}), from ${y.start_date} to ${y.end_date}; a district administrator can correct its dates` });
        }
      }
      const changed = await run(
        this.trx,
        sql`update school_years as t set start_date = coalesce(s.start_date, t.start_date), end_date = coalesce(s.end_date, t.end_date), updated_at = ${this.now}
            from ${s} s
            where s.file = ${f.index} and s.is_new = 0 and (s.start_date is not null or s.end_date is not null)
              and s.line = (select max(s2.line) from ${s} s2 where s2.file = s.file and s2.ref = s.ref and s2.is_new = 0 and (s2.start_date is not null or s2.end_date is not null))
              and t.id = ${this.R('years', 'ref')} and t.district_id = ${d}
              and (${this.seam.isDistinct(sql.raw('t.start_date'), sql.raw('coalesce(s.start_date, t.start_date)'))} or ${this.seam.isDistinct(sql.raw('t.end_date'), sql.raw('coalesce(s.end_date, t.end_date)'))})`,
      );
      this.tally(f, 'changed', changed, 'years');
    }
  }

  private async schools() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity('schools', 'schools', 'schools', { code: v('code'), local_id: v('local_id'), name: v('name'), school_type: v('school_type'), low_grade: v('low_grade'), high_grade: v('high_grade') }, {
      status: true,
      keyColumns: ['code'],
      groups: (a) => providedColumns(SCHOOL_PROVIDES_COLUMNS, SCHOOL_PROVIDES, a),
    });
  }

  private async students() {
    const cols = ['ext_id', 'local_id', 'first_name', 'last_name', 'middle_name', 'birth_date', 'sex', 'hispanic_latino', 'races', 'race_ethnicity', 'english_learner', 'disability', 'economically_disadvantaged', 'homeless', 'foster', 'home_language', 'email'];
    const values = Object.fromEntries(cols.map((c) => [c, sql.raw(`s.${c}`)]));
    await this.entity('students', 'students', 'students', values, {
      status: true,
      deletedAt: true,
      modified: true,
      fullBit: STUDENT_PROVIDES.name,
      latestPerRow: true,
      keyColumns: ['ext_id'],
      groups: (a) => providedColumns(STUDENT_PROVIDES_COLUMNS, STUDENT_PROVIDES, a),
    });
  }

  private async guardians() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity('guardians', 'guardians', 'guardians', { ext_id: v('ext_id'), first_name: v('first_name'), last_name: v('last_name'), phone: v('phone'), email: v('email'), preferred_language: v('preferred_language') }, {
      status: true,
      deletedAt: true,
      modified: true,
      keyColumns: ['ext_id'],
      groups: (a) => providedColumns(GUARDIAN_PROVIDES_COLUMNS, GUARDIAN_PROVIDES, a),
    });
    await this.links(
      'guardian_links',
      'student_guardians',
      'guardians',
      { student_id: this.R('students', 'student_ref'), guardian_id: this.R('guardians', 'guardian_ref') },
      { relationship: sql.raw('s.relationship'), lives_with_student: sql.raw('s.lives_with_student') },
      true,
      undefined,
      {},
      (a) => providedColumns(GUARDIAN_LINK_PROVIDES_COLUMNS, GUARDIAN_LINK_PROVIDES, a),
    );
  }

  private async staff() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity('staff', 'staff', 'staff', { ext_id: v('ext_id'), local_id: v('local_id'), first_name: v('first_name'), last_name: v('last_name'), email: v('email'), role: v('role') }, {
      status: true,
      deletedAt: true,
      modified: true,
      keyColumns: ['ext_id'],
      groups: (a) => providedColumns(STAFF_PROVIDES_COLUMNS, STAFF_PROVIDES, a),
    });
    await this.links('staff_schools', 'staff_schools', 'staff', { staff_id: this.R('staff', 'staff_ref'), school_id: this.R('schools', 'school_ref') }, {}, false);
  }

  private async sessions() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity('sessions', 'sessions', 'sessions', { ext_id: v('ext_id'), title: v('title'), type: v('type'), start_date: v('start_date'), end_date: v('end_date'), parent_ext_id: v('parent_ext_id'), school_year_id: this.R('years', 'year_ref') }, { status: true, modified: true, keyColumns: ['ext_id'] });
  }

  private async courses() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity('courses', 'courses', 'courses', { ext_id: v('ext_id'), title: v('title'), course_code: v('course_code'), school_id: this.R('schools', 'school_ref') }, { status: true, modified: true, keyColumns: ['ext_id'] });
  }

  private async classes() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.entity(
      'classes',
      'classes',
      'classes',
      { ext_id: v('ext_id'), school_id: this.R('schools', 'school_ref'), school_year_id: this.R('years', 'year_ref'), course_id: this.R('courses', 'course_ref'), title: v('title'), class_code: v('class_code'), grades: v('grades'), periods: v('periods') },
      { status: true, modified: true, keyColumns: ['ext_id'] },
    );
  }

  /**
   * Rows of a link or keyed table: update where a value differs (and re-activate), insert the rest.
   * `keys` are the target's unique key columns (district_id implied) with their staged expressions.
   */
  private async links(
    kind: StagedKind,
    table: string,
    kindName: string,
    keys: Record<string, RawBuilder<unknown>>,
    values: Record<string, RawBuilder<unknown>>,
    status: boolean,
    from?: RawBuilder<unknown>,
    /** Update expressions that differ from the inserted value (they may read the stored row, t). */
    onUpdate: Record<string, RawBuilder<unknown>> = {},
    /** The kind is staged with provides and applies: the value columns a row updates, from its `applies` bits. */
    groups?: (applies: number) => string[],
  ) {
    const source = from ?? sql`${this.t(kind)}`;
    const d = this.districtId;
    const keyCols = Object.keys(keys);
    const valCols = Object.keys(values);
    for (const f of this.filesOf(kind)) {
      const where = sql.join(keyCols.map((c) => sql`t.${sql.id(c)} = ${keys[c]}`), sql` and `);
      const upd = (c: string) => onUpdate[c] ?? values[c];
      const applies = groups ? (await sql<{ a: number }>`select distinct applies as a from ${source} s where s.file = ${f.index}`.execute(this.trx)).rows.map((r) => Number(r.a)) : [null];
      for (const a of applies) {
        const setCols = a === null || !groups ? valCols : valCols.filter((c) => groups(a).includes(c));
        const differs = setCols.map((c) => this.seam.isDistinct(sql.raw(`t.${c}`), upd(c)));
        if (status) differs.push(sql`t.status <> 'active'`);
        if (!differs.length) continue;
        const sets = setCols.map((c) => sql`${sql.id(c)} = ${upd(c)}`);
        if (status) sets.push(sql`status = 'active'`);
        const group = a === null ? sql`` : sql`and s.applies = ${a}`;
        const changed = await run(this.trx, sql`update ${sql.table(table)} as t set ${sql.join(sets)} from ${source} s where s.file = ${f.index} ${group} and t.district_id = ${d} and ${where} and (${sql.join(differs, sql` or `)})`);
        this.tally(f, 'changed', changed, kindName);
      }
      const all = [...keyCols, ...valCols];
      const exprs = [...keyCols.map((c) => keys[c]), ...valCols.map((c) => values[c])];
      const added = await run(this.trx, sql`insert into ${sql.table(table)} (district_id, ${sql.join(all.map((c) => sql.id(c)))}) select ${d}, ${sql.join(exprs)} from ${source} s where s.file = ${f.index} on conflict do nothing`);
      this.tally(f, 'added', added, kindName, table);
    }
  }

  /** A keyed record table: like links, with extra columns that are set but not part of the key. */
  private async keyed(kind: StagedKind, table: string, kindName: string, keyCols: string[], keys: Record<string, RawBuilder<unknown>>, valueCols: string[], extra: Record<string, RawBuilder<unknown>> = {}) {
    const values: Record<string, RawBuilder<unknown>> = { ...extra };
    for (const c of valueCols) values[c] = sql.raw(`s.${c}`);
    void keyCols;
    await this.links(kind, table, kindName, keys, values, false);
  }

  private async classMembers() {
    if (!this.staged('class_members')) return;
    const s = this.t('class_members');
    // One row per class and person: several enrollments of the same pair (a fall and a spring
    // term) become one membership spanning both.
    const grouped = (role: 'student' | 'teacher') => sql`(select file, class_ref, person_ref, min(member_ext) as member_ext, max(is_primary) as is_primary, min(begin_date) as begin_date,
        case when count(end_date) = count(*) then max(end_date) end as end_date
        from ${s} where role = ${role} group by file, class_ref, person_ref)`;
    const keys = (person: string) => ({ class_id: this.R('classes', 'class_ref'), [person]: this.R(person === 'student_id' ? 'students' : 'staff', 'person_ref') });
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.links('class_members', 'class_students', 'classes', keys('student_id'), { ext_id: v('member_ext'), begin_date: v('begin_date'), end_date: v('end_date') }, true, grouped('student'));
    await this.links('class_members', 'class_teachers', 'classes', keys('staff_id'), { ext_id: v('member_ext'), is_primary: v('is_primary'), begin_date: v('begin_date'), end_date: v('end_date') }, true, grouped('teacher'));
  }

  private async calendar() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.links('calendar', 'calendar_days', 'calendar', { school_id: this.R('schools', 'school_ref'), date: v('date') }, { school_year_id: this.R('years', 'year_ref'), instructional: v('instructional'), event: v('event') }, false, undefined, { event: sql.raw('coalesce(s.event, t.event)') });
  }

  private async enrollments() {
    const v = (c: string) => sql.raw(`s.${c}`);
    await this.links(
      'enrollments',
      'enrollments',
      'enrollments',
      { student_id: this.R('students', 'student_ref'), school_id: this.R('schools', 'school_ref'), entry_date: v('entry_date') },
      { school_year_id: this.R('years', 'year_ref'), grade: v('grade'), exit_date: v('exit_date'), entry_type: v('entry_type'), exit_type: v('exit_type') },
      true,
    );
  }

  private async attendance() {
    const n = this.staged('attendance');
    if (!n) return;
    const s = this.t('attendance');
    const d = this.districtId;
    const student = this.R('students', 'student_ref');
    const school = this.R('schools', 'school_ref');
    const span = this.sink.attendanceDates!;
    const overlapping = await sql<{ x: number }>`select 1 as x from attendance_records where district_id = ${d} and date >= ${span.min} and date <= ${span.max} limit 1`.execute(this.trx);
    const existing = overlapping.rows.length > 0;
    const replace = this.sink.attendanceCover.size > 0 && existing;
    const status = sql.raw(`(case s.status ${ATTENDANCE_STATUS_CODES.map((c, i) => `when ${i} then '${c}'`).join(' ')} end)`);
    const samePk = sql`t.district_id = ${d} and t.student_id = ${student} and t.school_id = ${school} and t.date = s.date and t.status = ${status}`;
    const sameKey = new Map<number, number>();
    let removedTotal = 0;
    if (replace) {
      // --replace: the files' schools and dates are replaced by what they hold. Rows identical to
      // stored ones count as unchanged, rows with the same key and other minutes as changed.
      const counts = await sql<{ file: number; k: number; n: number }>`select s.file as file, count(*) as k, sum(case when ${this.seam.isDistinct(sql.raw('t.minutes_absent'), sql.raw('s.minutes_absent'))} then 1 else 0 end) as n
          from ${s} s join attendance_records t on ${samePk} group by s.file`.execute(this.trx);
      let keyed = 0;
      for (const r of counts.rows) {
        sameKey.set(Number(r.file), Number(r.k));
        keyed += Number(r.k);
        this.tally(this.sink.files[Number(r.file)], 'changed', Number(r.n), 'attendance');
      }
      const cover = this.t('attendance_cover');
      const deleted = await run(this.trx, sql`delete from attendance_records where district_id = ${d} and exists (select 1 from ${cover} c where ${sql.raw(`(case when c.school_ref < 0 then ${this.bases.schools} - c.school_ref else c.school_ref end)`)} = attendance_records.school_id and c.date = attendance_records.date)`);
      removedTotal = deleted - keyed;
    }
    // Many rows new to a table that holds few: rebuild its indexes once rather than update them row
    // by row (SQLite; see the seam). A file imported again adds nothing, and rebuilds nothing.
    const manyNew = async () => {
      if (n < BULK_ROWS) return false;
      const fresh = existing && !replace ? await this.newAttendanceEstimate(n, samePk) : n;
      if (fresh < BULK_ROWS) return false;
      // Counting stops at twice the rows added: "at least as many" is all that is asked.
      const total = await sql<{ n: number }>`select count(*) as n from (select 1 from attendance_records limit ${2 * fresh}) x`.execute(this.trx);
      return Number(total.rows[0]?.n ?? 0) < 2 * fresh;
    };
    const columns = sql`attendance_records (district_id, student_id, school_id, date, status, minutes_absent)`;
    await this.seam.bulkWrite(this.trx, 'attendance_records', manyNew, async () => {
      for (const f of this.filesOf('attendance')) {
        // In the order of the table's key (district, student, school, date, status): each page written once.
        const order = this.sink.attendanceUnordered.has(f.index) ? sql`order by 2, 3, 4, 5` : sql``;
        const rows = sql`select ${d}, ${student}, ${school}, s.date, ${status}, s.minutes_absent from ${s} s where s.file = ${f.index} ${order}`;
        if (existing && !replace) {
          // One pass: rows new to the table are added, stored rows whose minutes differ changed.
          const { added, changed } = await this.seam.upsert(
            this.trx,
            'attendance_records',
            sql`insert into ${columns} ${rows}
                on conflict (district_id, student_id, school_id, date, status) do update set minutes_absent = excluded.minutes_absent
                where ${this.seam.isDistinct(sql.raw('attendance_records.minutes_absent'), sql.raw('excluded.minutes_absent'))}`,
          );
          if (TRACE) console.error(`[import] attendance of file ${f.index}: ${added} added, ${changed} changed`);
          this.tally(f, 'changed', changed, 'attendance');
          this.tally(f, 'added', added, 'attendance');
          this.grown.set('attendance_records', (this.grown.get('attendance_records') ?? 0) + added);
          continue;
        }
        const inserted = await run(this.trx, sql`insert into ${columns} ${rows} on conflict do nothing`);
        const kept = sameKey.get(f.index) ?? 0;
        this.tally(f, 'added', inserted - kept, 'attendance');
        this.grown.set('attendance_records', (this.grown.get('attendance_records') ?? 0) + inserted);
        if (removedTotal > 0) {
          this.tally(f, 'removed', removedTotal, 'attendance');
          removedTotal = 0;
        }
      }
    });
  }

  /**
   * How many of the staged attendance rows the table does not hold yet, estimated from the rows of
   * about one student in 500, looked up by key.
   */
  private async newAttendanceEstimate(n: number, samePk: RawBuilder<unknown>): Promise<number> {
    const s = this.t('attendance');
    const t = performance.now();
    const r = await sql<{ k: number; found: number }>`select count(*) as k, sum(case when exists (select 1 from attendance_records t where ${samePk}) then 1 else 0 end) as found
        from ${s} s where s.student_ref % 499 = 0`.execute(this.trx);
    const k = Number(r.rows[0]?.k ?? 0);
    const found = Number(r.rows[0]?.found ?? 0);
    const fresh = k > 0 ? Math.round((n * (k - found)) / k) : n;
    if (TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms  attendance rows new to the table: about ${fresh} of ${n} (${k - found} of ${k} sampled)`);
    return fresh;
  }

  private async deletions() {
    if (!this.staged('deletions')) return;
    const s = this.t('deletions');
    const d = this.districtId;
    const tables: Array<[string, EntityKind, string, boolean]> = [
      ['student', 'students', 'students', true],
      ['school', 'schools', 'schools', false],
      ['guardian', 'guardians', 'guardians', true],
      ['staff', 'staff', 'staff', true],
      ['session', 'sessions', 'academic_sessions', false],
      ['course', 'courses', 'courses', false],
      ['class', 'classes', 'classes', false],
    ];
    for (const f of this.filesOf('deletions')) {
      for (const [kind, entity, table, deletedAt] of tables) {
        const n = await run(
          this.trx,
          sql`update ${sql.table(table)} as t set status = 'deleted', ${deletedAt ? sql`deleted_at = ${this.now}, ` : sql``}updated_at = ${this.now}
              from ${s} s where s.file = ${f.index} and s.kind = ${kind} and s.ref is not null and t.id = ${this.R(entity, 'ref')} and t.district_id = ${d} and t.status <> 'deleted'`,
        );
        this.tally(f, 'removed', n, entity);
      }
      for (const table of ['class_students', 'class_teachers']) {
        const n = await run(this.trx, sql`update ${sql.table(table)} as t set status = 'deleted' from ${s} s where s.file = ${f.index} and s.kind = 'classMember' and t.district_id = ${d} and t.ext_id = s.ext_id and t.status <> 'deleted'`);
        this.tally(f, 'removed', n, 'classes');
      }
    }
  }
}

/**
 * After an import is committed: fresh planner statistics for every table it grew by a tenth or
 * more (a sampled ANALYZE on SQLite, ANALYZE on PostgreSQL), so roster lists and the figures
 * recomputed next are planned for the rows now there rather than for a table a fraction of the size.
 * How many rows a table holds is counted only up to what decides it. Returns the tables analysed.
 */
export async function refreshStatistics(db: Trx, seam: DialectSeam, grown: Map<string, number>): Promise<string[]> {
  const analysed: string[] = [];
  for (const [table, added] of grown) {
    if (added <= 0) continue;
    const t = performance.now();
    let due = added >= ANALYZE_ALWAYS_AFTER;
    if (!due) {
      const cap = Math.ceil(added / ANALYZE_SHARE);
      const r = await sql<{ n: number }>`select count(*) as n from (select 1 from ${sql.table(table)} limit ${cap + 1}) x`.execute(db);
      due = Number(r.rows[0]?.n ?? 0) <= cap;
    }
    if (!due) continue;
    await seam.analyze(table).catch(() => {});
    analysed.push(table);
    if (TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms  analyze ${table} (${added.toLocaleString('en-US')} rows added)`);
  }
  return analysed;
}
