/**
 * The Imports API: an upload runs the same import as the command line, in a child process, and the
 * page follows its progress; the history lists it with its files and issues. Only district
 * administrators and data managers may use it (every role is checked in test/access-matrix.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../test/app.ts';
import { seedSmallDistrict, type SmallDistrict } from '../../test/fixtures.ts';
import { csv, smallTemplates } from './test-helpers.ts';

let t: TestApp;
let d: SmallDistrict;
let manager: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  d = await seedSmallDistrict(t.database.db);
  manager = await t.signIn(d.emails.data_manager);
});
afterAll(() => t?.close());

/** A multipart/form-data body with fields and files. */
function multipart(fields: Record<string, string>, files: Array<{ name: string; content: string | Buffer }>) {
  const boundary = '----village' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(client: TestClient, fields: Record<string, string>, files: Array<{ name: string; content: string | Buffer }>) {
  const m = multipart(fields, files);
  return client.request('POST', '/api/v1/imports', m.payload, m.headers);
}

async function waitFor(client: TestClient, id: number) {
  const seen: string[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await client.get(`/api/v1/imports/${id}/progress`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    seen.push(p.phase);
    if (p.status !== 'running') return { progress: p, seen };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the import did not finish');
}

describe('the Imports API', () => {
  it('runs an uploaded folder of templates in the background and reports its progress and outcome', async () => {
    const files = Object.entries(smallTemplates()).map(([name, content]) => ({ name, content }));
    const res = await upload(manager, { type: 'csv', skipBadRows: 'false' }, files);
    expect(res.statusCode).toBe(202);
    const { importId } = res.json();
    const { progress } = await waitFor(manager, importId);
    expect(progress).toMatchObject({ id: importId, status: 'done', phase: 'done' });
    expect(progress.message).toMatch(/^Done: /);
    const detail = (await manager.get(`/api/v1/imports/${importId}`)).json();
    expect(detail).toMatchObject({ status: 'done', via: 'web', actor: d.emails.data_manager, errors: 0 });
    expect(detail.files.map((f: { name: string }) => f.name)).toContain('attendance.csv');
    expect(detail.issues.some((i: { reason: string }) => /not instructional/.test(i.reason))).toBe(true);
    const list = (await manager.get('/api/v1/imports')).json();
    expect(list.imports[0]).toMatchObject({ id: importId, status: 'done' });
    expect(list.templates.map((x: { kind: string }) => x.kind)).toContain('attendance');
    const students = await t.database.db.selectFrom('students').select('ext_id').where('district_id', '=', d.districtId).where('ext_id', 'in', ['st1', 'st2', 'st3']).execute();
    expect(students).toHaveLength(3);
    // The import is in the audit trail, under the person who uploaded it.
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_label', 'entity_id']).where('entity_type', '=', 'import').where('entity_id', '=', String(importId)).executeTakeFirst();
    expect(audit).toMatchObject({ action: 'import', actor_label: d.emails.data_manager });
  });

  it('runs one template file of a given kind, and refuses bad rows with their line and column', async () => {
    const res = await upload(manager, { type: 'csv', kind: 'attendance' }, [{ name: 'late.csv', content: csv('student_id,school_id,date,status', 'st1,S1,2021-08-19,absent_excused', 'zz,S1,2021-08-19,present') }]);
    expect(res.statusCode).toBe(202);
    const { progress } = await waitFor(manager, res.json().importId);
    expect(progress.status).toBe('refused');
    const detail = (await manager.get(`/api/v1/imports/${res.json().importId}?severity=error`)).json();
    expect(detail.issues).toEqual([{ severity: 'error', file: 'late.csv', line: 3, column: 'student_id', reason: 'the student "zz" is not known (not in this import, nor in Village)' }]);
  });

  it('checks what is uploaded', async () => {
    expect((await manager.post('/api/v1/imports', {})).statusCode).toBe(400);
    const noType = await upload(manager, {}, [{ name: 'a.csv', content: 'x' }]);
    expect(noType.statusCode).toBe(400);
    expect(noType.json().details.fields[0].path).toBe('type');
    const noFiles = await upload(manager, { type: 'oneroster' }, []);
    expect(noFiles.json().details.fields).toEqual([{ path: 'files', message: 'choose at least one file' }]);
  });

  it('hides imports from other districts and from other roles', async () => {
    const other = await seedSmallDistrict(t.database.db, 'other');
    const outsider = await t.signIn(other.emails.district_admin);
    const mine = (await manager.get('/api/v1/imports')).json().imports[0].id;
    expect((await outsider.get(`/api/v1/imports/${mine}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/imports/${mine}/progress`)).statusCode).toBe(404);
    expect((await outsider.get('/api/v1/imports')).json().imports).toEqual([]);
    const teacher = await t.signIn(d.emails.teacher);
    expect((await teacher.get('/api/v1/imports')).statusCode).toBe(403);
    const school = await t.signIn(d.emails.school_staff);
    expect((await upload(school, { type: 'csv' }, [{ name: 'schools.csv', content: 'school_id,name\nX,Y\n' }])).statusCode).toBe(403);
  });
});
