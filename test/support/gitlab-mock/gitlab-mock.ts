/**
 * A local GitLab for tests: a loopback HTTP server answering the REST API under `/api/v4`,
 * validating every request against GitLab's official OpenAPI description, or the REST
 * documentation for the operations it leaves out (see official-description.ts, routes.ts and
 * dispatch.ts), with an in-memory world and per-test scripted responses.
 *
 * @example
 * const mock = await startGitLabMock();
 * mock.createRepo({ owner: 'group', name: 'app' });
 * const forge = createGitLabForge({ url: mock.url, token: mock.token });
 * …
 * expect(mock.violations()).toEqual([]);
 * await mock.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommitState, ForgePermission, RepoRef } from '../../../src/engine/ports/forge.ts';
import type { ForgeMock, MockPullRequest, MockReview, MockStatus } from '../../../src/integrations/forge-conformance/forge-mock.ts';
import { dispatch, type DispatchContext, type RecordedRequest, type ScriptedHandler } from './dispatch.ts';
import { MockWorld, type MockFileDiff, type StatusState, type ThreadState } from './mock-world.ts';

/** Options of `startGitLabMock`. */
export interface GitLabMockOptions {
  /** The token the mock accepts, and its owner's username. */
  token?: string;
  username?: string;
}

const levels: Record<ForgePermission, number> = { admin: 50, write: 30, read: 20, none: 0 };
const neutral: Record<StatusState['status'], CommitState> = { pending: 'pending', running: 'pending', success: 'success', failed: 'failure', canceled: 'error', skipped: 'success' };
const draftPrefix = /^\s*(\[draft\]|\(draft\)|draft:|draft\s*-)\s*/i;

/** The GitLab mock: the forge-neutral controls plus GitLab-only ones. */
export class GitLabMock implements ForgeMock {
  /** The instance root to give the client (the API is under `/api/v4`). */
  readonly url: string;
  readonly token: string;
  readonly world = new MockWorld();
  private readonly ctx: DispatchContext;
  private readonly server: Server;

  constructor(server: Server, origin: string, options: GitLabMockOptions) {
    this.server = server;
    this.url = origin;
    this.token = options.token ?? 'glpat-mockPersonalToken0000000000';
    this.ctx = { world: this.world, tokens: new Map([[this.token, options.username ?? 'autodevops-bot']]), expired: false, webUrl: origin, scripts: new Map(), rateLimits: [], violations: [], requests: [], rateLimited: 0 };
  }

  /** Handles one HTTP request (wired by `startGitLabMock`). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '/';
    const response = url.startsWith('/api/v4/')
      ? await dispatch(this.ctx, { method: req.method ?? 'GET', url: url.slice('/api/v4'.length), headers: req.headers, body: Buffer.concat(chunks) })
      : { status: 404, text: 'Not Found' };
    if (!url.startsWith('/api/v4/')) this.ctx.violations.push(`${req.method} ${url}: outside /api/v4`);
    const text = response.text ?? JSON.stringify(response.body ?? null);
    res.writeHead(response.status, { 'content-type': response.text === undefined ? 'application/json' : 'text/plain', ...response.headers });
    res.end(text);
  }

  /** Answers a route (see routes.ts for names) with `handler` from now on. */
  script(route: string, handler: ScriptedHandler): void {
    this.ctx.scripts.set(route, handler);
  }

  /** Every request received so far. */
  requests(): RecordedRequest[] {
    return [...this.ctx.requests];
  }

  /** Accepts another token, belonging to `username`. */
  addToken(token: string, username: string): void {
    this.ctx.tokens.set(token, username);
  }

  /** Sets the diff `GET …/diffs` returns for a merge request; threads must then be placed on lines it shows. */
  setDiff(repo: RepoRef, iid: number, files: MockFileDiff[]): void {
    this.mustMergeRequest(repo, iid).diffs = files;
  }

  /** The threads of a merge request as received (positions included). */
  threads(repo: RepoRef, iid: number): ThreadState[] {
    return structuredClone(this.mustMergeRequest(repo, iid).threads);
  }

  /** Notes made through the merge request's `/notes` endpoint. */
  mergeRequestNotes(repo: RepoRef, iid: number): string[] {
    return this.mustMergeRequest(repo, iid).notes.map((n) => n.body);
  }

  private mustMergeRequest(repo: RepoRef, iid: number) {
    const mr = this.world.mustProject(repo).mergeRequests.get(iid);
    if (!mr) throw new Error(`the mock has no merge request !${iid}`);
    return mr;
  }

  createRepo(repo: RepoRef, options: { branches?: string[] } = {}): void {
    this.world.createProject(repo, options.branches);
  }

  protectBranch(repo: RepoRef, branch: string): void {
    this.world.mustProject(repo).protectedBranches.add(branch);
  }

  createIssue(repo: RepoRef, issue: { title: string; body: string; author: string; labels?: string[] }): number {
    return this.world.addIssue(this.world.mustProject(repo), { title: issue.title, description: issue.body === '' ? null : issue.body, labels: [...(issue.labels ?? [])], author: issue.author }).iid;
  }

  createPullRequest(repo: RepoRef, pr: { head: string; base: string; title: string; body: string }): number {
    const project = this.world.mustProject(repo);
    project.branches.add(pr.head);
    return this.world.addMergeRequest(project, { sourceBranch: pr.head, targetBranch: pr.base, title: pr.title, description: pr.body, author: repo.owner }).iid;
  }

  setPermission(repo: RepoRef, user: string, permission: ForgePermission): void {
    const members = this.world.mustProject(repo).members;
    if (permission === 'none') members.delete(user);
    else members.set(user, levels[permission]);
  }

  pullRequests(repo: RepoRef): MockPullRequest[] {
    return [...this.world.mustProject(repo).mergeRequests.values()].map((mr) => ({
      number: mr.iid, head: mr.sourceBranch, base: mr.targetBranch, title: mr.title.replace(draftPrefix, ''), body: mr.description, draft: draftPrefix.test(mr.title), state: mr.state === 'opened' ? 'open' : 'closed',
    }));
  }

  /** Notes of the issue with this iid, else of the merge request with it (GitLab numbers them apart). */
  comments(repo: RepoRef, number: number): string[] {
    const project = this.world.mustProject(repo);
    return (project.issues.get(number) ?? project.mergeRequests.get(number))?.notes.map((n) => n.body) ?? [];
  }

  /** GitLab has no review object: a review is an overview thread and the line threads after it on one commit, or line threads alone. */
  reviews(repo: RepoRef, number: number): MockReview[] {
    const reviews: MockReview[] = [];
    for (const thread of this.world.mustProject(repo).mergeRequests.get(number)?.threads ?? []) {
      const current = reviews.at(-1);
      if (!thread.position) reviews.push({ commitSha: '', body: thread.body, comments: [] });
      else if (current && (current.commitSha === '' || current.commitSha === thread.position['head_sha'])) addComment(current, thread);
      else reviews.push(addComment({ commitSha: '', body: '', comments: [] }, thread));
    }
    return reviews;
  }

  statuses(repo: RepoRef, sha: string): MockStatus[] {
    const latest = new Map<string, MockStatus>();
    for (const s of this.world.mustProject(repo).statuses.filter((x) => x.sha === sha)) {
      latest.set(s.name, { context: s.name, state: neutral[s.status], description: s.description, targetUrl: s.targetUrl });
    }
    return [...latest.values()];
  }

  labels(repo: RepoRef, number: number): string[] {
    return [...(this.world.mustProject(repo).issues.get(number)?.labels ?? [])];
  }

  expireCredentials(): void {
    this.ctx.expired = true;
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

function addComment(review: MockReview, thread: ThreadState): MockReview {
  const p = thread.position!;
  review.commitSha = p['head_sha'] ?? '';
  const side = p['new_line'] === undefined ? 'LEFT' : 'RIGHT';
  review.comments.push({ path: p['new_path'] ?? '', line: Number(p['new_line'] ?? p['old_line']), body: thread.body, side });
  return review;
}

/** Starts a mock on a free loopback port. */
export async function startGitLabMock(options: GitLabMockOptions = {}): Promise<GitLabMock> {
  const ready: { mock?: GitLabMock } = {};
  const server = createServer((req, res) => {
    ready.mock!.handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ready.mock = new GitLabMock(server, `http://127.0.0.1:${port}`, options);
  return ready.mock;
}
