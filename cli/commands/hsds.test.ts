/** `village import hsds` and `village export hsds` as an operator runs them: output, files, exit status. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { createDistrict } from '../../server/districts/commands.ts';

let dir: string;
const village = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.resolve('bin/village.js'), ...args], {
    env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'village.db')}`, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'village-cli-hsds-'));
  const good = path.join(dir, 'good');
  mkdirSync(good);
  writeFileSync(path.join(good, 'organizations.csv'), 'id,name,description\norg-1,Riverside Reads,Volunteer reading tutors\n');
  writeFileSync(path.join(good, 'services.csv'), 'id,organization_id,name,status,description\nsvc-1,org-1,Reading buddies,active,Tutoring in reading\n');
  const bad = path.join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(path.join(bad, 'services.csv'), 'id,organization_id,name,status\nsvc-2,org-9,,active\n');
  // The database and district are made here; only the commands under test run as processes.
  const handle = openDatabase(`sqlite:${path.join(dir, 'village.db')}`);
  await migrateToLatest(handle.db);
  await createDistrict(handle.db, { code: 'rv', name: 'Riverside' });
  await handle.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('village import hsds / export hsds', () => {
  it('imports a folder, exports it as CSV with datapackage.json, and refuses bad input with exit status 1', () => {
    const ok = village('import', 'hsds', path.join(dir, 'good'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('1 organizations, 1 services');

    const refused = village('import', 'hsds', path.join(dir, 'bad'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('services.csv, line 2, column name: a service needs a name (required by HSDS)');
    expect(refused.stderr).toContain('services.csv, line 2, column organization_id: no organization with id org-9 in the files or in Village');
    expect(refused.stderr).toContain('nothing was written');

    const out = path.join(dir, 'out');
    const exported = village('export', 'hsds', out);
    expect(exported.status).toBe(0);
    expect(existsSync(path.join(out, 'datapackage.json'))).toBe(true);
    expect(readFileSync(path.join(out, 'services.csv'), 'utf8')).toContain('svc-1,org-1,,Reading buddies');
  });

  it('answers a usage error with exit status 2', () => {
    expect(village('export', 'hsds', path.join(dir, 'x'), '--format', 'xml').status).toBe(2);
  });
});
