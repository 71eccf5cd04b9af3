/**
 * A worker thread of `phish` and `bounce` over many messages (src/cli/message-pool.ts): analyses
 * one message per request and answers with the rendered text or JSON line and the few facts the
 * command counts, so only strings cross back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBounce, renderText as renderBounceText } from '../bounce/index.js';
import type { CatalogEntry } from '../check/index.js';
import { analyzePhish, renderText as renderPhishText, toJson } from '../phish/index.js';
import type { MessageTask, MessageTaskResult } from './message-pool.js';

const catalog = (workerData as { catalog?: CatalogEntry[] } | null)?.catalog;
const bounceOptions = catalog ? { catalog } : {};

async function answer(task: MessageTask): Promise<MessageTaskResult> {
  if (task.command === 'phish') {
    const report = await analyzePhish(task.bytes);
    const out = task.json
      ? `${JSON.stringify(toJson(task.name, report))}\n`
      : renderPhishText(task.name, report);
    return { id: task.id, out, flagged: report.verdict !== 'clean', warning: false, recipients: 0 };
  }
  const report = analyzeBounce(task.bytes, bounceOptions);
  const out = task.json
    ? `${JSON.stringify({ file: task.name, ...report })}\n`
    : renderBounceText(task.name, report);
  return {
    id: task.id,
    out,
    flagged: report.isBounce,
    warning: report.warning !== null,
    recipients: report.recipients.length,
  };
}

const port = parentPort;
if (port) {
  port.on('message', async (task: MessageTask) => {
    let result: MessageTaskResult;
    try {
      result = await answer(task);
    } catch (error) {
      result = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(result);
  });
}
