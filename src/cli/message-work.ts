/**
 * What a message worker does, wherever it runs (a worker thread, message-worker.ts; or a process
 * started from the start-up snapshot, message-process.ts): analyses one message per request
 * (phish), or a whole batch of files it reads itself (bounce, message-batch.ts), and answers with
 * the rendered text or JSON and the facts the command counts, so only strings cross back. Each
 * command's analysis is imported when first asked for: a bounce worker never loads the phishing
 * rules, nor a phish worker the bounce ones.
 */
import type { CatalogEntry } from '../check/index.js';
import type { AnalyseMessage } from './message-batch.js';
import type { BatchTask, BatchTaskResult, MessageTask, MessageTaskResult } from './message-pool.js';

/** What the pool gives each worker when it starts. */
export interface MessageWorkData {
  catalog?: CatalogEntry[];
  /** The command whose analysis to load before the first task. */
  preload?: string;
}

/** A task's answer, and the buffers that may be moved (not copied) with it. */
export interface MessageWorkAnswer {
  result: MessageTaskResult | BatchTaskResult;
  transfer: ArrayBuffer[];
}

export function createMessageWork(
  data: MessageWorkData | null,
): (task: MessageTask | BatchTask) => Promise<MessageWorkAnswer> {
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
      const out = task.json
        ? `${JSON.stringify(toJson(task.name, report))}\n`
        : renderText(task.name, report);
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
    if (task.command !== 'bounce')
      return { id: task.batch.id, error: `no batch analysis for ${task.command}` };
    const [{ runBatch }, { analyseBounceMessage }] = await Promise.all([
      import('./message-batch.js'),
      import('./bounce-outcome.js'),
    ]);
    batchAnalyse ??= analyseBounceMessage(bounceOptions, task.options.json, task.options.colour);
    return runBatch(task.batch, batchAnalyse);
  }

  return async (task) => {
    const id = task.kind === 'batch' ? task.batch.id : task.id;
    try {
      if (task.kind !== 'batch') return { result: await answer(task), transfer: [] };
      const result = await answerBatch(task);
      if ('error' in result) return { result, transfer: [] };
      // A batch's output goes back as UTF-8 bytes, moved: the main thread only writes them.
      const { encodeResult } = await import('./message-batch.js');
      return encodeResult(result);
    } catch (error) {
      return { result: { id, error: error instanceof Error ? error.message : String(error) }, transfer: [] };
    }
  };
}
