// Bundles the CLI into dist/bundle with one chunk per command (esbuild code splitting), so a
// command loads a handful of files instead of dozens of modules: start-up is most of a single
// probe's wall time (issue 3 benchmark). npm packages stay external, loaded from node_modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  packages: 'external',
  logLevel: 'warning',
});
