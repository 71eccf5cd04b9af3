// Removes the previous build's leftovers so that nothing stale ships (the tarball takes dist/
// whole): the tsc tree of older builds and the types. dist/bundle is cleared by bundle.mjs itself,
// just before it writes the new one, so a CLI run meanwhile finds a bundle as long as possible.
import { readdirSync, rmSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
let entries = [];
try {
  entries = readdirSync(dist);
} catch {
  // No dist/ yet: nothing to clean.
}
for (const name of entries)
  if (name !== 'bundle') rmSync(new URL(name, dist), { recursive: true, force: true });
