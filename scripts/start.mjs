#!/usr/bin/env node
// `npm start`: installs dependencies if needed, builds the web app if its sources changed, then runs
// `village serve --demo` (the embedded SQLite database under ./data, with the demo district).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const marker = path.join('node_modules', '.package-lock.json');
if (!existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs) {
  console.log('Installing dependencies (first start only)…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}

const built = path.join('web', 'dist', 'index.html');
const sourcesChanged = !existsSync(built) || Math.max(newest(path.join('web', 'src')), statSync(path.join('web', 'index.html')).mtimeMs) > statSync(built).mtimeMs;
if (sourcesChanged) {
  console.log('Building the web app…');
  run(process.execPath, [path.join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
}

const child = spawn(process.execPath, [path.join('bin', 'village.js'), 'serve', '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
