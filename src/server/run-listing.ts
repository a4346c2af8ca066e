/**
 * A page of a project's runs, newest first. Ownership is in server.db and status in the engine's
 * store, so a status filter reads the project's runs in batches and keeps the matching ones; when
 * a page stops early (batch budget spent), `next` still moves the cursor past what was read.
 */
import type { RunListItem } from '../app-api.ts';
import type { RunStatus } from '../core/states.ts';
import type { ServerDeps } from './deps.ts';
import { etagOf, type TaggedBody } from './conditional.ts';
import { gzip } from './content-coding.ts';
import { FinalJson } from './final-json.ts';
import type { RunOwner } from './registry/run-owners.ts';

/** Serialised list items of completed runs. */
const finalItems = new FinalJson(8_000_000);

/** A page as JSON with its tag, and (for final pages) how to get its gzip representation. */
export interface PageAnswer {
  body: string | Uint8Array<ArrayBuffer>;
  etag: string;
  gzipped?: () => TaggedBody;
}

/** Pages of completed runs as UTF-8 JSON with their ETag, by the page of run owners they were made from (see `RunOwners.page`). */
const finalPages = new WeakMap<readonly RunOwner[], PageAnswer>();
const utf8 = new TextEncoder();

/** A run as listed: the engine's summary plus its workflow and version. */
export type ProjectRun = RunListItem & { workflow: string; version: string };

/** Filters and cursor. */
export interface RunPageQuery {
  status?: RunStatus[];
  workflow?: string;
  /** Only runs older than this run id. */
  before?: string;
  limit: number;
}

/** How many registry rows one request reads at most while filtering by status. */
const scanBudget = 2000;

/** One page, and the cursor of the next when there may be more. */
export async function listProjectRuns(deps: ServerDeps, project: string, query: RunPageQuery): Promise<{ runs: ProjectRun[]; next?: string }> {
  const runs: ProjectRun[] = [];
  let before = query.before;
  for (let scanned = 0; scanned < scanBudget;) {
    const batch = deps.runs.page(project, { workflow: query.workflow, before, limit: query.status ? Math.max(query.limit * 2, 50) : query.limit - runs.length });
    if (batch.length === 0) return { runs };
    const owners = new Map(batch.map((o) => [o.runId, o]));
    for (const item of await deps.app.listRuns({ ids: batch.map((o) => o.runId), status: query.status })) {
      const owner = owners.get(item.id)!;
      runs.push({ ...item, workflow: owner.workflowId, version: owner.version });
      if (runs.length === query.limit) return { runs, next: item.id };
    }
    scanned += batch.length;
    before = batch.at(-1)!.runId;
  }
  return { runs, next: before! };
}

/**
 * The page as JSON, exactly as `JSON.stringify(page)`. Serialising was most of the cost of a list
 * request once the rows are in memory, and pages of finished runs are asked for again and again.
 */
export function pageJson(page: { runs: ProjectRun[]; next?: string }): string {
  const next = page.next === undefined ? '' : `,"next":${JSON.stringify(page.next)}`;
  return `{"runs":[${page.runs.map((run) => finalItems.text(run.id, run.status === 'completed', run)).join(',')}]${next}}`;
}

/**
 * One page as the JSON body of `GET …/runs`. A page without a status filter whose runs have all
 * completed is final until a run is added to the project (which makes a new page of owners), so
 * it is serialised and encoded once (and gzipped once, when a client first accepts gzip); dashboards
 * ask for the same page again and again.
 */
export async function projectRunsJson(deps: ServerDeps, project: string, query: RunPageQuery): Promise<PageAnswer> {
  if (query.status !== undefined) return tagged(pageJson(await listProjectRuns(deps, project, query)));
  const owners = deps.runs.page(project, { workflow: query.workflow, before: query.before, limit: query.limit });
  const kept = finalPages.get(owners);
  if (kept !== undefined) return kept;
  const page = await listProjectRuns(deps, project, query);
  const final = page.runs.length === owners.length && page.runs.every((run, i) => run.status === 'completed' && run.id === owners[i]!.runId);
  if (!final) return tagged(pageJson(page));
  const body = utf8.encode(pageJson(page));
  let compressed: TaggedBody | undefined;
  const gzipped = (): TaggedBody => {
    if (compressed === undefined) {
      const bytes = gzip(body);
      compressed = { body: bytes, etag: etagOf(bytes) };
    }
    return compressed;
  };
  const answer = { body, etag: etagOf(body), gzipped };
  finalPages.set(owners, answer);
  return answer;
}

function tagged(body: string): { body: string; etag: string } {
  return { body, etag: etagOf(body) };
}
