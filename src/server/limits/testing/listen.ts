/** A Hono app on a real loopback socket, for the limits' tests. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

/** A listening app: its base URL, port and a close. */
export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1, on a free port. */
export async function listen(app: Hono): Promise<Listening> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
