/**
 * A forge's git remote for tests: real bare repositories served over smart HTTP by git's own
 * `git http-backend` (CGI) on a loopback port. Reading is anonymous, as for a public repository;
 * pushing needs HTTP Basic authentication with the forge's token (`x-access-token:<token>` for
 * GitHub, `oauth2:<token>` for GitLab), as the forges ask, and is refused with 401 otherwise. Every
 * request is recorded, with whether it carried the token, so a test can prove a push used it.
 *
 * @example
 * const git = await startGitHttpServer({ token, user: 'x-access-token' });
 * const remote = git.createRepo('octo-org/calc', workdir); // http://127.0.0.1:<port>/octo-org/calc.git
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** One request the server answered. */
export interface GitRequest {
  method: string;
  /** The path and query. */
  url: string;
  /** True when it carried the expected token; false when it carried other credentials; undefined without any. */
  withToken?: boolean;
  status: number;
}

/** The running server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The directory holding the bare repositories (`<owner>/<name>.git`). */
  root: string;
  requests: GitRequest[];
  /** Creates `<fullName>.git` with the branches of the repository at `from`; returns its clone URL. */
  createRepo(fullName: string, from: string): string;
  /** The bare repository of `fullName`. */
  dirOf(fullName: string): string;
  close(): Promise<void>;
}

/** Options of `startGitHttpServer`. */
export interface GitHttpServerOptions {
  token: string;
  /** The user name the forge expects next to the token. */
  user: 'x-access-token' | 'oauth2';
  /** Called after every successful push with the repository's full name and its branches (a forge learns of them so). */
  onPush?(fullName: string, branches: string[]): void;
}

/** Starts the server on a free loopback port. */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'ado-forge-git-'));
  const requests: GitRequest[] = [];
  const expected = `Basic ${Buffer.from(`${options.user}:${options.token}`).toString('base64')}`;
  const server = createServer((req, res) => {
    const authorization = req.headers.authorization;
    const withToken = authorization === undefined ? undefined : authorization === expected;
    const record = (status: number): void => void requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', ...(withToken !== undefined && { withToken }), status });
    const pushing = (req.url ?? '').includes('git-receive-pack');
    if (withToken === false || (pushing && withToken !== true)) {
      record(401);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="forge"' }).end('authentication required\n');
      return;
    }
    backend(root, req, res, pushing ? options.user : undefined).then((status) => {
      record(status);
      const repo = /^\/(.+)\.git\/git-receive-pack$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
      if (repo && status === 200) options.onPush?.(repo, branchesOf(path.join(root, `${repo}.git`)));
    }, (error: unknown) => {
      record(500);
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dirOf = (fullName: string): string => path.join(root, `${fullName}.git`);
  return {
    url, root, requests, dirOf,
    createRepo(fullName, from) {
      execFileSync('git', ['init', '-q', '--bare', '-b', 'main', dirOf(fullName)]);
      execFileSync('git', ['push', '-q', dirOf(fullName), 'refs/heads/*:refs/heads/*'], { cwd: from });
      return `${url}/${fullName}.git`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function branchesOf(bare: string): string[] {
  return execFileSync('git', ['for-each-ref', '--format=%(refname:short)', 'refs/heads'], { cwd: bare, encoding: 'utf8' }).split('\n').filter((b) => b !== '');
}

/** Runs `git http-backend` for one request, streaming the body in and the CGI answer out; resolves with the status. */
function backend(root: string, req: IncomingMessage, res: ServerResponse, remoteUser: string | undefined): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://x');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: decodeURIComponent(url.pathname),
    REQUEST_METHOD: req.method ?? 'GET', QUERY_STRING: url.search.slice(1), CONTENT_TYPE: req.headers['content-type'] ?? '', REMOTE_ADDR: '127.0.0.1',
    ...(req.headers['content-length'] !== undefined && { CONTENT_LENGTH: req.headers['content-length'] }),
    ...(req.headers['content-encoding'] !== undefined && { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] }),
    ...(req.headers['git-protocol'] !== undefined && { GIT_PROTOCOL: req.headers['git-protocol'] as string }),
    // http-backend allows receive-pack only for an authenticated user.
    ...(remoteUser !== undefined && { REMOTE_USER: remoteUser }),
  };
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  req.pipe(child.stdin);
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let status = 200;
    child.stdout.on('data', (chunk: Buffer) => {
      if (res.headersSent) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        if (name === 'status') status = Number.parseInt(line.slice(colon + 1), 10);
        else headers[name] = line.slice(colon + 1).trim();
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!res.headersSent) res.writeHead(code === 0 ? 200 : 500);
      res.end();
      resolve(code === 0 ? status : 500);
    });
  });
}
