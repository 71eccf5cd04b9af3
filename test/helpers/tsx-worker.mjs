// Runs a TypeScript worker script under tsx: a worker thread does not inherit the parent's
// `--import tsx` hooks, so tests that start workers from the sources start this file instead,
// with the real script's URL in workerData.tsxScript.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsxScript);
