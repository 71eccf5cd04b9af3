// Bundles the CLI into dist/bundle with one chunk per command (esbuild code splitting), so a
// command loads a handful of files instead of dozens of modules: start-up is most of a single
// probe's wall time (issue 3 benchmark). npm packages stay external, loaded from node_modules.
import { build } from 'esbuild';

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
