#!/usr/bin/env node
// Checks corpora/phish-fresh as committed, with phish-modern's checker. Usage: node verify.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.PHISH_CORPUS_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
await import('../../phish-modern/tools/verify.mjs');
