/** Zip files are opened safely: paths that climb out, links, zip bombs and lies about sizes are refused. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractZip, safeEntryPath, ZipRefused } from './zip.ts';
import { writeZip } from './zip-writer.test-helper.ts';
import { fixtureFolder, removeFixtures } from './test-helpers.ts';

afterAll(removeFixtures);

function zipOf(entries: Parameters<typeof writeZip>[1]): { file: string; dest: string } {
  const dir = fixtureFolder({});
  const file = path.join(dir, 'x.zip');
  writeZip(file, entries);
  return { file, dest: fixtureFolder({}) };
}

describe('zip files', () => {
  it('extracts ordinary entries, folders included', async () => {
    const { file, dest } = zipOf([{ name: 'a/orgs.csv', data: Buffer.from('x\n') }, { name: 'users.csv', data: Buffer.from('y\n'), store: true }]);
    expect(await extractZip(file, dest)).toBe(2);
    expect(readFileSync(path.join(dest, 'a', 'orgs.csv'), 'utf8')).toBe('x\n');
  });

  it('refuses paths that climb out of the folder, absolute paths, and links', async () => {
    for (const name of ['../evil.csv', 'a/../../evil.csv', '/etc/evil.csv', 'C:/evil.csv', '..\\evil.csv']) {
      const { file, dest } = zipOf([{ name, data: Buffer.from('x') }]);
      await expect(extractZip(file, dest)).rejects.toThrow(ZipRefused);
      expect(existsSync(path.join(dest, '..', 'evil.csv'))).toBe(false);
    }
    const link = zipOf([{ name: 'link.csv', data: Buffer.from('/etc/passwd'), mode: 0o120777, store: true }]);
    await expect(extractZip(link.file, link.dest)).rejects.toThrow(/link/);
    expect(safeEntryPath('./a/b.csv')).toEqual({ ok: true, path: 'a/b.csv' });
  });

  it('refuses an absurd expansion ratio before inflating it', async () => {
    const { file, dest } = zipOf([{ name: 'bomb.csv', data: Buffer.alloc(50 * 1024 * 1024) }]);
    await expect(extractZip(file, dest)).rejects.toThrow(/expand \d+ times .* zip bomb/);
    expect(existsSync(path.join(dest, 'bomb.csv'))).toBe(false);
  });

  it('refuses an entry that inflates to more than it declares, and a file that is not a zip', async () => {
    const { file, dest } = zipOf([{ name: 'liar.csv', data: Buffer.alloc(300_000, 65), declaredSize: 1000 }]);
    await expect(extractZip(file, dest)).rejects.toThrow(ZipRefused);
    const bogus = path.join(fixtureFolder({ 'n.zip': 'not a zip at all' }), 'n.zip');
    await expect(extractZip(bogus, fixtureFolder({}))).rejects.toThrow(/not a readable zip/);
  });

  it('refuses more bytes than an import could need', async () => {
    const { file, dest } = zipOf([{ name: 'a.csv', data: Buffer.alloc(20_000, 66) }, { name: 'b.csv', data: Buffer.alloc(20_000, 66) }]);
    await expect(extractZip(file, dest, { maxEntries: 10, maxTotalBytes: 30_000, maxRatio: 1000 })).rejects.toThrow(/more than/);
  });
});
