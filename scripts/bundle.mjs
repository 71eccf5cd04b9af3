// Bundles the CLI into dist/bundle with one chunk per command (esbuild code splitting), so a
// command loads a handful of files instead of dozens of modules: start-up is most of a single
// probe's wall time (issue 3 benchmark). npm packages stay external, loaded from node_modules.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Pure-JS parsers of the message commands go into their chunks: loaded from node_modules, tldts
// and confusables (CommonJS) cost a cjs-module-lexer pass and every package a resolution on each
// run (issue 13: a third of one `phish` file's wall time). The ESM builds are taken (mainFields).
const INLINE = new Set(['tldts', 'tldts-core', 'confusables', 'parse5', 'entities', 'postal-mime']);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

// Chunk names carry content hashes: clear the old ones so stale chunks do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/entry.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !INLINE.has(name)),
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
