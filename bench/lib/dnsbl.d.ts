// Types for the npm package `dnsbl` 4.x (a devDependency measured as a peer; it ships none).
declare module 'dnsbl' {
  export interface BatchOptions {
    servers?: string | string[];
    timeout?: number;
    concurrency?: number;
    includeTxt?: boolean;
  }
  export function batch(
    addrs: string | string[],
    lists: string | string[],
    opts?: BatchOptions,
  ): Promise<{ address: string; blacklist: string; listed: boolean }[]>;
  export function lookup(addr: string, blacklist: string, opts?: BatchOptions): Promise<boolean>;
}
