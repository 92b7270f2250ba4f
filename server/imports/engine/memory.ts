/**
 * Giving an import's garbage back between its phases. On a machine with memory to spare, V8 lets
 * its heap grow to about four times what is live before it collects: the garbage of reading a
 * large file (every row parsed, checked and staged) was still held, some hundreds of megabytes,
 * when the next file, the apply, the recomputed figures or the next import came, and the process
 * peaked near 700 MB where some 300 MB were in use. While an import reads (at each chunk of a
 * file), one full collection is run whenever the heap holds more than 128 MB and than twice what
 * was live after the last one; once a large import is read, and once it is done, one is run in
 * any case: 20-60 ms each. (V8's own gc function, which Node gives a new context once --expose-gc
 * is set; setting the flag changes nothing else. Without it, nothing is collected ahead of time.)
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Rows an import has at least before its garbage is collected once read, and once done. */
export const COLLECT_AFTER_ROWS = 50_000;

/** The heap is collected only when it holds more than this, */
const COLLECT_ABOVE_BYTES = 128 * 1024 * 1024;
/** and than twice what was live after the last collection. */
let threshold = COLLECT_ABOVE_BYTES;

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    const global = (globalThis as { gc?: () => void }).gc;
    if (typeof global === 'function') gc = global;
    else {
      setFlagsFromString('--expose-gc');
      const fn = runInNewContext('gc') as unknown;
      gc = typeof fn === 'function' ? (fn as () => void) : null;
    }
  } catch {
    gc = null;
  }
  return gc;
}

/** Runs one full garbage collection when the heap holds more than the threshold (see above), or `always`. */
export function collectGarbage(always = false): void {
  if (!always && getHeapStatistics().used_heap_size < threshold) return;
  const collect = gcFunction();
  if (!collect) return;
  const t = performance.now();
  collect();
  const live = getHeapStatistics().used_heap_size;
  threshold = Math.max(COLLECT_ABOVE_BYTES, 2 * live);
  if (process.env.VILLAGE_IMPORT_TRACE) console.error(`[import] ${(performance.now() - t).toFixed(0).padStart(6)} ms  garbage collected (${Math.round(live / 1048576)} MB live)`);
}
