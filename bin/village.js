#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step needed after `npm ci`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
