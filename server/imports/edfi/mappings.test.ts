/** The Ed-Fi mappings API: who may use it, validation, audit, district scoping, and its effect on imports. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../../test/fixtures.ts';
import { loadDescriptorMappings, recordUnmappedDescriptors } from './mappings.ts';

let t: TestApp;
let d: SmallDistrict;
let other: SmallDistrict;
let dm: TestClient;
let otherDm: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  other = await seedSmallDistrict(t.database.db, 'other');
  dm = await t.signIn(d.emails.data_manager);
  otherDm = await t.signIn(other.emails.data_manager);
});
afterAll(() => t.close());

describe('Ed-Fi descriptor mappings', () => {
  it('lists the categories, the shipped defaults and the district\'s own mappings', async () => {
    const res = await dm.get('/api/v1/edfi/mappings');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.categories.find((c: { descriptor: string }) => c.descriptor === 'Sex').codes).toEqual(['F', 'M', 'X', 'ignore']);
    expect(body.defaults).toContainEqual({ descriptor: 'AttendanceEventCategory', codeValue: 'Excused Absence', code: 'absent_excused' });
    expect(body.mappings).toEqual([]);
  });

  it('adds, replaces and removes a mapping, each change audited; an import then uses it', async () => {
    await recordUnmappedDescriptors(t.database.db, d.districtId, [
      { descriptor: 'AttendanceEventCategory', codeValue: 'Field Trip', namespace: 'uri://district.org/AttendanceEventCategoryDescriptor', written: 'uri://district.org/AttendanceEventCategoryDescriptor#Field Trip', occurrences: 12, file: 'att.xml', line: 40 },
    ]);
    expect((await dm.get('/api/v1/edfi/mappings')).json().unmapped).toEqual([expect.objectContaining({ codeValue: 'Field Trip', occurrences: 12, lastFile: 'att.xml', lastLine: 40 })]);

    const created = await dm.put('/api/v1/edfi/mappings', { descriptor: 'AttendanceEventCategory', codeValue: 'uri://district.org/AttendanceEventCategoryDescriptor#Field Trip', code: 'present' });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ descriptor: 'AttendanceEventCategory', codeValue: 'Field Trip', namespace: '', code: 'present' });
    const replaced = await dm.put('/api/v1/edfi/mappings', { descriptor: 'AttendanceEventCategory', codeValue: 'field trip', code: 'absent_excused' });
    expect(replaced.json()).toMatchObject({ id: created.json().id, code: 'absent_excused' });
    const body = (await dm.get('/api/v1/edfi/mappings')).json();
    expect(body.mappings).toHaveLength(1);
    expect(body.unmapped).toEqual([]);

    const mappings = await loadDescriptorMappings(t.database.db, d.districtId);
    expect(mappings.resolve('AttendanceEventCategory', { value: 'Field Trip', namespace: 'uri://x/AttendanceEventCategoryDescriptor', written: '' })).toBe('absent_excused');
    expect((await loadDescriptorMappings(t.database.db, other.districtId)).resolve('AttendanceEventCategory', { value: 'Field Trip', namespace: '', written: '' })).toBeUndefined();

    // Another district's data manager cannot see or remove it.
    expect((await otherDm.get('/api/v1/edfi/mappings')).json().mappings).toEqual([]);
    expect((await otherDm.delete(`/api/v1/edfi/mappings/${created.json().id}`)).statusCode).toBe(404);

    expect((await dm.delete(`/api/v1/edfi/mappings/${created.json().id}`)).statusCode).toBe(204);
    expect((await dm.get('/api/v1/edfi/mappings')).json().mappings).toEqual([]);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id']).where('entity_type', '=', 'edfi_mapping').where('district_id', '=', d.districtId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses a code the category does not have, naming the field', async () => {
    const res = await dm.put('/api/v1/edfi/mappings', { descriptor: 'Sex', codeValue: 'Unknown', code: 'male' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.fields).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await dm.put('/api/v1/edfi/mappings', { descriptor: 'Nope', codeValue: 'x', code: 'F' })).statusCode).toBe(400);
    expect((await dm.put('/api/v1/edfi/mappings', { descriptor: 'Language', codeValue: 'Klingon', code: 'tlh' })).statusCode).toBe(200);
  });

  it('is for data managers and district administrators only', async () => {
    for (const role of ['teacher', 'school_staff', 'viewer'] as const) {
      const c = await t.signIn(d.emails[role]);
      expect((await c.get('/api/v1/edfi/mappings')).statusCode).toBe(403);
    }
  });
});
