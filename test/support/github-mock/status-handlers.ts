/**
 * Default handlers for commit statuses and check runs. Check runs need a GitHub App installation
 * token, as on GitHub: a personal token gets the same 403 GitHub sends.
 */
import { bodyOf, failure, notFound, repoOf, type Handler, type MockRequest, type MockResponse } from './handler-kit.ts';
import type { CheckRunState, RepoState } from './mock-state.ts';
import type { CommitState } from '../../../src/engine/ports/forge.ts';
import { withSample } from './sample.ts';

const createStatus: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const body = bodyOf(request) as { state: CommitState; target_url?: string | null; description?: string | null; context?: string };
  const sha = request.pathParams['sha'] ?? '';
  const status = { id: request.state.nextId(), state: body.state, context: body.context ?? 'default', description: body.description ?? '', targetUrl: body.target_url ?? '' };
  repo.statuses.set(sha, [...(repo.statuses.get(sha) ?? []), status]);
  return { status: 201, body: withSample('status', { id: status.id, state: status.state, context: status.context, description: status.description, target_url: status.targetUrl }) };
};

function checkRunJson(request: MockRequest, repo: RepoState, run: CheckRunState): Record<string, unknown> {
  return withSample('check-run', {
    id: run.id, name: run.name, head_sha: run.headSha, status: run.status, conclusion: run.conclusion, details_url: run.detailsUrl,
    html_url: `${request.webUrl}/${repo.owner}/${repo.name}/runs/${run.id}`, app: withSample('integration', { id: run.appId }), output: { title: run.title, summary: run.title },
  });
}

/** Check runs belong to the app that created them; other callers are refused as GitHub does. */
function appOnly(request: MockRequest): MockResponse | undefined {
  return request.caller.kind === 'installation' ? undefined : failure(403, 'You must authenticate via a GitHub App.');
}

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  status?: CheckRunState['status'];
  conclusion?: string;
  details_url?: string;
  output?: { title?: string };
}

function applyCheckRun(run: CheckRunState, body: CheckRunBody): void {
  run.name = body.name ?? run.name;
  run.detailsUrl = body.details_url ?? run.detailsUrl;
  run.title = body.output?.title ?? run.title;
  run.status = body.conclusion ? 'completed' : body.status ?? run.status;
  run.conclusion = body.conclusion ?? (run.status === 'completed' ? run.conclusion : null);
}

const createCheckRun: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const refused = appOnly(request);
  if (refused) return refused;
  const body = bodyOf(request) as CheckRunBody;
  const run: CheckRunState = { id: request.state.nextId(), appId: request.caller.appId ?? 0, name: '', headSha: body.head_sha ?? '', status: 'queued', conclusion: null, detailsUrl: '', title: '' };
  applyCheckRun(run, body);
  repo.checkRuns.push(run);
  return { status: 201, body: checkRunJson(request, repo, run) };
};

const updateCheckRun: Handler = (request) => {
  const repo = repoOf(request);
  const run = repo?.checkRuns.find((r) => r.id === Number(request.pathParams['check_run_id']));
  if (!repo || !run) return notFound();
  const refused = appOnly(request) ?? (run.appId === request.caller.appId ? undefined : failure(403, 'Invalid app_id `' + String(request.caller.appId) + '` - check run can only be modified by the GitHub App that created it.'));
  if (refused) return refused;
  applyCheckRun(run, bodyOf(request) as CheckRunBody);
  return { status: 200, body: checkRunJson(request, repo, run) };
};

const listCheckRunsForRef: Handler = (request) => {
  const repo = repoOf(request);
  if (!repo) return notFound();
  const name = request.query.get('check_name');
  const appId = request.query.get('app_id');
  const runs = repo.checkRuns.filter((r) => r.headSha === request.pathParams['ref'] && (!name || r.name === name) && (!appId || r.appId === Number(appId)));
  return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => checkRunJson(request, repo, r)) } };
};

/** Status and check-run operations by operationId. */
export const statusHandlers: Record<string, Handler> = {
  'repos/create-commit-status': createStatus,
  'checks/create': createCheckRun,
  'checks/update': updateCheckRun,
  'checks/list-for-ref': listCheckRunsForRef,
};
