/**
 * A loopback git server over HTTP for tests: git's own `git http-backend` CGI behind node:http,
 * with Basic authentication that accepts one user and token, as forges do. It records the
 * authorization every request carried and the URLs asked for, so tests can prove how a token
 * travelled.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running git HTTP server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`; a bare repository `<root>/x.git` is at `<url>/x.git`. */
  url: string;
  /** Each request's path and query, and its decoded Basic credentials (`user:token`) if any. */
  requests: Array<{ url: string; credentials?: string }>;
  close(): Promise<void>;
}

/** Serves the bare repositories under `root`, accepting `user` with `token` (or any token `token` accepts). */
export async function startGitHttpServer(options: { root: string; user: string; token: string | ((token: string) => boolean) }): Promise<GitHttpServer> {
  const accepts = (given: string | undefined): boolean => {
    const [user, ...rest] = (given ?? '').split(':');
    const token = rest.join(':');
    return user === options.user && (typeof options.token === 'string' ? token === options.token : options.token(token));
  };
  const requests: GitHttpServer['requests'] = [];
  const server = createServer((req, res) => {
    const credentials = basicCredentials(req.headers.authorization);
    requests.push({ url: req.url ?? '/', ...(credentials === undefined ? {} : { credentials }) });
    if (!accepts(credentials)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test git"', 'content-type': 'text/plain' }).end('HTTP Basic: Access denied\n');
      return;
    }
    backend(req, res, options.root, options.user);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function basicCredentials(header: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : undefined;
}

/** Runs `git http-backend` as a CGI program for one request. */
function backend(req: IncomingMessage, res: ServerResponse, root: string, user: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', REMOTE_USER: user, REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET', PATH_INFO: decodeURIComponent(url.pathname), QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '', HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '', GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  cgi.on('close', () => {
    const output = Buffer.concat(chunks);
    const split = output.indexOf('\r\n\r\n');
    const head = output.subarray(0, split).toString('utf8').split('\r\n');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head) {
      const [name, ...value] = line.split(':');
      if (name?.toLowerCase() === 'status') status = Number(value.join(':').trim().split(' ')[0]);
      else if (name) headers[name.toLowerCase()] = value.join(':').trim();
    }
    res.writeHead(status, headers).end(output.subarray(split + 4));
  });
}
