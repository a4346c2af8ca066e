/**
 * The DORA four, fed by deploy events. STUB: the deploy steps that will emit `DeployEvent` do not
 * exist yet (Kubernetes deploys come later); the metrics are registered so dashboards can be built
 * now, and `recordDeployment` is what the deploy integration will call (through an engine event).
 */
import { Counter, Histogram, type Registry } from 'prom-client';

/** What a deploy step reports when it finishes (proposed; emitted by the future deploy integration). */
export interface DeployEvent {
  /** Bounded: the environment names of autodevops.yml. */
  environment: string;
  result: 'success' | 'failure';
  /** When the first commit of the deployed change was made (lead time for changes). */
  firstCommitAt?: number;
  deployedAt: number;
  /** The deploy caused a failure in production (change failure rate = failures / deployments). */
  causedFailure?: boolean;
  /** For a deploy that restored service: when the failure began (time to restore). */
  restoresFailureFrom?: number;
}

/** The DORA instruments and the function that feeds them. */
export interface DoraMetrics {
  /** Records one deployment in the four DORA metrics. */
  recordDeployment(event: DeployEvent): void;
}

const BUCKETS = [60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600];

/** Registers the DORA metrics: deployment frequency is rate(autodevops_deployments_total). */
export function createDoraMetrics(registry: Registry): DoraMetrics {
  const registers = [registry];
  const deployments = new Counter({ name: 'autodevops_deployments_total', help: 'Deployments (DORA deployment frequency)', labelNames: ['environment', 'result'], registers });
  const failures = new Counter({ name: 'autodevops_change_failures_total', help: 'Deployments that caused a failure (DORA change failure rate)', labelNames: ['environment'], registers });
  const leadTime = new Histogram({ name: 'autodevops_lead_time_seconds', help: 'First commit to deployment (DORA lead time for changes)', labelNames: ['environment'], buckets: BUCKETS, registers });
  const restore = new Histogram({ name: 'autodevops_time_to_restore_seconds', help: 'Failure start to restoring deployment (DORA time to restore)', labelNames: ['environment'], buckets: BUCKETS, registers });
  return {
    recordDeployment: (e) => {
      const environment = e.environment;
      deployments.inc({ environment, result: e.result });
      if (e.causedFailure) failures.inc({ environment });
      if (e.firstCommitAt !== undefined) leadTime.observe({ environment }, Math.max(0, e.deployedAt - e.firstCommitAt) / 1000);
      if (e.restoresFailureFrom !== undefined) restore.observe({ environment }, Math.max(0, e.deployedAt - e.restoresFailureFrom) / 1000);
    },
  };
}
