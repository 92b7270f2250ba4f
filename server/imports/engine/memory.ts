/**
 * Giving an import's garbage back between its phases. On a machine with memory to spare, V8 lets
 * its heap grow to about four times what is live before it collects: the garbage of reading a
 * large file (every row parsed, checked and staged) was still held, some hundreds of megabytes,
 * when the next file, the apply, the recomputed figures or the next import came, and the process
 * peaked near 700 MB where some 300 MB were in use. After each large file and at the end of a
 * large import a full collection is asked for, through the inspector protocol (the way to ask
 * without starting Node with --expose-gc): under 0.1 s each, beside seconds of reading.
 */
import { Session } from 'node:inspector';

/** Rows a file (or an import) has at least before its garbage is collected when it is done. */
export const COLLECT_AFTER_ROWS = 50_000;

let session: Session | null | undefined;
let pending: Promise<void> | null = null;

/** Asks for a full garbage collection; resolves once done (at once where the inspector is missing). */
export function collectGarbage(): Promise<void> {
  if (pending) return pending;
  if (session === undefined) {
    try {
      session = new Session();
      session.connect();
    } catch {
      session = null;
    }
  }
  const s = session;
  if (!s) return Promise.resolve();
  pending = new Promise<void>((resolve) => {
    try {
      s.post('HeapProfiler.collectGarbage', () => resolve());
    } catch {
      resolve();
    }
  }).finally(() => {
    pending = null;
  });
  return pending;
}
