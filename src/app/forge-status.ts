/**
 * Runs started by a forge (a webhook's push or pull request) report their status on the commit:
 * pending when they start, then success, failure or error, with a link to the run — a check run
 * with GitHub App credentials, a commit status with a token or on GitLab (see the Forge port).
 * Reporting never affects the run: a failure to report is logged and dropped.
 */
import type { Forge } from '../engine/ports/forge.ts';
import type { EngineEvent, RunView } from '../core/views.ts';
import type { Trigger } from '../core/events.ts';

/** Where a run's status goes, or undefined when it was not started by a forge or has no credentials. */
export type StatusTarget = (runId: string, trigger: Trigger) => Promise<{ forge: Forge; runUrl: string } | undefined>;

/** What the reporter needs. */
export interface StatusReporterOptions {
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** The run's view (its trigger and workflow file), read once when the run is first seen. */
  getRun(runId: string): Promise<RunView>;
  target: StatusTarget;
  log?: (message: string) => void;
}

interface Started {
  target: { forge: Forge; runUrl: string };
  repo: { owner: string; name: string };
  sha: string;
  context: string;
}

/** The forge a run's trigger came from: GitLab's payloads (delivered as they are) name their `object_kind`. */
export function forgeOfTrigger(trigger: Trigger): 'github' | 'gitlab' {
  return typeof trigger.payload.object_kind === 'string' ? 'gitlab' : 'github';
}

/** The repository: a GitLab payload's project path (`group/sub/name`), else the trigger's `owner/name`. */
function repoOf(trigger: Trigger): { owner: string; name: string } | undefined {
  const project = (trigger.payload.project as { path_with_namespace?: unknown } | undefined)?.path_with_namespace;
  const full = forgeOfTrigger(trigger) === 'gitlab' && typeof project === 'string' ? project
    : trigger.repository ?? ((trigger.payload.repository as { full_name?: unknown } | undefined)?.full_name as string | undefined);
  const slash = full?.lastIndexOf('/') ?? -1;
  return full && slash > 0 ? { owner: full.slice(0, slash), name: full.slice(slash + 1) } : undefined;
}

/** The commit a run is about: a pull request's head, else the trigger's sha. */
function shaOf(trigger: Trigger): string | undefined {
  const head = (trigger.payload.pull_request as { head?: { sha?: unknown } } | undefined)?.head?.sha;
  return typeof head === 'string' ? head : trigger.sha;
}

/** Subscribes to engine events and reports each forge-triggered run's status; returns the unsubscribe. */
export function reportRunStatuses(options: StatusReporterOptions): () => void {
  const runs = new Map<string, Promise<Started | undefined>>();
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const report = async (started: Started | undefined, state: 'pending' | 'success' | 'failure' | 'error', description: string): Promise<void> => {
    if (!started) return;
    const { forge, runUrl } = started.target;
    await forge.setStatus({ repo: started.repo, sha: started.sha, state, context: started.context, description, targetUrl: runUrl });
  };
  const safely = (p: Promise<void>, runId: string) => p.catch((e: unknown) => log(`run ${runId}: could not report its status: ${(e as Error).message}`));
  const begin = (runId: string): Promise<Started | undefined> => options.getRun(runId).then(async (view) => {
    const repo = repoOf(view.trigger);
    const sha = shaOf(view.trigger);
    if (!repo || !sha || !/^[0-9a-f]{40}$/.test(sha)) return undefined;
    const target = await options.target(runId, view.trigger);
    if (!target) return undefined;
    const started: Started = { target, repo, sha, context: `autodevops/${view.workflowFile.split('/').at(-1)!.replace(/\.ya?ml$/, '')}` };
    await report(started, 'pending', 'running');
    return started;
  });
  return options.subscribe((event) => {
    if (event.kind !== 'history') return;
    const e = event.event;
    let started = runs.get(event.runId);
    if (!started) {
      started = begin(event.runId).catch((error: unknown) => (log(`run ${event.runId}: could not report its status: ${(error as Error).message}`), undefined));
      runs.set(event.runId, started);
    }
    if (e.type !== 'run.completed') return;
    runs.delete(event.runId);
    const state = e.conclusion === 'success' ? 'success' : e.conclusion === 'failure' ? 'failure' : 'error';
    void safely(started.then((s) => report(s, state, `${e.conclusion ?? 'completed'}`)), event.runId);
  });
}
