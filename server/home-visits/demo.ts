/**
 * The demo district's home-visit program: a program at every school (the first school coordinated by
 * the demo coordinator), trained and untrained educators, families who accepted, declined or have not
 * answered, visits in every state (scheduled, awaiting reflections, completed, cancelled, no-show) with
 * notes and reflections, the first school above 10% of families visited, the second below, and one
 * school whose visits lean heavily toward chronically absent students (so the cross-section check
 * has something to say). The demo teacher has scheduled visits to log.
 */
import type { DemoContext } from '../demo/context.ts';
import { ensureProgram, type SchoolYear } from './program.ts';
import { loadRoster, type Family } from './families.ts';
import { listEducators } from './educators.ts';
import { loadAttendanceBook, tierOf } from './attendance.ts';
import { measureDataChanged } from '../measures/registry.ts';
import { HOME_VISIT_COVERAGE } from './measure.ts';

/** A small deterministic random generator, so the demo is the same for the same seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
const minDate = (a: string, b: string) => (a < b ? a : b);

const HOPES = [
  'The family hopes she will be the first in the family to go to college; her grandmother wants her to keep speaking Spanish.',
  'They dream of him becoming an engineer; he builds bridges out of cardboard at home. Mom works nights, so mornings are hard.',
  'Los padres quieren que sea maestra; le encanta leerle a su hermanito. Prefieren mensajes de texto en español.',
  'The family wants her to feel safe and happy at school after moving twice this year. Dad coaches the neighbourhood soccer team.',
  'Sueñan con que termine la preparatoria y estudie enfermería como su tía. Piden ideas para practicar matemáticas en casa.',
  'Grandparents are raising him; they hope he finds good friends and keeps drawing. They would like to volunteer at school.',
];
const LEARNED = [
  'The family reads together every night, in Spanish.',
  'Mom works two jobs; evening calls work best.',
  'He loves building things and talks about it for hours.',
  'The family had a hard experience at a previous school and was glad to be asked.',
  'Older sister helps with homework and wants to be involved too.',
];
const WILL_USE = [
  'Send home bilingual reading logs and celebrate the reading.',
  'Move conferences to evenings and text first.',
  'Use building projects in science and invite him to lead one.',
  'Call home with good news first, before anything else.',
  'Invite the sister to family literacy night.',
];

export async function loadHomeVisitsDemo(ctx: DemoContext): Promise<void> {
  const db = ctx.database.db;
  const districtId = ctx.districtId;
  const y = await db.selectFrom('school_years').select(['id', 'name', 'start_date', 'end_date']).where('district_id', '=', districtId).where('name', '=', ctx.year).executeTakeFirst();
  if (!y) return;
  const year: SchoolYear = { id: y.id, name: y.name, startDate: y.start_date, endDate: y.end_date };
  const random = rng(ctx.seed * 7919 + 5);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const realToday = new Date().toISOString().slice(0, 10);
  const today = minDate(realToday, year.endDate);
  const schools = await db.selectFrom('schools').select(['id', 'code', 'name']).where('district_id', '=', districtId).orderBy('code').execute();
  if (schools.length === 0) return;
  const coordinator = await db.selectFrom('users').select('id').where('district_id', '=', districtId).where('email', '=', 'coordinator@riverside.example').executeTakeFirst();
  const teacherUser = await db.selectFrom('users').select(['staff_id']).where('district_id', '=', districtId).where('email', '=', 'teacher@riverside.example').executeTakeFirst();
  const demoTeacher = teacherUser?.staff_id ?? null;
  const roster = await loadRoster(db, districtId, year.id, { asOf: today });
  const book = await loadAttendanceBook(db, districtId, year.id);
  const stamp = new Date().toISOString();

  // Visits run from three weeks into the year to a few days ago; scheduled ones in the weeks ahead.
  const firstDay = addDays(year.startDate, 21);
  const lastPast = addDays(today, -3);
  const span = Math.max(1, Math.round((Date.parse(lastPast) - Date.parse(firstDay)) / DAY));
  const pastDate = () => {
    let d = addDays(firstDay, Math.floor(random() * span));
    while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, -1);
    return d < year.startDate ? year.startDate : d > lastPast ? lastPast : d;
  };
  const recentDate = () => {
    let d = addDays(lastPast, -Math.floor(random() * 25));
    while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, -1);
    return d < year.startDate ? year.startDate : d;
  };
  const futureDate = () => {
    let d = addDays(today, 2 + Math.floor(random() * 20));
    while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
    return minDate(d, year.endDate);
  };
  const busy = new Set<string>();
  const slot = (staff: number[], date: string): string | null => {
    for (const time of ['15:30', '17:00', '18:30', '16:15', '19:15']) {
      if (staff.every((s) => !busy.has(`${s}|${date}|${time}`))) {
        for (const s of staff) busy.add(`${s}|${date}|${time}`);
        return time;
      }
    }
    return null;
  };

  for (const [index, school] of schools.entries()) {
    const programId = await ensureProgram(db, districtId, school.id, year.id);
    await db.updateTable('hv_programs').set({ hourly_rate_cents: 3500, updated_at: stamp }).where('id', '=', programId).execute();
    if (index === 0 && coordinator) {
      await db.insertInto('hv_coordinators').values({ district_id: districtId, program_id: programId, user_id: coordinator.id, added_at: stamp }).onConflict((oc) => oc.doNothing()).execute();
    }
    const types = await db.selectFrom('hv_visit_types').select(['id', 'purpose']).where('program_id', '=', programId).execute();
    const hopesType = types.find((t) => t.purpose === 'hopes_and_dreams')!.id;
    const academicType = types.find((t) => t.purpose === 'academic')!.id;

    // Educators: about two in three trained, most of them taking part; the demo teacher trained and in.
    const educators = await listEducators(db, districtId, year, [school.id]);
    const visiting: number[] = [];
    for (const e of educators) {
      const isDemoTeacher = e.staffId === demoTeacher;
      const trained = isDemoTeacher || random() < 0.65;
      if (trained && e.trainings.length === 0) {
        const date = addDays(year.startDate, -Math.floor(random() * 400) - 5);
        await db.insertInto('hv_trainings').values({ district_id: districtId, staff_id: e.staffId, training_date: date, trainer: pick(['PTHV national trainers', 'District family engagement office', 'Teachers union and community organisers']), hours: pick([6, 6, 8, 4]), notes: null, created_at: stamp }).onConflict((oc) => oc.doNothing()).execute();
      }
      const optedIn = isDemoTeacher || (trained ? random() < 0.8 : random() < 0.3);
      await db.insertInto('hv_participation').values({ district_id: districtId, school_year_id: year.id, staff_id: e.staffId, opted_in: optedIn ? 1 : 0, changed_at: stamp }).onConflict((oc) => oc.doNothing()).execute();
      if (trained && optedIn) visiting.push(e.staffId);
    }
    if (visiting.length < 2) continue;

    const families = [...(roster.families.get(school.id) ?? [])];
    if (families.length === 0) continue;
    // How many families this school visits: the first above 10%, the second below, the third skewed.
    const share = index === 0 ? 0.3 : index === 1 ? 0.05 : index === 2 ? 0.18 : 0.08 + random() * 0.05;
    let target = Math.max(1, Math.round(families.length * share));
    if (index === 2) target = Math.min(Math.max(target, 36), Math.floor(families.length * 0.6));
    const chronic = (f: Family) => f.studentIds.some((s) => {
      const c = book.asOf(s, today);
      return c.enrolled >= book.minDaysEnrolled && ['moderate', 'severe'].includes(tierOf(c.absent, c.enrolled));
    });
    const englishLearner = new Set((roster.students.get(school.id) ?? []).filter((s) => s.englishLearner === 1).map((s) => s.id));
    shuffle(families, random);
    if (index === 2) {
      // Skewed: visits go mostly to families of students already missing school (or, without
      // attendance data, to English learners' families).
      const leaning = book.hasData ? chronic : (f: Family) => f.studentIds.some((s) => englishLearner.has(s));
      families.sort((a, b) => Number(leaning(b)) - Number(leaning(a)));
    }
    // The demo teacher's students' families come first at the first school, so the teacher has visits.
    let teacherStudents = new Set<number>();
    if (index === 0 && demoTeacher !== null) {
      const rows = await db
        .selectFrom('class_students')
        .innerJoin('class_teachers', 'class_teachers.class_id', 'class_students.class_id')
        .select('class_students.student_id')
        .where('class_students.district_id', '=', districtId)
        .where('class_teachers.staff_id', '=', demoTeacher)
        .execute();
      teacherStudents = new Set(rows.map((r) => r.student_id));
      const mine = (f: Family) => f.studentIds.some((s) => teacherStudents.has(s));
      // Half of the teacher's families visited already, the others next in line to be scheduled.
      const theirs = families.filter(mine);
      const others = families.filter((f) => !mine(f));
      const half = Math.min(Math.ceil(theirs.length / 2), target);
      families.splice(0, families.length, ...theirs.slice(0, half), ...others.slice(0, target - half), ...theirs.slice(half), ...others.slice(target - half));
    }

    const answer = async (f: Family, response: string, on: string | null, language: string | null, interpreter: boolean) => {
      for (const student_id of f.studentIds) {
        await db.insertInto('hv_family_answers').values({ district_id: districtId, school_year_id: year.id, school_id: school.id, student_id, response, responded_on: on, asked_again: 0, preferred_language: language, interpreter_needed: interpreter ? 1 : 0, updated_at: stamp }).onConflict((oc) => oc.doNothing()).execute();
      }
    };
    const pair = (f: Family): number[] => {
      const mine = demoTeacher !== null && visiting.includes(demoTeacher) && f.studentIds.some((s) => teacherStudents.has(s));
      const first = mine ? demoTeacher! : pick(visiting);
      let second = pick(visiting);
      for (let i = 0; i < 5 && second === first; i++) second = pick(visiting);
      return second === first ? [first] : [first, second];
    };
    const insertVisit = async (f: Family, v: { type: number; purpose: string; status: string; date: string; educators: number[]; interpreter: string | null; language: string; reason?: string }) => {
      const time = slot(v.educators, v.date);
      if (!time) return null;
      const held = v.status === 'held' || v.status === 'completed';
      const row = await db
        .insertInto('hv_visits')
        .values({
          district_id: districtId,
          school_id: school.id,
          school_year_id: year.id,
          visit_type_id: v.type,
          purpose: v.purpose,
          status: v.status,
          visit_date: v.date,
          start_time: time,
          duration_minutes: pick([45, 60, 60, 75]),
          place: pick(['home', 'home', 'home', 'community', 'virtual']),
          place_detail: null,
          language: v.language,
          arranged_on: addDays(v.date, -7 - Math.floor(random() * 10)),
          interpreter_name: v.interpreter,
          interpreter_language: v.interpreter ? v.language : null,
          notes: held && v.purpose === 'hopes_and_dreams' ? pick(HOPES) : held ? 'Went over reading goals and the report card together.' : null,
          outcome_reason: v.reason ?? null,
          created_by_user_id: null,
          logged_at: held ? stamp : null,
          completed_at: v.status === 'completed' ? stamp : null,
          closed_at: v.status === 'cancelled' || v.status === 'no_show' ? stamp : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const covered = f.studentIds.filter((s) => teacherStudents.size === 0 || !v.educators.includes(demoTeacher ?? -1) || teacherStudents.has(s));
      await db.insertInto('hv_visit_students').values((covered.length ? covered : f.studentIds).map((student_id) => ({ district_id: districtId, visit_id: row.id, student_id }))).execute();
      await db.insertInto('hv_visit_educators').values(v.educators.map((staff_id) => ({ district_id: districtId, visit_id: row.id, staff_id, travel_minutes: pick([10, 15, 20, 30]) }))).execute();
      if (held) {
        const reflecting = v.status === 'completed' ? v.educators : v.educators.slice(0, v.educators.length - 1);
        for (const staff_id of reflecting) {
          await db.insertInto('hv_reflections').values({ district_id: districtId, visit_id: row.id, staff_id, learned: pick(LEARNED), will_use: pick(WILL_USE), minutes: pick([10, 15, 20]), written_at: stamp, recorded_by_user_id: null }).execute();
        }
      }
      return row.id;
    };

    let i = 0;
    const languageOf = (f: Family) => {
      const s = (roster.students.get(school.id) ?? []).find((x) => x.id === f.studentIds[0]);
      return s?.homeLanguage && /^[a-z]{2,3}$/.test(s.homeLanguage) ? s.homeLanguage : 'en';
    };
    // Completed first visits (a few awaiting reflections), some with a later academic visit.
    for (; i < Math.min(target, families.length); i++) {
      const f = families[i];
      const lang = languageOf(f);
      const educators = pair(f);
      const interpreter = educators.length === 1 || (lang !== 'en' && random() < 0.3) ? pick(['Rosa Martínez', 'Minh Tran', 'Amina Yusuf']) : null;
      // The skewed school started late and visited the families whose children were already missing school.
      const date = index === 2 ? recentDate() : pastDate();
      await answer(f, 'accepted', addDays(date, -10), lang, !!interpreter);
      const status = index !== 2 && date > addDays(today, -14) && random() < 0.35 ? 'held' : 'completed';
      await insertVisit(f, { type: hopesType, purpose: 'hopes_and_dreams', status, date, educators, interpreter, language: lang });
      if (status === 'completed' && random() < 0.2 && date < addDays(today, -20)) {
        const later = addDays(date, 14);
        if (later <= lastPast) await insertVisit(f, { type: academicType, purpose: 'academic', status: 'completed', date: later, educators, interpreter, language: lang });
      }
    }
    // Scheduled first visits, cancellations, no-shows, declines and families not yet answered.
    let rest = families.slice(i);
    if (index === 0 && teacherStudents.size) {
      // Four of the teacher's other families have a visit scheduled; the rest wait for an offer.
      const mine = (f: Family) => f.studentIds.some((s) => teacherStudents.has(s));
      const theirs = rest.filter(mine);
      rest = [...theirs.slice(0, 4), ...rest.filter((f) => !mine(f)), ...theirs.slice(4)];
    }
    const scheduledCount = index === 0 ? Math.min(rest.length, 4) : Math.min(rest.length, 3);
    for (let k = 0; k < rest.length; k++) {
      const f = rest[k];
      const lang = languageOf(f);
      if (k < scheduledCount) {
        // At the first school, two visits took place in the last days and wait to be logged.
        const date = index === 0 && k < 2 ? addDays(today, -1 - k) : futureDate();
        await answer(f, 'accepted', today, lang, false);
        await insertVisit(f, { type: hopesType, purpose: 'hopes_and_dreams', status: 'scheduled', date, educators: pair(f), interpreter: null, language: lang });
      } else if (k < scheduledCount + 2) {
        await answer(f, 'accepted', addDays(today, -20), lang, false);
        await insertVisit(f, { type: hopesType, purpose: 'hopes_and_dreams', status: k % 2 ? 'no_show' : 'cancelled', date: pastDate(), educators: pair(f), interpreter: null, language: lang, reason: k % 2 ? 'Nobody was home; the family asked to try again after the holidays.' : 'The family had to travel; to be rescheduled.' });
      } else if (k < scheduledCount + 2 + Math.ceil(rest.length * 0.08)) {
        await answer(f, 'declined', addDays(today, -30), lang, false);
      } else if (k < scheduledCount + 2 + Math.ceil(rest.length * 0.2)) {
        await answer(f, 'accepted', addDays(today, -5), lang, lang !== 'en');
      }
    }
  }
  await measureDataChanged(db, districtId, HOME_VISIT_COVERAGE);
  ctx.onProgress('Demo: home-visit program ready.');
}

function shuffle<T>(xs: T[], random: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

