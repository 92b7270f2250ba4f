/**
 * The partner directory, agreements (life cycle, documents, reminders, health checks), needs and
 * matching, and the partner's own page, through the API as each kind of person uses them.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import { addDaysIso, todayIso } from './agreement-rules.ts';
import { makeAgreement, makePartner, makePartnerUser } from './test-helpers.ts';
import { PRINCIPLES } from './vocab.ts';
import { DOCUMENT_MAX_BYTES } from './documents.ts';

let t: TestApp;
let d: SmallDistrict;
let director: TestClient;
let coordinator: TestClient;
let partnerStaff: TestClient;
let readers: number;
const today = todayIso();

beforeAll(async () => {
  t = await createTestApp({ config: { VILLAGE_FILES_DIR: `./data/test-files-partners-${process.pid}` } });
  d = await seedSmallDistrict(t.database.db);
  director = await t.signIn(d.emails.district_admin);
  coordinator = await t.signIn(d.emails.school_staff);
  readers = await makePartner(t.database.db, d.districtId, 'Readers United');
  await makePartnerUser(t.database.db, d.districtId, readers, 'grace@readers.example');
  partnerStaff = await t.signIn('grace@readers.example');
});
afterAll(async () => {
  await t.close();
  rmSync(t.config.VILLAGE_FILES_DIR, { recursive: true, force: true });
});

const partnerBody = (name: string, sector = 'faith_based') => ({ name, sector, description: `${name} serves families.`, mission: 'Strong families', status: 'active' });
const serviceBody = (over: Record<string, unknown> = {}) => ({ name: 'Family meals', category: 'food', status: 'active', languages: ['es'], capacity: 40, schedule: 'Fridays 5-7 pm', ...over });

describe('the partner directory', () => {
  let church: number;
  it('school staff add partners and services; everyone finds them by category, school, language and sector', async () => {
    const created = await coordinator.post('/api/v1/partners', partnerBody('St. Mary Church'));
    expect(created.statusCode).toBe(201);
    church = created.json().id;
    expect((await coordinator.post(`/api/v1/partners/${church}/services`, serviceBody())).statusCode).toBe(201);
    expect((await coordinator.put(`/api/v1/partners/${church}/schools`, { schoolIds: [d.schoolA] })).statusCode).toBe(204);
    const teacher = await t.signIn(d.emails.teacher);
    const find = async (qs: string) => (await teacher.get(`/api/v1/partners?${qs}`)).json().partners.map((p: { name: string }) => p.name);
    expect(await find('category=food')).toEqual(['St. Mary Church']);
    expect(await find('language=es')).toEqual(['St. Mary Church']);
    expect(await find(`schoolId=${d.schoolA}`)).toEqual(['St. Mary Church']);
    expect(await find(`schoolId=${d.schoolB}`)).toEqual([]);
    expect(await find('sector=faith_based')).toEqual(['St. Mary Church']);
    expect(await find('q=meals')).toEqual(['St. Mary Church']);
    expect(await find('q=100%25')).toEqual([]);
    const detail = (await teacher.get(`/api/v1/partners/${church}`)).json();
    expect(detail.services[0]).toMatchObject({ name: 'Family meals', category: 'food', capacity: 40, schedule: 'Fridays 5-7 pm', languages: [{ code: 'es', name: null }] });
    expect(detail).toMatchObject({ canEdit: false, openCapacity: 40, schools: [{ name: 'Alder Elementary' }] });
  });

  it('school staff change only their own schools in the list of schools served', async () => {
    const res = await coordinator.put(`/api/v1/partners/${church}/schools`, { schoolIds: [d.schoolA, d.schoolB] });
    expect(res.statusCode).toBe(403);
    expect((await director.put(`/api/v1/partners/${church}/schools`, { schoolIds: [d.schoolA, d.schoolB] })).statusCode).toBe(204);
    expect((await coordinator.put(`/api/v1/partners/${church}/schools`, { schoolIds: [d.schoolB] })).statusCode).toBe(204);
    const schools = (await director.get(`/api/v1/partners/${church}`)).json().schools.map((s: { name: string }) => s.name);
    expect(schools).toEqual(['Birch Elementary']);
  });

  it('partner staff keep their own entry and no other', async () => {
    expect((await partnerStaff.put(`/api/v1/partners/${readers}`, partnerBody('Readers United', 'literacy_attendance_nonprofit'))).statusCode).toBe(204);
    const other = await partnerStaff.put(`/api/v1/partners/${church}`, partnerBody('Taken over'));
    expect(other.statusCode).toBe(403);
    expect((await partnerStaff.post(`/api/v1/partners/${church}/services`, serviceBody())).statusCode).toBe(403);
    expect((await partnerStaff.post(`/api/v1/partners/${readers}/contacts`, { name: 'Grace Liu', champion: true, championNote: 'Founder', phone: '555-0101' })).statusCode).toBe(201);
    const own = (await partnerStaff.get(`/api/v1/partners/${readers}`)).json();
    expect(own.canEdit).toBe(true);
    expect(own.contacts[0]).toMatchObject({ name: 'Grace Liu', champion: true, phone: '555-0101' });
    expect(own.champions).toEqual(['Grace Liu']);
  });

  it('refuses bad input with the field at fault', async () => {
    const res = await director.post('/api/v1/partners', { ...partnerBody('No description'), description: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields[0].path).toBe('body.description');
    const ages = await director.post(`/api/v1/partners/${church}/services`, serviceBody({ minimumAge: 12, maximumAge: 5 }));
    expect(ages.statusCode).toBe(400);
    const foreignLocation = await director.post(`/api/v1/partners/${readers}/services`, serviceBody({ locationIds: [999] }));
    expect(foreignLocation.statusCode).toBe(400);
    expect((await director.get('/api/v1/partners/999999')).statusCode).toBe(404);
  });
});

describe('agreements', () => {
  let id: number;
  it('a draft cannot end before it starts, and becomes active only when complete and signed', async () => {
    const backwards = await coordinator.post('/api/v1/agreements', { title: 'Reading', purpose: 'Tutoring', startDate: '2026-09-01', endDate: '2026-08-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().details.fields).toEqual([{ path: 'body.endDate', message: 'the agreement ends before it starts' }]);
    const res = await coordinator.post('/api/v1/agreements', { title: 'Reading at Alder', purpose: 'Reading tutoring', startDate: addDaysIso(today, -10), endDate: addDaysIso(today, 200) });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    const draft = (await coordinator.get(`/api/v1/agreements/${id}`)).json();
    expect(draft.parties.map((p: { key: string }) => p.key)).toEqual(['district', `school:${d.schoolA}`]);
    expect(draft.activationProblems).toContain('At least one partner must be a party.');
    const parties = [
      { type: 'district', responsibilities: ['Share reading scores'] },
      { type: 'school', schoolId: d.schoolA, responsibilities: ['Host sessions'] },
      { type: 'partner', partnerId: readers, responsibilities: ['Tutor 30 students weekly'] },
      { type: 'union', name: 'Riverside Teachers Association', responsibilities: ['Recruit volunteer teachers'] },
    ];
    expect((await coordinator.put(`/api/v1/agreements/${id}/parties`, { parties })).statusCode).toBe(204);
    expect((await coordinator.put(`/api/v1/agreements/${id}/goals`, { goals: [{ title: 'Third graders reading on grade level: 60% → 75%' }] })).statusCode).toBe(204);
    const commitments = [
      { party: `partner:${readers}`, kind: 'volunteer_hours', description: 'Tutoring', amount: 900, delivered: 120 },
      { party: `partner:${readers}`, kind: 'in_kind', description: '300 books', amount: 2400 },
      { party: 'district', kind: 'money', description: 'Stipends', amount: 5000, delivered: 1000 },
      { party: `school:${d.schoolA}`, kind: 'staff_time', description: 'Coordinator', amount: 60 },
    ];
    expect((await coordinator.put(`/api/v1/agreements/${id}/commitments`, { commitments })).statusCode).toBe(204);
    const unsigned = await coordinator.post(`/api/v1/agreements/${id}/status`, { action: 'activate' });
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().details.problems).toContain('Readers United has no signatory.');
    const signed = (party: string, name: string) => ({ party, name, signedOn: addDaysIso(today, -12) });
    const future = await coordinator.put(`/api/v1/agreements/${id}/signatories`, { signatories: [{ ...signed('district', 'Dana'), signedOn: addDaysIso(today, 3) }] });
    expect(future.statusCode).toBe(400);
    const signatories = [signed('district', 'Dana Whitfield'), signed(`school:${d.schoolA}`, 'Principal Ortiz'), signed(`partner:${readers}`, 'Grace Liu'), signed('union', 'Tom Alvarez')];
    expect((await coordinator.put(`/api/v1/agreements/${id}/signatories`, { signatories })).statusCode).toBe(204);
    expect((await coordinator.post(`/api/v1/agreements/${id}/status`, { action: 'activate' })).statusCode).toBe(204);
    const active = (await coordinator.get(`/api/v1/agreements/${id}`)).json();
    expect(active.status).toBe('active');
    expect(active.totals).toEqual({ money: { committed: 5000, delivered: 1000 }, in_kind: { committed: 2400, delivered: 0 }, volunteer_hours: { committed: 900, delivered: 120 }, staff_time: { committed: 60, delivered: 0 } });
    expect(active.can).toMatchObject({ edit: true, delete: false, manageDataSharing: false });
  });

  it('partner staff see their own agreements, commitments and schools, and nothing of others', async () => {
    const other = await makePartner(t.database.db, d.districtId, 'Other Org');
    const theirs = await makeAgreement(t.database.db, d.districtId, other, { title: 'Not yours' });
    expect((await partnerStaff.get(`/api/v1/agreements/${theirs}`)).statusCode).toBe(404);
    expect((await partnerStaff.get(`/api/v1/agreements/${theirs}/health`)).statusCode).toBe(404);
    const titles = (await partnerStaff.get('/api/v1/agreements')).json().agreements.map((a: { title: string }) => a.title);
    expect(titles).toEqual(['Reading at Alder']);
    const portal = (await partnerStaff.get('/api/v1/partner-portal')).json();
    expect(portal.partner.name).toBe('Readers United');
    expect(portal.commitments.map((c: { kind: string }) => c.kind)).toEqual(['volunteer_hours', 'in_kind']);
    expect(portal.schools.map((s: { name: string }) => s.name)).toEqual(['Alder Elementary']);
    expect(portal.dataSharing).toEqual([]);
    expect((await partnerStaff.put(`/api/v1/agreements/${id}`, { title: 'x' })).statusCode).toBe(403);
  });

  it('attaches documents of the allowed types and sizes, served only to those who may see the agreement', async () => {
    const upload = (client: TestClient, name: string, content: Buffer, docType = 'agreement') => {
      const boundary = '----village' + Math.random().toString(16).slice(2);
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="docType"\r\n\r\n${docType}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return client.request('POST', `/api/v1/agreements/${id}/documents`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const ok = await upload(coordinator, 'signed agreement.pdf', pdf);
    expect(ok.statusCode).toBe(201);
    const docId = ok.json().id;
    const renamed = await upload(coordinator, 'notes.pdf', Buffer.from('just some text, not a PDF at all'));
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().message).toContain('attach one of');
    const tooBig = await upload(coordinator, 'big.pdf', Buffer.concat([pdf, Buffer.alloc(DOCUMENT_MAX_BYTES)]));
    expect(tooBig.statusCode).toBe(413);
    expect((await upload(coordinator, 'x.pdf', pdf, 'recipe')).statusCode).toBe(400);
    const stored = await t.database.db.selectFrom('agreement_documents').select(['stored_name', 'content_type', 'original_name']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ content_type: 'application/pdf', original_name: 'signed agreement.pdf' });
    expect(stored[0].stored_name).toMatch(/^[0-9a-f]{32}$/);

    const download = await partnerStaff.get(`/api/v1/agreements/${id}/documents/${docId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('signed%20agreement.pdf');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const stranger = await makePartner(t.database.db, d.districtId, 'Stranger Org');
    await makePartnerUser(t.database.db, d.districtId, stranger, 'staff@stranger.example');
    const asStranger = await t.signIn('staff@stranger.example');
    expect((await asStranger.get(`/api/v1/agreements/${id}/documents/${docId}`)).statusCode).toBe(404);
    expect((await (await t.signIn(d.emails.teacher)).get(`/api/v1/agreements/${id}/documents/${docId}`)).statusCode).toBe(403);
    expect((await director.delete(`/api/v1/agreements/${id}/documents/${docId}`)).statusCode).toBe(204);
    expect((await director.get(`/api/v1/agreements/${id}/documents/${docId}`)).statusCode).toBe(404);
  });

  it('each party fills the health check for itself; scores, trend and disagreement come back', async () => {
    const scores = (value: (i: number) => number) => PRINCIPLES.map((principle, i) => ({ principle, score: value(i) }));
    const detail = (await partnerStaff.get(`/api/v1/agreements/${id}`)).json();
    const partnerParty = detail.parties.find((p: { type: string }) => p.type === 'partner').id;
    const districtParty = detail.parties.find((p: { type: string }) => p.type === 'district').id;
    expect(detail.can.healthCheckParties).toEqual([partnerParty]);
    const notMine = await partnerStaff.post(`/api/v1/agreements/${id}/health`, { partyId: districtParty, period: '2025-2026', respondentName: 'Grace', scores: scores(() => 3) });
    expect(notMine.statusCode).toBe(403);
    expect((await partnerStaff.post(`/api/v1/agreements/${id}/health`, { partyId: partnerParty, period: '2025-2026', respondentName: 'Grace', scores: scores(() => 3).slice(1) })).statusCode).toBe(400);
    expect((await partnerStaff.post(`/api/v1/agreements/${id}/health`, { partyId: partnerParty, period: '2024-2025', respondentName: 'Grace', scores: scores(() => 2) })).statusCode).toBe(204);
    expect((await partnerStaff.post(`/api/v1/agreements/${id}/health`, { partyId: partnerParty, period: '2025-2026', respondentName: 'Grace', scores: scores((i) => (i === 5 ? 1 : 3)) })).statusCode).toBe(204);
    expect((await director.post(`/api/v1/agreements/${id}/health`, { partyId: districtParty, period: '2025-2026', respondentName: 'Dana', scores: scores(() => 4) })).statusCode).toBe(204);
    const union = await t.signIn(d.emails.union_rep);
    const summary = (await union.get(`/api/v1/agreements/${id}/health`)).json();
    expect(summary.periods.map((p: { period: string }) => p.period)).toEqual(['2024-2025', '2025-2026']);
    expect(summary.disagreements[0]).toEqual({ principle: 'trust', spread: 3, lowest: 'Readers United', highest: 'Test District test' });
    expect(summary.trend.find((x: { principle: string }) => x.principle === 'champions').change).toBe(1.5);
  });

  it('reminds of renewal on the dashboard, renews, ends; drafts are deleted, ended ones kept', async () => {
    const soon = await makeAgreement(t.database.db, d.districtId, readers, { title: 'Ending soon', endDate: addDaysIso(today, 20), schoolIds: [d.schoolA] });
    const reminders = (await coordinator.get('/api/v1/agreements/reminders')).json().reminders;
    expect(reminders.find((r: { agreementId: number }) => r.agreementId === soon)).toMatchObject({ kind: 'renewal_due', daysLeft: 20, status: 'renewal_due' });
    expect((await (await t.signIn(d.emails.teacher)).get('/api/v1/agreements/reminders')).json().reminders).toEqual([]);
    expect((await coordinator.post(`/api/v1/agreements/${soon}/status`, { action: 'renew', endDate: addDaysIso(today, 10) })).statusCode).toBe(409);
    expect((await coordinator.post(`/api/v1/agreements/${soon}/status`, { action: 'renew', endDate: addDaysIso(today, 400) })).statusCode).toBe(204);
    expect((await coordinator.get(`/api/v1/agreements/${soon}`)).json()).toMatchObject({ status: 'active', endDate: addDaysIso(today, 400) });
    expect((await coordinator.post(`/api/v1/agreements/${soon}/status`, { action: 'end', reason: 'Program moved' })).statusCode).toBe(204);
    expect((await coordinator.put(`/api/v1/agreements/${soon}/goals`, { goals: [] })).statusCode).toBe(409);
    expect((await coordinator.delete(`/api/v1/agreements/${soon}`)).statusCode).toBe(409);
    const draft = (await coordinator.post('/api/v1/agreements', { title: 'Never mind' })).json().id;
    expect((await coordinator.delete(`/api/v1/agreements/${draft}`)).statusCode).toBe(204);
    expect((await coordinator.get(`/api/v1/agreements/${draft}`)).statusCode).toBe(404);
  });
});

describe('needs and assets', () => {
  it('records needs, matches partners able to meet them, and makes under-served schools stand out', async () => {
    const refused = await coordinator.post('/api/v1/needs', { schoolId: d.schoolB, category: 'food', title: 'Food', priority: 'high' });
    expect(refused.statusCode).toBe(403);
    const food = (await coordinator.post('/api/v1/needs', { schoolId: d.schoolA, category: 'food', title: 'Weekend meals', priority: 'high', languages: ['es'] })).json().id;
    await director.post('/api/v1/needs', { schoolId: d.schoolB, category: 'legal_immigration', title: 'Immigration legal help', priority: 'high' });
    const matches = (await coordinator.get(`/api/v1/needs/matches?schoolId=${d.schoolA}`)).json().needs;
    expect(matches).toHaveLength(1);
    expect(matches[0].candidates[0]).toMatchObject({ partnerName: 'St. Mary Church', serviceName: 'Family meals', languagesMatched: ['es'], servesThisSchool: false, servesOtherSchools: ['Birch Elementary'] });
    const overview = (await (await t.signIn(d.emails.viewer)).get('/api/v1/needs/overview')).json().schools;
    // Alder has a high-priority need and no partner serving it; Birch has one partner, and a need no partner in the directory meets.
    expect(overview[0]).toMatchObject({ schoolName: 'Alder Elementary', standsOut: true, partners: 0, highPriorityUnmet: 1, categoriesWithoutPartner: [] });
    expect(overview[1]).toMatchObject({ schoolName: 'Birch Elementary', standsOut: false, partners: 1, categoriesWithoutPartner: ['legal_immigration'] });
    const church = matches[0].candidates[0];
    expect((await coordinator.post(`/api/v1/needs/${food}/partners`, { partnerId: church.partnerId, serviceId: church.serviceId })).statusCode).toBe(204);
    const need = (await coordinator.get(`/api/v1/needs?schoolId=${d.schoolA}`)).json().needs[0];
    expect(need).toMatchObject({ status: 'addressed', partners: [{ partnerName: 'St. Mary Church', serviceName: 'Family meals' }] });
    expect((await coordinator.delete(`/api/v1/needs/${food}/partners/${church.partnerId}`)).statusCode).toBe(204);
    expect((await coordinator.get(`/api/v1/needs?schoolId=${d.schoolA}`)).json().needs[0].status).toBe('open');
  });

  it('suggests needs from the school’s figures (home languages here), for the school’s own staff', async () => {
    const res = await coordinator.get(`/api/v1/needs/suggestions?schoolId=${d.schoolA}`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const family = s.suggestions.find((x: { category: string }) => x.category === 'family_engagement');
    expect(family).toMatchObject({ priority: 'medium', languages: ['es'], basis: { kind: 'home_language', count: 2, total: 3 } });
    expect((await coordinator.get(`/api/v1/needs/suggestions?schoolId=${d.schoolB}`)).statusCode).toBe(403);
    expect((await partnerStaff.get(`/api/v1/needs/suggestions?schoolId=${d.schoolA}`)).statusCode).toBe(403);
  });
});
