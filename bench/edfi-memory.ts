/**
 * Ed-Fi reader: memory stays bounded whatever the interchange's size. Writes attendance interchanges
 * of growing size (streamed to a temporary folder), reads each into a sink that only counts, and
 * prints the time, throughput and the peak memory while reading. The peak must not grow with the file.
 *
 *   npx tsx bench/edfi-memory.ts            # 25, 100 and 300 MB
 *   npx tsx bench/edfi-memory.ts 100 1000   # sizes in MB
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordSink } from '../server/imports/records.ts';
import { readEdfiFolder } from '../server/imports/edfi/index.ts';
import { writeLargeAttendance } from '../server/imports/edfi/samples.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const MB = 1024 * 1024;

async function measure(sizeMb: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'village-edfi-bench-'));
  try {
    const file = path.join(dir, 'attendance.xml');
    const events = await writeLargeAttendance(file, sizeMb * MB, { students: 50_000 });
    const bytes = (await stat(file)).size;
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 25);
    let records = 0;
    let errors = 0;
    const sink = new Proxy({} as RecordSink, {
      get: (_t, kind: string) => {
        if (kind === 'progress') return undefined;
        if (kind === 'issue') return (i: { severity: string }) => void (i.severity === 'error' && errors++);
        // Like a staging sink: every so often the reader must wait for it.
        if (kind === 'attendance') return () => (++records % 5000 === 0 ? new Promise<void>((r) => setImmediate(r)) : undefined);
        return () => undefined;
      },
    });
    const started = process.hrtime.bigint();
    await readEdfiFolder(dir, sink);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sample);
    console.log(
      [
        `${(bytes / MB).toFixed(0).padStart(5)} MB`,
        `${events.toLocaleString('en-US').padStart(11)} events (${records === events ? 'all read' : `READ ${records}`}${errors ? `, ${errors} errors` : ''})`,
        `${seconds.toFixed(1).padStart(6)} s`,
        `${(bytes / MB / seconds).toFixed(1).padStart(6)} MB/s`,
        `${Math.round(records / seconds).toLocaleString('en-US').padStart(9)} events/s`,
        `peak RSS ${(peakRss / MB).toFixed(0).padStart(4)} MB (+${((peakRss - baseline.rss) / MB).toFixed(0)})`,
        `peak heap ${(peakHeap / MB).toFixed(0).padStart(4)} MB (+${((peakHeap - baseline.heapUsed) / MB).toFixed(0)})`,
      ].join('  '),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`Ed-Fi attendance interchange: read as a stream (Node ${process.version})`);
for (const size of sizes.length ? sizes : [25, 100, 300]) await measure(size);
