/**
 * The Ed-Fi XML reader: `readEdfiFolder(folder, sink, { mappings, onProgress })` reads every
 * interchange in a folder (and its subfolders) and puts Village's normalised records into the
 * import engine's RecordSink. Each file is recognised by its root element and the namespace written
 * in it (never by its name); files are read as streams, one record at a time. Problems go to
 * sink.issue naming the file, the line and the element; the engine decides what is written.
 *
 * What is read (Data Standard 5.x, and the older shapes of 2.x to 4.x):
 *  - InterchangeEducationOrganization: the LocalEducationAgency (mapped onto the district being
 *    imported into) and its Schools;
 *  - InterchangeEducationOrgCalendar: Sessions (school years and their dates) and CalendarDates;
 *  - InterchangeStudent: students (and, in Data Standard 2, their demographics; when files of several
 *    Data Standards are present, the newest names the students and older ones add demographics);
 *  - InterchangeStudentEnrollment: StudentSchoolAssociation (enrollment spans and grade) and
 *    StudentEducationOrganizationAssociation (sex, race, ethnicity, characteristics, language);
 *  - InterchangeStudentProgram: program associations (special education → disability, English
 *    learners → english_learner, food service → economically_disadvantaged, homeless, foster);
 *  - InterchangeAssessmentMetadata + InterchangeStudentAssessment: results with subject, score,
 *    performance level and proficiency;
 *  - InterchangeStudentDiscipline: discipline actions with their incident's behaviour;
 *  - InterchangeStudentAttendance: school-level StudentSchoolAttendanceEvent as daily records.
 *    Class-period StudentSectionAttendanceEvent never counts as a full day: it is counted, reported
 *    in one warning per file, and not stored.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RecordSink } from '../records.ts';
import { DescriptorMappings } from './descriptors.ts';
import { FileContext, ImportState, PROGRAM_CODE_FLAG, standardOf, type Standard, type UnmappedDescriptor } from './context.ts';
import { INTERCHANGE_ORDER, isProgramAssociation, isReadInterchange, programCode, readerFor, type InterchangeName } from './interchanges.ts';
import { readXmlRecords, sniffRoot, textAt, XmlFileError, type XmlNode } from './xml.ts';

export { DescriptorMappings } from './descriptors.ts';
export type { UnmappedDescriptor } from './context.ts';

export interface EdfiProgress {
  /** The file being read, relative to the folder. */
  file: string;
  /** 1-based position of the file among those read, and how many there are. */
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  totalBytes: number;
  /** Records read from this file so far. */
  records: number;
  /** Bytes read across every file so far, and the total to read. */
  doneBytes: number;
  allBytes: number;
}

export interface EdfiReadOptions {
  /** The district's descriptor mappings (loadDescriptorMappings); the shipped defaults when absent. */
  mappings?: DescriptorMappings;
  onProgress?: (p: EdfiProgress) => void;
}

export interface EdfiFileSummary {
  file: string;
  /** The root element, when the file is XML. */
  root: string | null;
  /** e.g. '5.2', read from the namespace. */
  standard: string | null;
  status: 'read' | 'skipped' | 'failed';
  records: number;
  reason?: string;
}

export interface EdfiReadSummary {
  files: EdfiFileSummary[];
  /** Records given to the sink, by kind; 'ignored <Element>' counts elements Village does not use. */
  counts: Record<string, number>;
  /** Descriptor values with no mapping, across every file (for the mappings page). */
  unmapped: UnmappedDescriptor[];
  errors: number;
  warnings: number;
}

const NULL_SINK: RecordSink = new Proxy({} as RecordSink, { get: () => () => undefined });

/** Every file under a folder (or the file itself), sorted, with paths relative to the folder. */
async function listFiles(target: string): Promise<{ base: string; files: string[] }> {
  const info = await stat(target);
  if (info.isFile()) return { base: path.dirname(target), files: [target] };
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    if (depth > 8) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full, depth + 1);
      else if (e.isFile()) out.push(full);
    }
  };
  await walk(target, 0);
  return { base: target, files: out };
}

/**
 * Reads an Ed-Fi interchange folder (or one interchange file) into the sink. Never throws for bad
 * input: every problem is an issue given to the sink (a file that cannot be read at all is a `fatal`
 * error). Resolves with a summary of what was read.
 */
export async function readEdfiFolder(folder: string, sink: RecordSink, options: EdfiReadOptions = {}): Promise<EdfiReadSummary> {
  const state = new ImportState(sink, options.mappings ?? new DescriptorMappings());
  const summary: EdfiReadSummary = { files: [], counts: state.counts, unmapped: [], errors: 0, warnings: 0 };
  const label = path.basename(folder) || folder;

  let listing: { base: string; files: string[] };
  try {
    listing = await listFiles(folder);
  } catch (err) {
    state.issue({ severity: 'error', file: label, line: 0, column: null, reason: `cannot read ${folder}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message}`, fatal: true });
    return finish(state, summary);
  }

  // 1. Recognise each XML file by its root element and namespace.
  const plan: Array<{ full: string; file: string; interchange: InterchangeName; standard: Standard; size: number }> = [];
  for (const full of listing.files) {
    const file = path.relative(listing.base, full) || path.basename(full);
    if (!/\.xml$/i.test(full)) {
      summary.files.push({ file, root: null, standard: null, status: 'skipped', records: 0, reason: 'not an XML file' });
      continue;
    }
    let root;
    try {
      root = await sniffRoot(full);
    } catch (err) {
      const e = err instanceof XmlFileError ? err : new XmlFileError(String((err as Error).message ?? err), 0);
      state.issue({ severity: 'error', file, line: e.line, column: null, reason: `the file cannot be read: ${e.message}`, fatal: true });
      summary.files.push({ file, root: null, standard: null, status: 'failed', records: 0, reason: e.message });
      continue;
    }
    if (!root.name.startsWith('Interchange')) {
      state.issue({ severity: 'warning', file, line: 1, column: null, reason: `not an Ed-Fi interchange (its root element is <${root.name}>); not read` });
      summary.files.push({ file, root: root.name, standard: null, status: 'skipped', records: 0, reason: 'not an Ed-Fi interchange' });
      continue;
    }
    const standard = standardOf(root.namespace);
    if (!isReadInterchange(root.name)) {
      if (root.name !== 'InterchangeDescriptors') {
        state.issue({ severity: 'warning', file, line: 1, column: null, reason: `${root.name} is not one of the interchanges Village reads (${INTERCHANGE_ORDER.join(', ')}); not read` });
      }
      summary.files.push({ file, root: root.name, standard: standard?.label ?? null, status: 'skipped', records: 0, reason: root.name === 'InterchangeDescriptors' ? 'descriptor definitions: map values on the Ed-Fi mappings page' : 'not an interchange Village reads' });
      continue;
    }
    if (!standard) {
      state.issue({ severity: 'warning', file, line: 1, column: null, reason: root.namespace ? `cannot tell the Data Standard version from the namespace "${root.namespace}"; read as Data Standard 5` : 'the root element has no namespace; read as Data Standard 5' });
    }
    plan.push({ full, file, interchange: root.name, standard: standard ?? { major: 5, minor: 0, label: '5' }, size: (await stat(full)).size });
  }

  if (plan.length === 0 && state.errors === 0) {
    state.issue({ severity: 'error', file: label, line: 0, column: null, reason: `no Ed-Fi interchange found in ${label} (Village reads ${INTERCHANGE_ORDER.join(', ')}, recognised by their root element)`, fatal: true });
  }

  // 2. Order: each interchange after those it builds on; Student files of the newest standard first.
  const version = (s: Standard) => s.major * 100 + s.minor;
  plan.sort((a, b) => INTERCHANGE_ORDER.indexOf(a.interchange) - INTERCHANGE_ORDER.indexOf(b.interchange) || version(b.standard) - version(a.standard) || a.file.localeCompare(b.file));
  const studentVersions = new Set(plan.filter((p) => p.interchange === 'InterchangeStudent').map((p) => version(p.standard)));
  if (studentVersions.size > 1) {
    state.newestStudents = new Set();
    state.newestStandard = Math.max(...studentVersions);
  }

  const programs = plan.filter((p) => p.interchange === 'InterchangeStudentProgram');
  const allBytes = plan.reduce((n, p) => n + p.size, 0) + programs.reduce((n, p) => n + p.size, 0);
  let doneBytes = 0;
  const fileCount = plan.length + programs.length;
  let fileIndex = 0;
  const progress = (file: string, bytesRead: number, totalBytes: number, records: number, base: number) => {
    sink.progress?.(file, bytesRead, totalBytes, records);
    options.onProgress?.({ file, fileIndex, fileCount, bytesRead, totalBytes, records, doneBytes: base + bytesRead, allBytes });
  };

  // 3. A first look at the program files: the flags they give students are merged into the
  //    students' demographics wherever those are read.
  const scan = new ImportState(NULL_SINK, state.mappings);
  for (const p of programs) {
    fileIndex++;
    const base = doneBytes;
    const ctx = new FileContext(scan, p.file, p.standard);
    try {
      await readXmlRecords(p.full, {
        onRecord: (node: XmlNode) => {
          if (!isProgramAssociation(node.name)) return;
          const studentId = textAt(node, 'StudentReference/StudentIdentity/StudentUniqueId');
          const flag = PROGRAM_CODE_FLAG[programCode(ctx, node).code];
          if (studentId && flag) state.programFlags.set(studentId, (state.programFlags.get(studentId) ?? 0) | flag);
        },
        onBytes: (read, total) => progress(p.file, read, total, 0, base),
      });
    } catch {
      // Reported when the file is read for its records.
    }
    doneBytes += p.size;
  }

  // 4. Read every file into the sink.
  for (const p of plan) {
    fileIndex++;
    const base = doneBytes;
    const ctx = new FileContext(state, p.file, p.standard);
    const reader = readerFor(p.interchange, ctx);
    const entry: EdfiFileSummary = { file: p.file, root: p.interchange, standard: p.standard.label, status: 'read', records: 0 };
    summary.files.push(entry);
    sink.file?.({ name: p.file, kind: `edfi:${p.interchange}`, sizeBytes: p.size });
    try {
      await readXmlRecords(p.full, {
        onRecord: (node) => {
          ctx.records++;
          return reader.record(node);
        },
        onBytes: (read, total) => progress(p.file, read, total, ctx.records, base),
        afterChunk: () => sink.flush?.(),
      });
      reader.end?.();
    } catch (err) {
      const e = err instanceof XmlFileError ? err : new XmlFileError(String((err as Error)?.message ?? err), 0);
      entry.status = 'failed';
      entry.reason = e.message;
      state.issue({ severity: 'error', file: p.file, line: e.line, column: null, reason: `reading stopped: ${e.message}`, fatal: true });
    }
    ctx.finish();
    entry.records = ctx.records;
    doneBytes += p.size;
  }
  return finish(state, summary);
}

function finish(state: ImportState, summary: EdfiReadSummary): EdfiReadSummary {
  summary.unmapped = [...state.unmapped.values()];
  summary.errors = state.errors;
  summary.warnings = state.warnings;
  return summary;
}
