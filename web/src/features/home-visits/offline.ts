/**
 * The visit form at the door, offline: what an educator needs (the field kit) and every form saved
 * are kept on the device in IndexedDB; saved forms are sent when the connection returns, each with
 * its own idempotency key so the server records it once however many times it arrives. A form the
 * server refuses stays on the device with the reason, until the educator fixes or discards it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../app/api.ts';
import type { FieldKit, Submission } from './types.ts';

export interface OutboxItem {
  /** The idempotency key, made on the device when the form is saved. */
  key: string;
  /** POST path below /api/v1. */
  path: string;
  body: Record<string, unknown>;
  /** What the educator sees in the list: family and date. */
  label: string;
  savedAt: string;
  state: 'waiting' | 'refused';
  message?: string;
  /** The account that saved it: forms are only sent by the same person. */
  userEmail: string;
}

interface VisitDb extends DBSchema {
  kit: { key: string; value: { email: string; kit: FieldKit; savedAt: string } };
  outbox: { key: string; value: OutboxItem };
}

let dbPromise: Promise<IDBPDatabase<VisitDb>> | null = null;
function db(): Promise<IDBPDatabase<VisitDb>> {
  dbPromise ??= openDB<VisitDb>('village-home-visits', 1, {
    upgrade(d) {
      d.createObjectStore('kit');
      d.createObjectStore('outbox', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'v' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function saveKit(email: string, kit: FieldKit): Promise<void> {
  await (await db()).put('kit', { email, kit, savedAt: new Date().toISOString() }, email);
}

export async function loadKit(email: string): Promise<{ kit: FieldKit; savedAt: string } | null> {
  const row = await (await db()).get('kit', email);
  return row ? { kit: row.kit, savedAt: row.savedAt } : null;
}

export async function enqueue(item: OutboxItem): Promise<void> {
  await (await db()).put('outbox', item);
}

export async function listOutbox(email: string): Promise<OutboxItem[]> {
  return (await (await db()).getAll('outbox')).filter((i) => i.userEmail === email).sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

export async function discard(key: string): Promise<void> {
  await (await db()).delete('outbox', key);
}

export interface SyncReport {
  sent: Array<Submission & { key: string }>;
  refused: OutboxItem[];
  offline: boolean;
}

let syncing: Promise<SyncReport> | null = null;

/** Sends every waiting form of this person, oldest first. One run at a time. */
export function syncOutbox(email: string): Promise<SyncReport> {
  syncing ??= (async () => {
    const report: SyncReport = { sent: [], refused: [], offline: false };
    try {
      for (const item of await listOutbox(email)) {
        if (item.state !== 'waiting') continue;
        try {
          const res = await api.post<Submission>(item.path, { ...item.body, idempotencyKey: item.key });
          await discard(item.key);
          report.sent.push({ ...res, key: item.key });
        } catch (err) {
          if (err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 401)) {
            report.offline = err.status === 0;
            break;
          }
          const refused = { ...item, state: 'refused' as const, message: err instanceof Error ? err.message : String(err) };
          await enqueue(refused);
          report.refused.push(refused);
        }
      }
    } finally {
      syncing = null;
    }
    return report;
  })();
  return syncing;
}

/** The device's saved forms, sent when the connection returns (and every 30 seconds while the page is open). */
export function useOutbox(email: string) {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [lastReport, setLastReport] = useState<SyncReport | null>(null);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const refresh = useCallback(async () => setItems(await listOutbox(email)), [email]);
  const sync = useCallback(async () => {
    const r = await syncOutbox(email);
    if (r.sent.length || r.refused.length) setLastReport(r);
    await refresh();
    return r;
  }, [email, refresh]);
  useEffect(() => {
    void refresh().then(() => (navigator.onLine ? sync() : undefined));
    const up = () => {
      setOnline(true);
      void sync();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = window.setInterval(() => {
      if (navigator.onLine) void sync();
    }, 30_000);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [refresh, sync]);
  return { items, online, sync, refresh, lastReport };
}

/** Installs the service worker that lets the visit form open without a connection (secure origins only). */
export function registerVisitWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  void navigator.serviceWorker.register('/visit-sw.js').catch(() => undefined);
}
