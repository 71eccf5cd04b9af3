/**
 * A worker thread of `phish` over many messages (src/cli/phish-pool.ts): analyses one message per
 * request and answers with the rendered text or JSON line, so only strings cross back.
 */
import { parentPort } from 'node:worker_threads';
import { analyzePhish, renderText, toJson } from '../phish/index.js';
import type { PhishTask, PhishTaskResult } from './phish-pool.js';

const port = parentPort;
if (port) {
  port.on('message', async (task: PhishTask) => {
    let answer: PhishTaskResult;
    try {
      const report = await analyzePhish(task.bytes);
      const out = task.json
        ? `${JSON.stringify(toJson(task.name, report))}\n`
        : renderText(task.name, report);
      answer = { id: task.id, out, flagged: report.verdict !== 'clean' };
    } catch (error) {
      answer = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
