/**
 * The DORA four from engine events, by the deployment convention of deployments.ts:
 *
 * - deployment frequency: `rate(autodevops_deployments_total[…])`;
 * - lead time for changes: commit time of `github.sha` → successful deployment completion;
 * - change failure rate: `autodevops_deployments_total{result="failure"}` over all of them;
 * - time to restore: a failed deployment → the next successful one to the same environment.
 *
 * Labels are the environment and the workflow name. Restore times need the failure and the restoring
 * deployment seen by one process (a server or worker); a restart forgets an open failure.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { HistoryEventOf } from '../core/events.ts';
import { commitTime, deploymentEnvironment } from './deployments.ts';
import type { ObservedEvent } from './event-feed.ts';
import type { RunInfo } from './run-info.ts';
import { jobOf } from './workflow-shape.ts';

/** The DORA observer. */
export interface Dora {
  /** An EventFeed observer: counts deployments as their jobs complete. */
  observe(event: ObservedEvent, run: RunInfo): void;
}

const BUCKETS = [60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600];

/** Registers the DORA metrics in `registry`. */
export function createDora(registry: Registry): Dora {
  const m = instruments(registry);
  /** When each environment's deployments started failing (the first failure since its last success). */
  const failingSince = new Map<string, number>();
  return {
    observe: (event, run) => {
      if (event.kind === 'history' && event.event.type === 'job.completed') deployed(m, failingSince, event.event, run);
    },
  };
}

type Instruments = ReturnType<typeof instruments>;

function instruments(registry: Registry) {
  const registers = [registry];
  const labelNames = ['environment', 'workflow'];
  return {
    deployments: new Counter({ name: 'autodevops_deployments_total', help: 'Deployments, by result (DORA deployment frequency and change failure rate)', labelNames: [...labelNames, 'result'], registers }),
    leadTime: new Histogram({ name: 'autodevops_lead_time_seconds', help: 'Commit to successful deployment (DORA lead time for changes)', labelNames, buckets: BUCKETS, registers }),
    restore: new Histogram({ name: 'autodevops_time_to_restore_seconds', help: 'Failed deployment to the next successful one to the same environment (DORA time to restore)', labelNames, buckets: BUCKETS, registers }),
  };
}

/** Counts a completed job when it is a deployment. */
function deployed(m: Instruments, failingSince: Map<string, number>, e: HistoryEventOf<'job.completed'>, run: RunInfo): void {
  if (e.conclusion !== 'success' && e.conclusion !== 'failure') return;
  const environment = deploymentEnvironment(jobOf(run.workflow, e.jobKey), run.trigger.inputs);
  if (environment === undefined) return;
  const labels = { environment, workflow: run.workflowName };
  m.deployments.inc({ ...labels, result: e.conclusion });
  if (e.conclusion === 'failure') {
    if (!failingSince.has(environment)) failingSince.set(environment, e.at);
    return;
  }
  const committed = commitTime(run.trigger);
  if (committed !== undefined) m.leadTime.observe(labels, seconds(e.at - committed));
  const since = failingSince.get(environment);
  if (since !== undefined) m.restore.observe(labels, seconds(e.at - since));
  failingSince.delete(environment);
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1000;
}
