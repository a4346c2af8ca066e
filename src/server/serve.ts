/**
 * Listening and shutting down. `close()` ends the open event streams and long polls, stops
 * accepting connections, lets in-flight requests finish, then closes the app (the engine releases
 * the runs it executes, so the next start resumes them) and server.db.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createServerApi, type ServerApiOptions } from './app.ts';
import type { OpenedServerDeps } from './deps.ts';

/** Where and what to serve. */
export interface ServeOptions extends ServerApiOptions {
  deps: OpenedServerDeps;
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
  const { deps } = options;
  const api = createServerApi(deps, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: api.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    deps.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections (also those whose stream just ended) would hold close() open
    // until their keep-alive timeout; in-flight requests still finish.
    const sweep = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 25);
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    await deps.app.close();
    deps.close();
  };
  return { url: `http://${host}:${port}`, port, close: () => (closing ??= close()) };
}
