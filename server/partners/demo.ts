/**
 * The partners in the demo district: organisations of many kinds with their services, one partner
 * serving several schools, agreements in every status (draft, active, due for renewal, ended),
 * data-sharing terms on the consent route for a handful of students at the first school (the demo
 * partner account belongs to that partner, so it sees exactly those students), needs with and
 * without partners able to meet them, and health checks over two school years. Everything goes
 * through the same commands the web pages use.
 */
import type { DemoContext } from '../demo/context.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { createContact, createLocation, createPartner, createService, setPartnerSchools } from './directory.ts';
import { changeStatus, createAgreement, setCommitments, setGoals, setSignatories } from './agreements.ts';
import { createConsent, createTerms, setTermsScope } from './data-sharing.ts';
import { createNeed, linkPartner } from './needs.ts';
import { writeHealthCheck } from './health.ts';
import { addDaysIso, todayIso } from './agreement-rules.ts';
import { chronicAbsenceBySchool, measureGoalOptions } from './links.ts';
import type { NeedCategory, PartyType, Sector } from './vocab.ts';
import { PRINCIPLES } from './vocab.ts';

export const DEMO_PARTNER_ACCOUNT = 'partner@riverside.example';

interface DemoService {
  name: string;
  category: NeedCategory;
  description: string;
  languages: string[];
  capacity: number | null;
  schedule: string;
  cost?: string;
  eligibility?: string;
}

interface DemoPartner {
  key: string;
  name: string;
  sector: Sector;
  description: string;
  mission: string;
  website: string;
  /** Indexes into the district's schools (by code). */
  schools: number[];
  address: string;
  contact: { name: string; title: string; email: string; phone: string; champion?: string };
  services: DemoService[];
}

const PARTNERS: DemoPartner[] = [
  {
    key: 'reads',
    name: 'Riverside Reads',
    sector: 'literacy_attendance_nonprofit',
    description: 'Volunteer reading tutors and attendance mentors in Riverside schools.',
    mission: 'Every Riverside child reading on grade level and in school every day.',
    website: 'https://reads.example.org',
    schools: [0, 1, 2],
    address: '410 Mission Inn Ave',
    contact: { name: 'Grace Liu', title: 'Executive director', email: 'grace@reads.example.org', phone: '951-555-0141', champion: 'Board member of the Riverside Education Foundation; opens doors with principals' },
    services: [
      { name: 'Reading buddies', category: 'literacy', description: 'Trained volunteers read one-on-one with K-3 students twice a week.', languages: ['en', 'es'], capacity: 30, schedule: 'Tuesdays and Thursdays, 2:30–3:30 pm', cost: 'Free', eligibility: 'Kindergarten to grade 3' },
      { name: 'Attendance mentors', category: 'attendance', description: 'A mentor checks in daily with students who miss school and calls home with the family.', languages: ['en', 'es'], capacity: 25, schedule: 'School days, before first bell', cost: 'Free' },
    ],
  },
  {
    key: 'clinic',
    name: 'Valley Community Health Clinic',
    sector: 'hospital_clinic',
    description: 'Federally qualified health center with a school-based clinic.',
    mission: 'Health care for every family, whatever they can pay.',
    website: 'https://valleyclinic.example.org',
    schools: [1],
    address: '2200 Main St',
    contact: { name: 'Dr. Amir Haddad', title: 'Medical director', email: 'ahaddad@valleyclinic.example.org', phone: '951-555-0182' },
    services: [
      { name: 'School-based health screenings', category: 'physical_health', description: 'Vision, hearing and dental screenings at school, with follow-up care.', languages: ['en', 'es', 'vi'], capacity: 400, schedule: 'Screening weeks in October and March', cost: 'Free; insurance billed when the family has it' },
      { name: 'Counseling for students', category: 'mental_health', description: 'Licensed therapists see students at school.', languages: ['en', 'es'], capacity: 0, schedule: 'By appointment', cost: 'Sliding scale' },
    ],
  },
  {
    key: 'church',
    name: "St. Luke's Church",
    sector: 'faith_based',
    description: 'Neighbourhood parish running a food pantry and weekend food bags.',
    mission: 'Feeding our neighbours.',
    website: 'https://stlukes.example.org',
    schools: [0],
    address: '95 Olive St',
    contact: { name: 'Rosa Martínez', title: 'Pantry coordinator', email: 'pantry@stlukes.example.org', phone: '951-555-0120' },
    services: [{ name: 'Weekend food bags', category: 'food', description: 'A bag of food goes home every Friday with students who need it.', languages: ['es', 'en'], capacity: 80, schedule: 'Fridays', cost: 'Free' }],
  },
  {
    key: 'college',
    name: 'Riverside Community College',
    sector: 'college_university',
    description: 'Two-year college offering dual enrollment and family college nights.',
    mission: 'Open doors to higher education.',
    website: 'https://rcc.example.edu',
    schools: [],
    address: '4800 Magnolia Ave',
    contact: { name: 'Kevin Brooks', title: 'Outreach manager', email: 'kbrooks@rcc.example.edu', phone: '951-555-0160' },
    services: [{ name: 'College and career nights', category: 'college_career', description: 'Evenings for families on applying to college and financial aid.', languages: ['en', 'es'], capacity: 150, schedule: 'Second Wednesday of each month, 6 pm' }],
  },
  {
    key: 'bank',
    name: 'Greenline Credit Union',
    sector: 'business',
    description: 'Member-owned credit union; donates school supplies and teaches money skills.',
    mission: 'Financial wellbeing for our members and neighbours.',
    website: 'https://greenline.example.com',
    schools: [0, 2],
    address: '1 Market St',
    contact: { name: 'Priya Shah', title: 'Community relations', email: 'pshah@greenline.example.com', phone: '951-555-0190' },
    services: [{ name: 'Backpacks and supplies', category: 'basic_needs', description: 'Filled backpacks each August for students who need them.', languages: ['en'], capacity: 300, schedule: 'August' }],
  },
  {
    key: 'rotary',
    name: 'Rotary Club of Riverside',
    sector: 'service_club',
    description: 'Service club of local business leaders.',
    mission: 'Service above self.',
    website: 'https://rotary.example.org',
    schools: [],
    address: '3750 University Ave',
    contact: { name: 'Tom Nguyen', title: 'Club president', email: 'president@rotary.example.org', phone: '951-555-0111' },
    services: [{ name: 'Winter coat drive', category: 'basic_needs', description: 'New coats for students each November.', languages: ['en'], capacity: null, schedule: 'November' }],
  },
  {
    key: 'club',
    name: 'Boys & Girls Club of Riverside',
    sector: 'youth_organization',
    description: 'After-school programs, homework help and sports.',
    mission: 'Great futures start here.',
    website: 'https://bgc.example.org',
    schools: [1],
    address: '2060 University Ave',
    contact: { name: 'Marcus Reed', title: 'Program director', email: 'mreed@bgc.example.org', phone: '951-555-0133' },
    services: [{ name: 'After-school club', category: 'after_school', description: 'Homework help, sports and arts until 6 pm.', languages: ['en', 'es'], capacity: 60, schedule: 'School days, 3–6 pm', cost: '$10 a year' }],
  },
  {
    key: 'familias',
    name: 'Familias Unidas',
    sector: 'community_organizing',
    description: 'Parent organizing group of Spanish-speaking families.',
    mission: 'Parents as leaders in their children’s schools.',
    website: 'https://familias.example.org',
    schools: [0],
    address: '120 Park Ave',
    contact: { name: 'Ana Torres', title: 'Organizer', email: 'ana@familias.example.org', phone: '951-555-0175', champion: 'Trusted by families; brings parents to every school meeting' },
    services: [{ name: 'Parent leadership circles', category: 'family_engagement', description: 'Weekly circles where parents learn the school system and lead projects.', languages: ['es'], capacity: 40, schedule: 'Mondays, 6 pm' }],
  },
  {
    key: 'legal',
    name: 'Inland Legal Aid',
    sector: 'social_service_agency',
    description: 'Free civil legal help for low-income families.',
    mission: 'Justice for all, regardless of income.',
    website: 'https://legalaid.example.org',
    schools: [],
    address: '3600 Lime St',
    contact: { name: 'Sofía Ramírez', title: 'Managing attorney', email: 'sramirez@legalaid.example.org', phone: '951-555-0155' },
    services: [{ name: 'Immigration and housing clinics', category: 'legal_immigration', description: 'Monthly legal clinics for families.', languages: ['en', 'es'], capacity: 20, schedule: 'First Saturday of each month' }],
  },
  {
    key: 'foundation',
    name: 'Riverside Education Foundation',
    sector: 'education_foundation',
    description: 'Raises money for classroom grants and programs.',
    mission: 'Every classroom fully equipped.',
    website: 'https://ref.example.org',
    schools: [],
    address: '3380 14th St',
    contact: { name: 'Helen Park', title: 'Director', email: 'hpark@ref.example.org', phone: '951-555-0177' },
    services: [{ name: 'Classroom grants', category: 'academic_support', description: 'Grants of up to $2,000 for teachers’ projects.', languages: ['en'], capacity: null, schedule: 'Applications in September' }],
  },
  {
    key: 'unitedway',
    name: 'United Way of the Inland Valleys',
    sector: 'funder',
    description: 'Funds community-school coordinators and runs the 211 helpline.',
    mission: 'Uniting people and resources.',
    website: 'https://unitedway.example.org',
    schools: [],
    address: '6215 River Crest Dr',
    contact: { name: 'Joe Kim', title: 'Vice president, community impact', email: 'jkim@unitedway.example.org', phone: '951-555-0199' },
    services: [{ name: '211 help line', category: 'basic_needs', description: 'Phone and text line to every service in the county.', languages: ['en', 'es', 'vi', 'zh'], capacity: null, schedule: 'Every day, around the clock' }],
  },
  {
    key: 'county',
    name: 'County Department of Public Health',
    sector: 'government_agency',
    description: 'Immunization clinics and nutrition education.',
    mission: 'Healthy people in healthy communities.',
    website: 'https://health.example.gov',
    schools: [],
    address: '4065 County Circle Dr',
    contact: { name: 'Linda Osei', title: 'School health liaison', email: 'losei@health.example.gov', phone: '951-555-0101' },
    services: [{ name: 'Immunization clinics', category: 'physical_health', description: 'Back-to-school vaccines at school sites.', languages: ['en', 'es'], capacity: 500, schedule: 'August and January' }],
  },
  {
    key: 'housing',
    name: 'Riverside Housing Authority Residents Council',
    sector: 'public_housing_tenant_group',
    description: 'Council of residents of the city’s public housing.',
    mission: 'A voice for every resident.',
    website: 'https://residents.example.org',
    schools: [],
    address: '5555 Arlington Ave',
    contact: { name: 'Denise Carter', title: 'Council chair', email: 'chair@residents.example.org', phone: '951-555-0144' },
    services: [{ name: 'Housing navigation', category: 'housing', description: 'Help with applications, repairs and eviction prevention.', languages: ['en', 'es'], capacity: 15, schedule: 'Weekdays, 9–5' }],
  },
];

const PRINCIPALS = ['María González', 'James Carter', 'Aisha Rahman', 'Kenji Tanaka', 'Rosa Delgado', 'Samuel Okoye'];
function principalOf(schools: Array<{ id: number }>, schoolId: number): string {
  return PRINCIPALS[Math.max(0, schools.findIndex((s) => s.id === schoolId)) % PRINCIPALS.length];
}

function previousYear(year: string): string {
  const start = Number(year.slice(0, 4));
  return `${start - 1}-${start}`;
}

async function addPartners(db: Db, actor: Actor, schools: Array<{ id: number }>): Promise<Map<string, { id: number; services: number[] }>> {
  const out = new Map<string, { id: number; services: number[] }>();
  for (const p of PARTNERS) {
    const id = await createPartner(db, actor, { name: p.name, alternateName: null, sector: p.sector, description: p.description, mission: p.mission, email: p.contact.email, website: p.website, status: 'active' });
    const location = await createLocation(db, actor, id, {
      name: `${p.name} office`,
      description: null,
      locationType: 'physical',
      latitude: null,
      longitude: null,
      address: { address1: p.address, address2: null, city: 'Riverside', stateProvince: 'CA', postalCode: '92501', country: 'US' },
    });
    const services: number[] = [];
    for (const s of p.services) {
      services.push(
        await createService(db, actor, id, {
          name: s.name,
          alternateName: null,
          description: s.description,
          category: s.category,
          status: 'active',
          eligibility: s.eligibility ?? null,
          minimumAge: null,
          maximumAge: null,
          cost: s.cost ?? null,
          url: null,
          email: null,
          capacity: s.capacity,
          languages: s.languages,
          schedule: s.schedule,
          locationIds: [location],
        }),
      );
    }
    await createContact(db, actor, id, { name: p.contact.name, title: p.contact.title, department: null, email: p.contact.email, phone: p.contact.phone, champion: !!p.contact.champion, championNote: p.contact.champion ?? null });
    const served = p.schools.map((i) => schools[i]?.id).filter((x): x is number => x !== undefined);
    if (served.length) await setPartnerSchools(db, actor, id, served);
    out.set(p.key, { id, services });
  }
  return out;
}

interface DemoAgreement {
  title: string;
  purpose: string;
  partner: string;
  schools: number[];
  union?: boolean;
  start: string;
  end: string;
  status: 'draft' | 'active' | 'ended';
  responsibilities: Record<PartyType, string[]>;
  commitments: Array<{ party: 'district' | 'partner' | 'school' | 'union'; kind: 'money' | 'in_kind' | 'volunteer_hours' | 'staff_time'; description: string; amount: number; delivered?: number }>;
  goals: string[];
}

export async function loadPartnersDemo(ctx: DemoContext): Promise<void> {
  const db = ctx.database.db;
  const actor = systemActor(ctx.districtId);
  const today = todayIso();
  const schools = await db.selectFrom('schools').select(['id', 'code', 'name']).where('district_id', '=', ctx.districtId).orderBy('code').execute();
  if (schools.length === 0) return;
  const partners = await addPartners(db, actor, schools);

  // The demo partner account belongs to Riverside Reads.
  const reads = partners.get('reads')!;
  await db.updateTable('users').set({ partner_id: reads.id }).where('district_id', '=', ctx.districtId).where('email', '=', DEMO_PARTNER_ACCOUNT).execute();

  const sharedGoals = await measureGoalOptions(db, ctx.districtId);
  const agreements: DemoAgreement[] = [
    {
      title: 'Attendance and reading partnership',
      purpose: 'Cut chronic absence and raise third-grade reading through mentors and reading buddies at three schools.',
      partner: 'reads',
      schools: [0, 1, 2],
      union: true,
      start: addDaysIso(today, -300),
      end: addDaysIso(today, 400),
      status: 'active',
      responsibilities: {
        district: ['Share attendance figures monthly', 'Fund mentor stipends'],
        school: ['Give mentors a room and a daily time', 'Name a staff contact'],
        partner: ['Recruit, train and supervise mentors', 'Call families the day a student is absent'],
        union: ['Invite teachers to volunteer as reading buddies', 'Protect teachers’ planning time'],
      },
      commitments: [
        { party: 'district', kind: 'money', description: 'Mentor stipends', amount: 45000, delivered: 30000 },
        { party: 'partner', kind: 'volunteer_hours', description: 'Reading buddies', amount: 2400, delivered: 1650 },
        { party: 'partner', kind: 'in_kind', description: '1,200 books for home libraries', amount: 9600, delivered: 9600 },
        { party: 'school', kind: 'staff_time', description: 'Attendance clerk time', amount: 120, delivered: 80 },
        { party: 'union', kind: 'volunteer_hours', description: 'Teacher volunteers', amount: 300, delivered: 210 },
      ],
      goals: ['Chronic absence below 10% at each school', 'Third graders reading on grade level: 55% → 70%'],
    },
    {
      title: 'School-based health screenings',
      purpose: 'Screen every student for vision, hearing and dental needs and connect families to care.',
      partner: 'clinic',
      schools: [1],
      start: addDaysIso(today, -200),
      end: addDaysIso(today, 500),
      status: 'active',
      responsibilities: { district: ['Space at school for screening days'], school: ['Send consent forms home'], partner: ['Screen and refer'], union: [] },
      commitments: [
        { party: 'partner', kind: 'staff_time', description: 'Nurses and hygienists', amount: 320, delivered: 150 },
        { party: 'partner', kind: 'in_kind', description: 'Eyeglasses for students', amount: 12000, delivered: 4000 },
      ],
      goals: ['Every student screened each year'],
    },
    {
      title: 'Weekend food bags',
      purpose: 'A bag of food goes home every Friday with the students who need it.',
      partner: 'church',
      schools: [0],
      start: addDaysIso(today, -340),
      end: addDaysIso(today, 25),
      status: 'active',
      responsibilities: { district: ['Deliver bags to classrooms'], school: ['Identify students discreetly'], partner: ['Pack 80 bags a week'], union: [] },
      commitments: [{ party: 'partner', kind: 'in_kind', description: '80 food bags a week', amount: 28000, delivered: 25000 }],
      goals: ['No student hungry on weekends'],
    },
    {
      title: 'College and career nights',
      purpose: 'Monthly evenings for families on applying to college and financial aid.',
      partner: 'college',
      schools: [schools.length - 1],
      start: addDaysIso(today, 30),
      end: addDaysIso(today, 395),
      status: 'draft',
      responsibilities: { district: ['Translate flyers'], school: ['Host the evenings'], partner: ['Run the sessions'], union: [] },
      commitments: [{ party: 'partner', kind: 'staff_time', description: 'Advisors', amount: 60 }],
      goals: ['Every senior files a FAFSA'],
    },
    {
      title: 'Winter coat drive',
      purpose: 'New winter coats for students who need them.',
      partner: 'rotary',
      schools: [0, 1],
      start: addDaysIso(today, -500),
      end: addDaysIso(today, -200),
      status: 'ended',
      responsibilities: { district: ['Collect sizes'], school: ['Hand out coats'], partner: ['Buy coats'], union: [] },
      commitments: [{ party: 'partner', kind: 'money', description: 'Coats', amount: 8000, delivered: 8000 }],
      goals: ['Every student who needs a coat gets one'],
    },
  ];

  const ids = new Map<string, number>();
  for (const a of agreements) {
    const partner = partners.get(a.partner)!;
    const schoolIds = a.schools.map((i) => schools[i]?.id).filter((x): x is number => x !== undefined);
    const id = await createAgreement(db, actor, {
      title: a.title,
      purpose: a.purpose,
      startDate: a.start,
      endDate: a.end,
      renewalNoticeDays: 60,
      parties: [
        { type: 'district', name: null, responsibilities: a.responsibilities.district },
        ...schoolIds.map((schoolId) => ({ type: 'school' as const, schoolId, name: null, responsibilities: a.responsibilities.school })),
        { type: 'partner', partnerId: partner.id, name: null, responsibilities: a.responsibilities.partner },
        ...(a.union ? [{ type: 'union' as const, name: 'Riverside Teachers Association', responsibilities: a.responsibilities.union }] : []),
      ],
    });
    ids.set(a.partner, id);
    const key = (party: DemoAgreement['commitments'][number]['party']) => (party === 'partner' ? `partner:${partner.id}` : party === 'school' ? `school:${schoolIds[0]}` : party);
    await setCommitments(db, actor, id, a.commitments.filter((c) => c.party !== 'union' || a.union).map((c) => ({ party: key(c.party), kind: c.kind, description: c.description, amount: c.amount, delivered: c.delivered ?? null })));
    await setGoals(db, actor, id, a.goals.map((title, i) => ({ title, description: null, measuresGoalId: i === 0 ? sharedGoals[0]?.id ?? null : null })));
    const signedOn = a.status === 'draft' ? null : addDaysIso(a.start, -10);
    await setSignatories(db, actor, id, [
      { party: 'district', name: 'Dana Whitfield', title: 'Director of community schools', email: 'director@riverside.example', signedOn },
      ...schoolIds.map((schoolId) => ({ party: `school:${schoolId}`, name: principalOf(schools, schoolId), title: 'Principal', email: null, signedOn })),
      { party: `partner:${partner.id}`, name: PARTNERS.find((p) => p.key === a.partner)!.contact.name, title: PARTNERS.find((p) => p.key === a.partner)!.contact.title, email: null, signedOn },
      ...(a.union ? [{ party: 'union', name: 'Tom Alvarez', title: 'President', email: 'union@riverside.example', signedOn }] : []),
    ]);
    if (a.status === 'active') await changeStatus(db, actor, id, { action: 'activate' });
    // An agreement that ran its course before today (it was signed and in force while its term lasted).
    if (a.status === 'ended') await db.updateTable('agreements').set({ status: 'ended', ended_on: a.end, ended_reason: 'The term ended.' }).where('id', '=', id).execute();
  }

  // Data-sharing terms: Riverside Reads sees, by parental consent, a few students of the first school.
  const readsAgreement = ids.get('reads')!;
  const first = schools[0];
  const terms = await createTerms(db, actor, readsAgreement, {
    partnerId: reads.id,
    ferpaRoute: 'consent',
    dataCategories: ['enrollment', 'attendance', 'contact'],
    purpose: 'Mentors see attendance of the students their families signed up, to call home the day they are absent.',
    selection: 'scope',
    destructionDate: addDaysIso(today, 430),
    notes: 'Signed consent forms are kept at the school office.',
  });
  await setTermsScope(db, actor, terms, [{ schoolId: first.id, grade: null }]);
  const students = await db
    .selectFrom('enrollments as e')
    .innerJoin('students as s', 's.id', 'e.student_id')
    .select(['s.id', 's.first_name', 's.last_name', 's.birth_date'])
    .where('e.district_id', '=', ctx.districtId)
    .where('e.school_id', '=', first.id)
    .where('e.entry_date', '<=', today)
    .where((eb) => eb.or([eb('e.exit_date', 'is', null), eb('e.exit_date', '>=', today)]))
    .orderBy('s.ext_id')
    .limit(6)
    .execute();
  for (const s of students) {
    const adult = s.birth_date !== null && s.birth_date <= addDaysIso(today, -18 * 366);
    const guardian = await db
      .selectFrom('student_guardians as sg')
      .innerJoin('guardians as g', 'g.id', 'sg.guardian_id')
      .select(['g.first_name', 'g.last_name'])
      .where('sg.district_id', '=', ctx.districtId)
      .where('sg.student_id', '=', s.id)
      .executeTakeFirst();
    await createConsent(db, actor, terms, {
      studentId: s.id,
      givenBy: adult ? 'student' : 'parent',
      signerName: adult ? `${s.first_name} ${s.last_name}` : guardian ? `${guardian.first_name} ${guardian.last_name}` : `Parent of ${s.first_name} ${s.last_name}`,
      signedOn: addDaysIso(today, -60),
      recordsDescribed: 'Enrollment, daily attendance and family contact details',
      purpose: 'Attendance mentoring by Riverside Reads',
      expiresOn: null,
    });
  }

  // Needs: from the schools' figures (chronic absence) and from staff; some met, some without any partner.
  const absence = await chronicAbsenceBySchool(db, ctx.districtId);
  for (const s of absence?.schools ?? []) {
    if (s.rate < 0.1) continue;
    const school = schools.find((x) => x.code === s.schoolCode);
    if (!school) continue;
    await createNeed(db, actor, {
      schoolId: school.id,
      category: 'attendance',
      title: 'Attendance supports',
      description: null,
      priority: s.rate >= 0.2 ? 'high' : 'medium',
      source: 'data',
      evidence: `Chronic absence ${(100 * s.rate).toFixed(1)}% (${s.chronic} of ${s.eligible} students), ${absence!.year} as of ${absence!.asOf}`,
      languages: ['es'],
      status: 'open',
    });
  }
  const staffNeeds: Array<{ school: number; category: NeedCategory; title: string; priority: 'high' | 'medium' | 'low'; languages?: string[]; metBy?: string }> = [
    { school: 0, category: 'food', title: 'Weekend meals for families', priority: 'high', languages: ['es'], metBy: 'church' },
    { school: 0, category: 'family_engagement', title: 'Parents leading school events', priority: 'medium', languages: ['es'] },
    { school: 1, category: 'mental_health', title: 'Counseling for students after a hard year', priority: 'high' },
    { school: 1, category: 'after_school', title: 'Safe place after school', priority: 'medium', metBy: 'club' },
    { school: 2, category: 'literacy', title: 'Reading help for newcomers', priority: 'medium', languages: ['es', 'vi'] },
    { school: schools.length - 1, category: 'transportation', title: 'Rides to school for students far from a bus line', priority: 'high' },
    { school: schools.length - 1, category: 'legal_immigration', title: 'Legal help for families facing deportation', priority: 'high', languages: ['es'] },
    { school: schools.length - 1, category: 'housing', title: 'Families doubled up or living in cars', priority: 'high' },
  ];
  for (const n of staffNeeds) {
    const school = schools[n.school];
    if (!school) continue;
    const id = await createNeed(db, actor, { schoolId: school.id, category: n.category, title: n.title, description: null, priority: n.priority, source: 'staff', evidence: null, languages: n.languages ?? [], status: 'open' });
    if (n.metBy) {
      const p = partners.get(n.metBy)!;
      await linkPartner(db, actor, id, { partnerId: p.id, serviceId: p.services[0] ?? null });
    }
  }

  // Health checks over two years for the reading partnership: better scores this year, trust still lagging for the partner.
  const detail = await db.selectFrom('agreement_parties').select(['id', 'party_type', 'name', 'school_id']).where('district_id', '=', ctx.districtId).where('agreement_id', '=', readsAgreement).execute();
  const years = [previousYear(ctx.year), ctx.year];
  const base: Record<string, number[]> = {
    district: [3, 3, 2, 2, 3, 3, 2, 3, 2],
    school: [3, 2, 2, 2, 2, 3, 2, 3, 2],
    partner: [2, 3, 2, 2, 1, 2, 2, 3, 2],
    union: [2, 2, 3, 2, 2, 2, 3, 3, 2],
  };
  for (const [y, year] of years.entries()) {
    for (const party of detail) {
      const scores = base[party.party_type] ?? base.district;
      await writeHealthCheck(db, actor, readsAgreement, {
        partyId: party.id,
        period: year,
        respondentName: party.party_type === 'partner' ? 'Grace Liu' : party.party_type === 'union' ? 'Tom Alvarez' : party.party_type === 'school' ? principalOf(schools, party.school_id ?? 0) : 'Dana Whitfield',
        comment: y === 1 && party.party_type === 'partner' ? 'We still learn about absences days late; sharing data weekly would help.' : null,
        scores: PRINCIPLES.map((principle, i) => {
          // This year: one step better almost everywhere, except the partner's trust and use of data.
          const lagging = party.party_type === 'partner' && (principle === 'trust' || principle === 'use_of_data');
          return { principle, score: Math.min(4, scores[i] + (y === 1 && !lagging ? 1 : 0)), comment: null };
        }),
      });
    }
  }

}
