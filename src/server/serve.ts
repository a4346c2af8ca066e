/**
 * Listening and shutting down. `close()` stops accepting connections, ends the open event streams,
 * then closes the app: the engine releases the runs it executes, so the next start resumes them.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createServerApi } from './app.ts';
import type { ServerApp } from './server-app.ts';
import type { TokenStore } from './token-store.ts';

/** Where and what to serve. */
export interface ServeOptions {
  app: ServerApp;
  tokens: TokenStore;
  cwd: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  /** Graceful shutdown; safe to call more than once. */
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  let stop!: () => void;
  const stopping = new Promise<void>((resolve) => (stop = resolve));
  const api = createServerApi({ app: options.app, tokens: options.tokens, cwd: options.cwd, stopping });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: api.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections would hold close() open; in-flight requests still finish.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closed;
    await options.app.close();
    options.tokens.close();
  };
  return { url: `http://${host}:${port}`, port, close: () => (closing ??= close()) };
}
