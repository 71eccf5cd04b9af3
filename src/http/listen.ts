import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import ipaddr from 'ipaddr.js';
import { MxError } from '../core/errors.js';
import { parseIp } from '../core/ip.js';
import type { AppEnv } from './context.js';

export const DEFAULT_LISTEN = '127.0.0.1:8025';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `--listen HOST:PORT` (`[::1]:8025` for IPv6); the host must be an IP address. */
export function parseListen(text: string): ListenAddress {
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:]+):(\d{1,5})$/.exec(text);
  if (!match)
    throw new MxError('usage', `--listen ${text}: give HOST:PORT, e.g. ${DEFAULT_LISTEN} or [::1]:8025`);
  const ip = parseIp(match[1]!);
  if (!ip) throw new MxError('usage', `--listen ${text}: the host must be an IP address`);
  const port = Number(match[2]);
  if (port > 65535) throw new MxError('usage', `--listen ${text}: the port must be 0-65535`);
  return { host: ip.text, port };
}

export function isLoopback(host: string): boolean {
  return ipaddr.parse(host).range() === 'loopback';
}

export interface RunningServer {
  url: string;
  address: ListenAddress;
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens (port 0 picks a free port). */
export function listen(app: Hono<AppEnv>, at: ListenAddress): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: at.host, port: at.port }, (info: AddressInfo) => {
      const address = { host: at.host, port: info.port };
      const shown = at.host.includes(':') ? `[${at.host}]` : at.host;
      resolve({
        url: `http://${shown}:${info.port}/`,
        address,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections (a browser tab) would hold close() open: end the idle ones.
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }),
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new MxError(
          'io',
          `--listen ${at.host}:${at.port}: ${error.code === 'EADDRINUSE' ? 'address in use' : error.message}`,
        ),
      ),
    );
  });
}
