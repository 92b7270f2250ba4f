/**
 * The measures capability's connections, made at start-up for the web server and the command line:
 * the built-in measures, and fresh figures after every import (or calendar change).
 */
import { onImportApplied } from '../imports/hooks.ts';
import './builtins.ts';
import { refreshAfterImport } from './refresh.ts';

onImportApplied(refreshAfterImport);
