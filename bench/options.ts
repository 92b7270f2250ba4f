/** The options every benchmark takes (see each script's header), read with Node's own parseArgs. */
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  students: number;
  seed: number;
  only: 'sqlite' | 'postgres' | undefined;
  pgAdmin: string;
  fresh: boolean;
  year: string;
  /** Generated files and kept databases: bench/out/<name>/. */
  out: string;
  /** The generated district's folder. */
  data: string;
  /** Options of this benchmark alone. */
  extra: Record<string, string | boolean | undefined>;
}

export function benchOptions(name: string, extra: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = {}): BenchOptions {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
      only: { type: 'string' },
      pg: { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      fresh: { type: 'boolean', default: false },
      ...extra,
    },
  });
  const only = values.only as string | undefined;
  if (only !== undefined && only !== 'sqlite' && only !== 'postgres') throw new Error(`--only takes sqlite or postgres, not "${only}"`);
  const students = Number(values.students);
  const seed = Number(values.seed);
  const out = path.resolve('bench', 'out', name);
  return {
    students,
    seed,
    only,
    pgAdmin: values.pg as string,
    fresh: values.fresh as boolean,
    year: '2024-2025',
    out,
    data: path.join(out, `district-${students}-${seed}`),
    extra: values as Record<string, string | boolean | undefined>,
  };
}

/** A number as the figures print it: 8,489,517. */
export const n = (x: number) => Math.round(x).toLocaleString('en-US');
