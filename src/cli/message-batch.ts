/**
 * A batch of messages for `bounce` over a folder, and how one thread runs it: read each file
 * (synchronously: the thread has nothing else to do), split mboxes, analyse every message, and
 * give back the output of the whole batch as one string per run of messages, with the errors in
 * their places and the counts the command needs. The main thread and the message workers run
 * batches with this same function, so their output is the same byte for byte.
 */
import type { MessageOutcome } from './message-pool.js';
import { type MessageSourceItem, readFileMessages } from './read-messages.js';

/** A file to read, or a message already read (standard input, an mbox named as an argument). */
export type BatchInput = { file: string } | { name: string; bytes: Uint8Array };

export interface MessageBatch {
  id: number;
  inputs: BatchInput[];
}

/**
 * Output text (as a worker sends it: UTF-8 bytes, encoded off the main thread), or an error or
 * skip message for stderr, in input order.
 */
export type BatchSegment = { out: string } | { bytes: Uint8Array } | { error: string } | { skipped: string };

export interface BatchCounts {
  messages: number;
  /** Unreadable, empty or oversized inputs. */
  errors: number;
  /** Messages the command flags (bounce: a bounce). */
  flagged: number;
  /** Messages analysed with a warning (bounce: binary or empty input). */
  warnings: number;
  /** Messages with at least one recipient. */
  withRecipients: number;
}

export interface BatchResult extends BatchCounts {
  id: number;
  segments: BatchSegment[];
}

/** One message's analysis and rendering, as the command defines it; must not throw for bad input. */
export type AnalyseMessage = (name: string, bytes: Uint8Array) => MessageOutcome;

export function emptyCounts(): BatchCounts {
  return { messages: 0, errors: 0, flagged: 0, warnings: 0, withRecipients: 0 };
}

export function addCounts(into: BatchCounts, from: BatchCounts): void {
  into.messages += from.messages;
  into.errors += from.errors;
  into.flagged += from.flagged;
  into.warnings += from.warnings;
  into.withRecipients += from.withRecipients;
}

export function runBatch(batch: MessageBatch, analyse: AnalyseMessage): BatchResult {
  const result: BatchResult = { id: batch.id, segments: [], ...emptyCounts() };
  let out = '';
  const add = (item: MessageSourceItem): void => {
    if ('bytes' in item) {
      const outcome = analyse(item.name, item.bytes);
      result.messages++;
      if (outcome.flagged) result.flagged++;
      if (outcome.warning) result.warnings++;
      if (outcome.recipients > 0) result.withRecipients++;
      out += outcome.out;
      return;
    }
    if (out !== '') result.segments.push({ out });
    out = '';
    if ('error' in item) {
      result.errors++;
      result.segments.push({ error: item.error });
    } else result.segments.push({ skipped: item.skipped });
  };
  for (const input of batch.inputs) {
    if ('file' in input) for (const item of readFileMessages(input.file)) add(item);
    else add(input);
  }
  if (out !== '') result.segments.push({ out });
  return result;
}

/** The result with its text encoded as UTF-8, and the buffers to move with it to another thread. */
export function encodeResult(result: BatchResult): { result: BatchResult; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const segments = result.segments.map((segment): BatchSegment => {
    if (!('out' in segment)) return segment;
    // Its own buffer (not the shared pool), so that it can be moved rather than copied.
    const bytes = new Uint8Array(Buffer.byteLength(segment.out));
    Buffer.from(bytes.buffer).write(segment.out);
    transfer.push(bytes.buffer);
    return { bytes };
  });
  return { result: { ...result, segments }, transfer };
}
