/**
 * A worker thread of `phish` and `bounce` over many messages (src/cli/message-pool.ts): analyses
 * one message per request (phish), or a whole batch of files it reads itself (bounce,
 * message-batch.ts), and answers with the rendered text or JSON and the facts the command
 * counts, so only strings cross back. Each command's analysis is imported when first asked for:
 * a bounce worker never loads the phishing rules, nor a phish worker the bounce ones.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { CatalogEntry } from '../check/index.js';
import type { AnalyseMessage } from './message-batch.js';
import type { BatchTask, BatchTaskResult, MessageTask, MessageTaskResult } from './message-pool.js';

const data = workerData as { catalog?: CatalogEntry[]; preload?: string } | null;
const catalog = data?.catalog;
const bounceOptions = catalog ? { catalog } : {};

// A batch worker is started before the main thread has a batch to give: it spends the wait
// loading the bounce analysis and building its tables (the catalog, the list names), which
// an empty input is enough to set off.
if (data?.preload === 'bounce')
  void Promise.all([import('./message-batch.js'), import('../bounce/index.js')]).then(
    ([, { analyzeBounce }]) => analyzeBounce(new Uint8Array(0), bounceOptions),
    // A failure here shows again, and is answered, when the first batch needs the same code.
    () => {},
  );

/** phish's analysis, imported once: an import() per message went through the loader each time. */
let phishModule: Promise<typeof import('../phish/index.js')> | null = null;

async function answer(task: MessageTask): Promise<MessageTaskResult> {
  if (task.command === 'phish') {
    phishModule ??= import('../phish/index.js');
    const { analyzePhish, renderText, toJson } = await phishModule;
    const report = await analyzePhish(task.bytes);
    const out = task.json ? `${JSON.stringify(toJson(task.name, report))}\n` : renderText(task.name, report);
    return { id: task.id, out, flagged: report.verdict !== 'clean', warning: false, recipients: 0 };
  }
  const { analyzeBounce } = await import('../bounce/index.js');
  const { bounceOutcome } = await import('./bounce-outcome.js');
  return {
    id: task.id,
    ...bounceOutcome(task.name, analyzeBounce(task.bytes, bounceOptions), task.json, false),
  };
}

let batchAnalyse: AnalyseMessage | null = null;

async function answerBatch(task: BatchTask): Promise<BatchTaskResult> {
  if (task.command !== 'bounce') return { id: task.batch.id, error: `no batch analysis for ${task.command}` };
  const [{ runBatch }, { analyseBounceMessage }] = await Promise.all([
    import('./message-batch.js'),
    import('./bounce-outcome.js'),
  ]);
  batchAnalyse ??= analyseBounceMessage(bounceOptions, task.options.json, task.options.colour);
  return runBatch(task.batch, batchAnalyse);
}

/** Sends a batch's result with its output as UTF-8 bytes, moved: the main thread only writes them. */
async function postBatch(port: MessagePort, result: BatchTaskResult): Promise<void> {
  if ('error' in result) return port.postMessage(result);
  const { encodeResult } = await import('./message-batch.js');
  const encoded = encodeResult(result);
  port.postMessage(encoded.result, encoded.transfer);
}

const port = parentPort;
if (port) {
  port.on('message', async (task: MessageTask | BatchTask) => {
    let result: MessageTaskResult | BatchTaskResult;
    const id = task.kind === 'batch' ? task.batch.id : task.id;
    try {
      result = task.kind === 'batch' ? await answerBatch(task) : await answer(task);
    } catch (error) {
      result = { id, error: error instanceof Error ? error.message : String(error) };
    }
    if (task.kind === 'batch') await postBatch(port, result as BatchTaskResult);
    else port.postMessage(result);
  });
}
