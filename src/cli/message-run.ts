/**
 * The loop `bounce` and `phish` share: every message named by the arguments, read by the one
 * input reader, handed to the command's analyse-and-print step; unreadable inputs are reported
 * by name and counted, skipped ones named, an input with no message at all is an error.
 */

import type { CliIo } from './io.js';
import { warn } from './output.js';
import { type MessageInput, readMessages, requirePaths } from './read-messages.js';

export interface MessageTally {
  messages: number;
  /** Unreadable, empty or oversized inputs. */
  errors: number;
}

export async function forEachMessage(
  command: string,
  paths: readonly string[],
  io: CliIo,
  handle: (message: MessageInput) => Promise<void>,
): Promise<MessageTally> {
  requirePaths(paths);
  const tally: MessageTally = { messages: 0, errors: 0 };
  for await (const item of readMessages(paths, io)) {
    if ('error' in item) {
      tally.errors++;
      await warn(io, command, item.error);
    } else if ('skipped' in item) {
      await warn(io, command, item.skipped);
    } else {
      tally.messages++;
      await handle(item);
    }
  }
  if (tally.messages === 0 && tally.errors === 0) {
    // An empty folder printing nothing and exiting 0 would read as "all clean".
    await warn(io, command, `no message found in ${paths.join(' ')}`);
    tally.errors++;
  }
  return tally;
}
