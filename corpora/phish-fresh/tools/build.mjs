#!/usr/bin/env node
// Rebuilds corpora/phish-fresh/{dev,heldout}/{phish,ham}/*.eml, MANIFEST.tsv, COUNTS.tsv and
// REJECTED.tsv from tools/selection.tsv and tools/halves.tsv (the split, pinned before any
// message was scored), with phish-modern's builder. Usage: node build.mjs [mirror-root=/work/.mirror]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.PHISH_CORPUS_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
await import('../../phish-modern/tools/build.mjs');
