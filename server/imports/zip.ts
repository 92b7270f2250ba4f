/**
 * Opening what an operator hands an import: a folder as it is, or a .zip extracted (safely) into a
 * temporary folder. Refused, with the reason: entries whose path climbs out of the folder (`../`,
 * absolute paths), links, encrypted entries, absurd expansion ratios (a "zip bomb"), more entries or
 * more bytes than an import could need. Sizes are checked against the bytes actually inflated, not
 * only against what the zip's directory claims.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { RecordSink } from './records.ts';

export const ZIP_LIMITS = {
  maxEntries: 10_000,
  /** Bytes all entries may inflate to. */
  maxTotalBytes: 8 * 1024 ** 3,
  /** Inflated ÷ compressed size above which an entry (of more than 1 MiB) is refused. */
  maxRatio: 200,
};

export interface OpenedSource {
  /** The folder (or single file) to read. */
  folder: string;
  /** How messages name the source. */
  label: string;
  cleanup(): void;
}

export class ZipRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipRefused';
  }
}

/** A zip entry's name when it is safe to extract, else the reason it is not. */
export function safeEntryPath(name: string): { ok: true; path: string } | { ok: false; reason: string } {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n)) return { ok: false, reason: `the zip holds an absolute path "${name}"` };
  const parts = n.split('/');
  if (parts.some((p) => p === '..')) return { ok: false, reason: `the zip holds a path that climbs out of its folder ("${name}")` };
  if (parts.some((p) => p.includes('\0'))) return { ok: false, reason: 'the zip holds a path with a NUL character' };
  return { ok: true, path: parts.filter((p) => p && p !== '.').join('/') };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

/** Extracts a zip into `dest` with the checks above; throws ZipRefused. */
export async function extractZip(file: string, dest: string, limits = ZIP_LIMITS): Promise<number> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new ZipRefused(`the file is not a readable zip (${(err as Error).message})`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ZipRefused(`the zip holds ${zip.entryCount.toLocaleString('en-US')} entries; an import reads at most ${limits.maxEntries.toLocaleString('en-US')}`);
  }
  let total = 0;
  let files = 0;
  return new Promise<number>((resolve, reject) => {
    const fail = (err: unknown) => {
      zip.close();
      reject(err instanceof ZipRefused ? err : new ZipRefused(`the zip cannot be read: ${(err as Error).message}`));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve(files));
    zip.on('entry', (entry: yauzl.Entry) => {
      const safe = safeEntryPath(entry.fileName);
      if (!safe.ok) return fail(new ZipRefused(safe.reason));
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) return fail(new ZipRefused(`the zip holds a link ("${entry.fileName}"), which Village does not follow`));
      if (entry.isEncrypted()) return fail(new ZipRefused(`the zip entry "${entry.fileName}" is encrypted`));
      if (entry.fileName.endsWith('/') || safe.path === '') {
        zip.readEntry();
        return;
      }
      if (entry.uncompressedSize > 1024 ** 2 && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        return fail(new ZipRefused(`the zip entry "${entry.fileName}" would expand ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (${entry.uncompressedSize.toLocaleString('en-US')} bytes): refused as a likely zip bomb`));
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return fail(new ZipRefused(`the zip would expand to more than ${(limits.maxTotalBytes / 1024 ** 3).toFixed(0)} GiB`));
      const target = path.join(dest, safe.path);
      if (!path.resolve(target).startsWith(path.resolve(dest) + path.sep)) return fail(new ZipRefused(`the zip holds a path that climbs out of its folder ("${entry.fileName}")`));
      mkdirSync(path.dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return fail(err ?? new Error('no stream'));
        let inflated = 0;
        const guard = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            inflated += chunk.length;
            if (inflated > entry.uncompressedSize) cb(new ZipRefused(`the zip entry "${entry.fileName}" inflates to more than it declares`));
            else cb(null, chunk);
          },
        });
        pipeline(stream, guard, createWriteStream(target))
          .then(() => {
            files++;
            zip.readEntry();
          })
          .catch(fail);
      });
    });
    zip.readEntry();
  });
}

/**
 * A source path ready to read: a folder or a single file as it is; a .zip extracted into a
 * temporary folder (removed by cleanup). Problems are reported to the sink as errors of the whole
 * source; returns null then.
 */
export async function openArchive(source: string, sink: RecordSink): Promise<OpenedSource | null> {
  const label = path.basename(source);
  let info;
  try {
    info = statSync(source);
  } catch {
    sink.issue({ severity: 'error', file: label, line: 0, column: null, reason: 'no such file or folder', fatal: true });
    return null;
  }
  if (info.isDirectory() || !/\.zip$/i.test(source)) return { folder: source, label, cleanup: () => {} };
  const dest = mkdtempSync(path.join(tmpdir(), 'village-import-'));
  try {
    await extractZip(source, dest);
  } catch (err) {
    rmSync(dest, { recursive: true, force: true });
    sink.issue({ severity: 'error', file: label, line: 0, column: null, reason: err instanceof ZipRefused ? `refused: ${err.message}` : String(err), fatal: true });
    return null;
  }
  return { folder: dest, label, cleanup: () => rmSync(dest, { recursive: true, force: true }) };
}
