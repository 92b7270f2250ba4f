#!/usr/bin/env node
// `npm test`: type-checks, runs the whole suite on SQLite, again on PostgreSQL when
// TEST_DATABASE_URL is set (a fresh database per run), then the browser tests in Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const node = process.execPath;
const vitest = path.join('node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
const started = Date.now();
const results = [];

function step(name, args, env = {}) {
  console.log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  const r = spawnSync(node, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (!ok) {
    console.log('\n' + results.join('\n'));
    process.exit(r.status ?? 1);
  }
}

step('type check', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
step('tests on SQLite', [vitest, 'run', ...extra], { TEST_DATABASE_URL: '' });
const pg = process.env.TEST_DATABASE_URL;
if (pg) step('tests on PostgreSQL', [vitest, 'run', ...extra], { TEST_DATABASE_URL: pg });
else results.push('- tests on PostgreSQL skipped: set TEST_DATABASE_URL=postgres://… to run them');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  step('build the web app', [path.join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  step('browser tests in Chromium', [vitest, 'run', '--config', 'e2e/vitest.config.ts'], { CHROMIUM_PATH: chromium });
} else results.push(`- browser tests skipped: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
console.log('\n' + results.join('\n'));
console.log(`All done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
