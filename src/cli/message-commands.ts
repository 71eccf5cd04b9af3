import type { Command } from './dispatch.js';

/**
 * The message commands, apart from the rest of the table (main.ts) so that the start-up
 * snapshot (snapshot.ts) can hold these two without bundling every other command.
 */
export const MESSAGE_COMMANDS = {
  bounce: {
    summary: 'explain a bounce message: reason, blocklist, how to delist',
    load: () => import('./bounce.js'),
  },
  phish: { summary: 'analyse a suspicious message for phishing', load: () => import('./phish.js') },
} satisfies Record<string, Command>;
