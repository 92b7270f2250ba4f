import type { DatabaseHandle } from '../db/database.ts';

export interface DemoContext {
  database: DatabaseHandle;
  districtId: number;
  seed: number;
  /** The demo's current school year, e.g. '2026-2027'. */
  year: string;
  students: number;
  onProgress: (message: string) => void;
}
