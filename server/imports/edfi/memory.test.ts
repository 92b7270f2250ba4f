/**
 * A large interchange is read as a stream: the heap stays bounded far below the file's size.
 * (Figures for 100 MB and more: bench/edfi-memory.ts.)
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { RecordSink } from '../records.ts';
import { readEdfiFolder } from './index.ts';
import { writeLargeAttendance } from './samples.ts';

it('reads a 60 MB attendance interchange with the heap growing by far less than the file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'village-edfi-mem-'));
  try {
    const events = await writeLargeAttendance(path.join(dir, 'attendance.xml'), 60 * 1024 * 1024);
    const size = (await stat(path.join(dir, 'attendance.xml'))).size;
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let read = 0;
    const sink = new Proxy({} as RecordSink, {
      get: (_t, kind: string) =>
        kind === 'progress'
          ? undefined
          : kind === 'attendance'
            ? () => {
                if (++read % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
              }
            : () => undefined,
    });
    const summary = await readEdfiFolder(dir, sink);
    expect(summary.errors).toBe(0);
    expect(read).toBe(events);
    const grewBy = peak - base;
    // Held whole, the text alone would take twice the file's size in the heap.
    expect(grewBy).toBeLessThan(48 * 1024 * 1024);
    expect(size).toBeGreaterThan(grewBy * 1.25);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
