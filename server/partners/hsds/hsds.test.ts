/**
 * Open Referral HSDS in and out: the public samples (3.0 CSV and JSON, the 1.1 data package, the
 * Ohana 1.0-era San Mateo export) are read; a directory made in Village survives export → import →
 * export with nothing lost (files identical, records identical); bad files are refused with the
 * reason and nothing is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../../test/fixtures.ts';
import { operatorActor, type Actor } from '../../auth/actor.ts';
import { createDistrict } from '../../districts/commands.ts';
import { exportHsds, HsdsRefusedError, importHsds } from './index.ts';
import { createContact, createLocation, createService, getPartner, listPartners, setPartnerSchools } from '../directory.ts';
import { makePartner } from '../test-helpers.ts';

const DATA = path.resolve('..', 'shared', 'data');
const haveSamples = existsSync(path.join(DATA, 'hsds-openreferral-spec-examples'));
if (!haveSamples) console.warn(`Skipping the HSDS sample tests: ${DATA} is absent (it holds the public Open Referral samples).`);
const sample = (...p: string[]) => path.join(DATA, ...p);

let db: TestDatabase;
let d: SmallDistrict;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase();
  d = await seedSmallDistrict(db.db);
  tmp = mkdtempSync(path.join(tmpdir(), 'village-hsds-'));
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await db.drop();
});

/** A fresh district with the same school codes as the test district (schools served travel by code). */
async function emptyDistrict(code: string): Promise<Actor> {
  const district = await createDistrict(db.db, { code, name: `District ${code}` });
  for (const s of ['test-A', 'test-B']) await db.db.insertInto('schools').values({ district_id: district.id, code: s, name: s }).execute();
  return operatorActor(district.id);
}

const count = async (table: 'partners' | 'partner_services' | 'partner_hsds_rows' | 'partner_locations' | 'partner_contacts', districtId: number) =>
  Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).executeTakeFirstOrThrow()).n);

function readFolder(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).sort().map((f) => [f, readFileSync(path.join(folder, f), 'utf8')]));
}

function csvRows(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
}

describe('HSDS round trip: a directory made in Village', () => {
  it('exports, imports into another district and exports again with nothing lost', async () => {
    const op = operatorActor(d.districtId);
    const p = await makePartner(db.db, d.districtId, 'Readers United');
    await db.db.updateTable('partners').set({ mission: 'Every child reads by third grade, "no exceptions".', website: 'https://readers.example' }).where('id', '=', p).execute();
    const loc = await createLocation(db.db, op, p, {
      name: 'Main office',
      description: 'Second floor',
      locationType: 'physical',
      latitude: 37.48,
      longitude: -122.21,
      address: { address1: '12 Oak St', address2: null, city: 'Riverside', stateProvince: 'CA', postalCode: '92501', country: 'US' },
    });
    await createService(db.db, op, p, {
      name: 'Reading buddies',
      alternateName: null,
      description: 'Volunteers read with students, twice a week.\nBring a book, anything goes.',
      category: 'literacy',
      status: 'active',
      eligibility: 'Grades K-3',
      minimumAge: 5,
      maximumAge: 9,
      cost: 'Free',
      url: null,
      email: null,
      capacity: 25,
      languages: ['en', 'es'],
      schedule: 'Tuesdays and Thursdays after school',
      locationIds: [loc],
    });
    await createContact(db.db, op, p, { name: 'Grace Liu', title: 'Director', department: null, email: 'grace@readers.example', phone: '555-0100', champion: true, championNote: 'Board chair; opens doors' });
    await setPartnerSchools(db.db, op, p, [d.schoolA, d.schoolB]);
    if (haveSamples) await importHsds(db.db, op, sample('hsds-openreferral-spec-examples', 'examples', 'csv'));

    for (const format of ['csv', 'json'] as const) {
      const a = path.join(tmp, `a-${format}`);
      const b = path.join(tmp, `b-${format}`);
      await exportHsds(db.db, op, a, format);
      const other = await emptyDistrict(`rt-${format}`);
      const imported = await importHsds(db.db, other, a);
      expect(imported.summary.schoolLinks).toBe(2);
      await exportHsds(db.db, other, b, format);
      expect(readFolder(b)).toEqual(readFolder(a));
      // The records themselves, as Village shows them, are the same.
      const before = await listPartners(db.db, d.districtId, { status: 'all' });
      const after = await listPartners(db.db, other.districtId, { status: 'all' });
      const strip = (list: typeof before) => list.map(({ id: _id, schools, ...rest }) => ({ ...rest, schools: schools.map((s) => s.code) }));
      expect(strip(after)).toEqual(strip(before));
      const detail = async (actor: Actor, districtId: number) => {
        const id = (await db.db.selectFrom('partners').select('id').where('district_id', '=', districtId).where('name', '=', 'Readers United').executeTakeFirstOrThrow()).id;
        const { services, locations, contacts } = await getPartner(db.db, actor, id);
        return {
          services: services.map(({ id: _i, locationIds, ...s }) => ({ ...s, locations: locationIds.length })),
          locations: locations.map(({ id: _i, ...l }) => l),
          contacts: contacts.map(({ id: _i, ...c }) => c),
        };
      };
      expect(await detail(other, other.districtId)).toEqual(await detail(op, d.districtId));
    }
    const exported = csvRows(path.join(tmp, 'a-csv', 'services.csv')).find((r) => r.name === 'Reading buddies')!;
    expect(exported.description).toBe('Volunteers read with students, twice a week.\nBring a book, anything goes.');
    const pkg = JSON.parse(readFileSync(path.join(tmp, 'a-csv', 'datapackage.json'), 'utf8'));
    expect(pkg.resources.map((r: { path: string }) => r.path)).toContain('service_at_location.csv');
  });

  it('importing the same files twice changes nothing', async () => {
    const other = await emptyDistrict('twice');
    await importHsds(db.db, other, path.join(tmp, 'a-csv'));
    const counts = await Promise.all((['partners', 'partner_services', 'partner_hsds_rows', 'partner_locations', 'partner_contacts'] as const).map((t) => count(t, other.districtId)));
    await importHsds(db.db, other, path.join(tmp, 'a-csv'));
    expect(await Promise.all((['partners', 'partner_services', 'partner_hsds_rows', 'partner_locations', 'partner_contacts'] as const).map((t) => count(t, other.districtId)))).toEqual(counts);
  });
});

describe('refusing bad HSDS files (nothing is written)', () => {
  const write = (name: string, files: Record<string, string>) => {
    const dir = path.join(tmp, name);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    return dir;
  };
  const org = 'id,name,description\no1,Org One,Helps families\n';

  async function refused(name: string, files: Record<string, string>): Promise<string[]> {
    const actor = await emptyDistrict(name);
    const err = await importHsds(db.db, actor, write(name, files)).catch((e) => e);
    expect(err).toBeInstanceOf(HsdsRefusedError);
    expect(await count('partners', actor.districtId)).toBe(0);
    expect(await count('partner_services', actor.districtId)).toBe(0);
    return (err as HsdsRefusedError).problems;
  }

  it('a missing required field, naming file, line and column', async () => {
    expect(await refused('missing', { 'organizations.csv': org, 'services.csv': 'id,organization_id,name,status\ns1,o1,,active\n' })).toEqual([
      'services.csv, line 2, column name: a service needs a name (required by HSDS)',
    ]);
  });

  it('a broken reference', async () => {
    expect(await refused('broken', { 'organizations.csv': org, 'services.csv': 'id,organization_id,name,status\ns1,o9,Tutoring,active\n' })).toEqual([
      'services.csv, line 2, column organization_id: no organization with id o9 in the files or in Village',
    ]);
  });

  it('an id twice, a value not allowed, a number that is not one', async () => {
    const problems = await refused('values', {
      'organizations.csv': org + 'o1,Again,Twice\n',
      'services.csv': 'id,organization_id,name,status,minimum_age\ns1,o1,Tutoring,open,ten\n',
    });
    expect(problems).toContain('services.csv, line 2, column minimum_age: "ten" is not a number');
    expect(problems).toContain('organizations.csv, line 3, column id: organization id o1 appears twice (line 2 and line 3)');
    expect(problems).toContain('services.csv, line 2, column status: "open" is not one of active, inactive, defunct, temporarily closed');
  });

  it('a CSV row with too many fields, and JSON that is not JSON', async () => {
    expect(await refused('ragged', { 'organizations.csv': 'id,name,description\no1,Org,Desc,extra\n' })).toEqual(['organizations.csv, line 2: has 4 fields where the header has 3']);
    expect(await refused('json', { 'data.json': '{"id": "o1", "name": ' })).toEqual([expect.stringMatching(/^data.json: not valid JSON/)]);
  });

  it('a required reference may name a record already in Village', async () => {
    const actor = await emptyDistrict('later');
    await importHsds(db.db, actor, write('later-1', { 'organizations.csv': org }));
    const result = await importHsds(db.db, actor, write('later-2', { 'services.csv': 'id,organization_id,name,status\ns1,o1,Family nights,active\n' }));
    expect(result.summary.services).toBe(1);
    const svc = await db.db.selectFrom('partner_services').select(['name', 'category']).where('district_id', '=', actor.districtId).executeTakeFirstOrThrow();
    expect(svc).toEqual({ name: 'Family nights', category: 'family_engagement' });
  });
});

describe.skipIf(!haveSamples)('the public HSDS samples', () => {
  it('reads the HSDS 3.0 CSV example and gives every field back on export', async () => {
    const actor = await emptyDistrict('spec-csv');
    const folder = sample('hsds-openreferral-spec-examples', 'examples', 'csv');
    const result = await importHsds(db.db, actor, folder);
    expect(result.summary).toMatchObject({ organizations: 1, services: 1, locations: 1, servicesAtLocations: 1, contacts: 1, languages: 1 });
    // The example's own dangling links are reported, not hidden.
    expect(result.warnings.some((w) => w.startsWith('locations.csv, line 2, column organization_id: no organization'))).toBe(true);
    const out = path.join(tmp, 'spec-out');
    await exportHsds(db.db, actor, out);
    const dropped = new Set(result.warnings.map((w) => /^(\S+), line (\d+), column (\w+):.*link was dropped/.exec(w)).filter(Boolean).map((m) => `${m![1]}:${m![3]}`));
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.csv'))) {
      const exported = csvRows(path.join(out, file));
      for (const row of csvRows(path.join(folder, file))) {
        const back = exported.find((r) => r.id === row.id);
        expect([file, row.id, !!back]).toEqual([file, row.id, true]);
        for (const [k, v] of Object.entries(row)) {
          if (v === '' || dropped.has(`${file}:${k}`)) continue;
          expect([file, k, back![k]]).toEqual([file, k, v]);
        }
      }
    }
  });

  it('reads the HSDS 3.0 JSON examples (nested organization, service, service at location; the tabular layout)', async () => {
    const examples = sample('hsds-openreferral-spec-examples', 'examples');
    for (const file of ['organization_full.json', 'service_full.json', 'service_at_location_full.json', 'tabular.json', 'organization_list.json', 'service_list.json']) {
      const actor = await emptyDistrict(`json-${file.replace(/\W/g, '')}`);
      const result = await importHsds(db.db, actor, path.join(examples, file));
      expect([file, result.summary.organizations]).toEqual([file, 1]);
    }
    const actor = await emptyDistrict('json-org');
    const result = await importHsds(db.db, actor, path.join(examples, 'organization_full.json'));
    expect(result.summary).toMatchObject({ services: 1, locations: 1, contacts: 1 });
    const phones = await db.db.selectFrom('partner_hsds_rows').select('data').where('district_id', '=', actor.districtId).where('kind', '=', 'phone').execute();
    // One phone, seen under the contact, the organization, the location and the service: one record with every link.
    expect(phones).toHaveLength(1);
    expect(JSON.parse(phones[0].data)).toMatchObject({ number: '"+44 1234 234567"', extension: 100, contact_id: '1e7efce3-639b-4880-940c-b95cd30cdb50', organization_id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610' });
  });

  it('reads the HSDS 1.1 sample data package', async () => {
    const actor = await emptyDistrict('hsds11');
    const result = await importHsds(db.db, actor, sample('hsds-openreferral-sample-datapackage', 'all_resources'));
    expect(result.summary).toMatchObject({ organizations: 10, services: 13, locations: 10, servicesAtLocations: 13 });
    const rows = await db.db.selectFrom('partner_hsds_rows').select(['kind']).where('district_id', '=', actor.districtId).execute();
    const kinds = rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.kind]: (m[r.kind] ?? 0) + 1 }), {});
    // physical and postal addresses, regular and holiday schedules become HSDS 3 addresses and schedules.
    expect(kinds).toMatchObject({ address: 2, schedule: 4, phone: 5 });
    expect(result.warnings).toContain('payments_accepted.csv: HSDS 3.0 has no payments accepted; 2 row(s) not kept');
    const eligibility = await db.db.selectFrom('partner_services').select('eligibility').where('district_id', '=', actor.districtId).where('ext_id', '=', 'c89eb05c-62dd-4b64-b494-0cc347b6ea7f').executeTakeFirstOrThrow();
    expect(eligibility.eligibility).toBe('adult');
  });

  it('reads the Ohana (HSDS 1.0-era) San Mateo export: services under locations, lists in cells, 9am-style times', async () => {
    const actor = await emptyDistrict('ohana');
    const result = await importHsds(db.db, actor, sample('hsds-ohana-api-sample-csv', 'data', 'sample-csv'));
    expect(result.summary).toMatchObject({ organizations: 8, services: 23, locations: 22, servicesAtLocations: 23, contacts: 31 });
    const partners = await listPartners(db.db, actor.districtId, { status: 'all' });
    expect(partners.map((p) => p.name)).toContain('Peninsula Family Service');
    const library = partners.find((p) => p.name === 'Redwood City Public Library')!;
    expect(library.sector).toBe('government_agency');
    expect(library.categories).toContain('literacy');
    // Unmapped columns are named in warnings, never silently dropped.
    expect(result.warnings).toContain('organizations.csv, column licenses: HSDS 3.0 has no field "licenses" in organization records; its values were not kept');
  });
});
