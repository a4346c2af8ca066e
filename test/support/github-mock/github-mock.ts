/**
 * A local GitHub for tests: a loopback HTTP server that answers the REST API as GitHub's official
 * OpenAPI description says, validating every request against it (see mock-dispatch.ts), with an
 * in-memory repository world and per-test scripted responses.
 *
 * @example
 * const mock = await startGitHubMock();
 * mock.createRepo({ owner: 'octo', name: 'app' });
 * const forge = createGitHubForge({ baseUrl: mock.url, auth: { token: mock.token } });
 * …
 * expect(mock.violations()).toEqual([]);
 * await mock.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ForgePermission, RepoRef } from '../../../src/engine/ports/forge.ts';
import type { ForgeMock, MockPullRequest, MockReview, MockStatus } from '../../../src/integrations/forge-conformance/forge-mock.ts';
import { MockAuth, type MockApp } from './mock-auth.ts';
import { dispatch, quotaHeaders, type DispatchContext, type RecordedRequest, type ScriptedHandler } from './mock-dispatch.ts';
import { MockState, type CheckRunState } from './mock-state.ts';

/** Options of `startGitHubMock`. */
export interface GitHubMockOptions {
  /** Serve the API under this path, as GitHub Enterprise Server does (`/api/v3`). */
  prefix?: string;
  /** The personal token the mock accepts, and its owner's login. */
  token?: string;
  login?: string;
}

/** The GitHub mock: the forge-neutral controls plus GitHub-only ones. */
export class GitHubMock implements ForgeMock {
  /** The API base URL to give Octokit. */
  readonly url: string;
  readonly token: string;
  readonly auth = new MockAuth();
  readonly state = new MockState();
  private readonly ctx: DispatchContext;
  private readonly server: Server;

  constructor(server: Server, origin: string, options: GitHubMockOptions) {
    this.server = server;
    this.url = origin + (options.prefix ?? '');
    this.token = options.token ?? 'ghp_mockPersonalToken0000000000000000000';
    this.auth.addToken(this.token, options.login ?? 'autodevops-bot');
    this.ctx = { state: this.state, auth: this.auth, webUrl: origin, scripts: new Map(), rateLimits: [], violations: [], requests: [], rateLimited: 0 };
  }

  /** Handles one HTTP request (wired by `startGitHubMock`). */
  async handle(req: IncomingMessage, res: ServerResponse, prefix: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = (req.url ?? '/').startsWith(prefix) ? (req.url ?? '/').slice(prefix.length) || '/' : '/__outside_prefix__';
    const response = dispatch(this.ctx, { method: req.method ?? 'GET', url, authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') });
    const text = response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', 'x-github-request-id': `MOCK:${this.ctx.requests.length}`, ...quotaHeaders(), ...response.headers });
    res.end(text);
  }

  /** Answers an operation with `handler` from now on (it may return undefined to use the default). */
  script(operationId: string, handler: ScriptedHandler): void {
    this.ctx.scripts.set(operationId, handler);
  }

  /** Registers a GitHub App whose JWTs the mock accepts. */
  registerApp(app: MockApp): void {
    this.auth.addApp(app);
  }

  /** The next `requests` requests hit a secondary rate limit asking to wait `retryAfterSeconds`. */
  secondaryRateLimit(options: { requests: number; retryAfterSeconds: number }): void {
    this.ctx.rateLimits.push({ requests: options.requests, resetAt: new Date(Date.now() + options.retryAfterSeconds * 1000), retryAfterSeconds: options.retryAfterSeconds });
  }

  /** Every request received so far. */
  requests(): RecordedRequest[] {
    return [...this.ctx.requests];
  }

  createRepo(repo: RepoRef, options: { branches?: string[] } = {}): void {
    this.state.createRepo(repo, options.branches);
  }

  protectBranch(repo: RepoRef, branch: string): void {
    this.state.mustRepo(repo).protectedBranches.add(branch);
  }

  createIssue(repo: RepoRef, issue: { title: string; body: string; author: string; labels?: string[] }): number {
    return this.state.addIssue(this.state.mustRepo(repo), { ...issue, labels: [...(issue.labels ?? [])] }).number;
  }

  createPullRequest(repo: RepoRef, pr: { head: string; base: string; title: string; body: string }): number {
    const state = this.state.mustRepo(repo);
    state.branches.add(pr.head);
    return this.state.addIssue(state, { title: pr.title, body: pr.body, author: repo.owner, labels: [], pull: { head: pr.head, base: pr.base, draft: false, reviews: [] } }).number;
  }

  setPermission(repo: RepoRef, user: string, permission: ForgePermission): void {
    this.state.mustRepo(repo).permissions.set(user, permission);
  }

  pullRequests(repo: RepoRef): MockPullRequest[] {
    return [...this.state.mustRepo(repo).issues.values()].flatMap((i) => (i.pull ? [{ number: i.number, head: i.pull.head, base: i.pull.base, title: i.title, body: i.body, draft: i.pull.draft, state: i.state }] : []));
  }

  comments(repo: RepoRef, number: number): string[] {
    return this.state.mustRepo(repo).issues.get(number)?.comments.map((c) => c.body) ?? [];
  }

  reviews(repo: RepoRef, number: number): MockReview[] {
    return structuredClone(this.state.mustRepo(repo).issues.get(number)?.pull?.reviews ?? []);
  }

  statuses(repo: RepoRef, sha: string): MockStatus[] {
    const state = this.state.mustRepo(repo);
    const latest = new Map<string, MockStatus>();
    for (const s of state.statuses.get(sha) ?? []) latest.set(s.context, { context: s.context, state: s.state, description: s.description, targetUrl: s.targetUrl });
    for (const run of state.checkRuns.filter((r) => r.headSha === sha)) latest.set(run.name, checkRunStatus(run));
    return [...latest.values()];
  }

  /** The check runs of a commit, as created and updated (GitHub-only view). */
  checkRuns(repo: RepoRef, sha: string): CheckRunState[] {
    return structuredClone(this.state.mustRepo(repo).checkRuns.filter((r) => r.headSha === sha));
  }

  labels(repo: RepoRef, number: number): string[] {
    return [...(this.state.mustRepo(repo).issues.get(number)?.labels ?? [])];
  }

  expireCredentials(): void {
    this.auth.expired = true;
  }

  rateLimit(options: { requests: number; resetAt: Date }): void {
    this.ctx.rateLimits.push({ ...options });
  }

  rateLimitedCount(): number {
    return this.ctx.rateLimited;
  }

  violations(): string[] {
    return [...this.ctx.violations];
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }
}

/** A check run read as a commit status: in progress is pending, a completed run its conclusion. */
function checkRunStatus(run: CheckRunState): MockStatus {
  const state = run.status !== 'completed' ? 'pending' : run.conclusion === 'success' ? 'success' : 'failure';
  return { context: run.name, state, description: run.title, targetUrl: run.detailsUrl };
}

/** Starts a mock on a free loopback port. */
export async function startGitHubMock(options: GitHubMockOptions = {}): Promise<GitHubMock> {
  const ready: { mock?: GitHubMock } = {};
  const server = createServer((req, res) => {
    ready.mock!.handle(req, res, options.prefix ?? '').catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ready.mock = new GitHubMock(server, `http://127.0.0.1:${port}`, options);
  return ready.mock;
}
