/**
 * `GET …/usage`: model tokens and cost of a project's runs, totalled by workflow, by session (the
 * pull request, issue or branch a run belongs to) or by run, over the most recent runs. Run totals
 * come from each run's durable `step.usage` events (RunView.usage).
 */
import { z } from '@hono/zod-openapi';
import type { UsageTotals } from '../../core/events.ts';
import { sessionIdOf } from '../../core/session-id.ts';
import type { RunView } from '../../core/views.ts';
import type { RouteModule } from '../deps.ts';
import { json, ProjectParams, secured } from '../route-config.ts';

const UsageQuery = z.object({
  group: z.enum(['workflow', 'session', 'run']).default('workflow').openapi({ description: 'What to total by.' }),
  runs: z.coerce.number().int().min(1).max(1000).default(200).openapi({ description: 'How many of the newest runs to include (1–1000, default 200).' }),
}).strict();

const Totals = z.object({
  runs: z.number().int(), calls: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int(),
  costUsd: z.number(), unpricedCalls: z.number().int(),
});
const UsageBody = z.object({ group: z.string(), groups: z.array(Totals.extend({ key: z.string() })), total: Totals }).openapi('Usage');

type Row = z.infer<typeof Totals>;

function empty(): Row {
  return { runs: 0, calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 };
}

function add(row: Row, usage: UsageTotals | undefined): void {
  row.runs += 1;
  if (!usage) return;
  row.calls += usage.calls;
  row.promptTokens += usage.promptTokens;
  row.completionTokens += usage.completionTokens;
  row.costUsd += usage.costUsd;
  row.unpricedCalls += usage.unpricedCalls;
}

function keyOf(group: 'workflow' | 'session' | 'run', workflow: string, view: RunView): string {
  if (group === 'run') return view.id;
  if (group === 'workflow') return workflow;
  return sessionIdOf(view.trigger) ?? '(none)';
}

/** GET …/usage. */
export const registerUsageRoutes: RouteModule = (api, deps) => {
  api.openapi(secured(deps, 'project', 'viewer', {
    method: 'get', path: '/usage', tags: ['runs'], summary: 'Model tokens and cost of the newest runs, by workflow, session or run',
    request: { params: ProjectParams, query: UsageQuery },
    responses: { 200: json(UsageBody, 'Totals per group (most expensive first) and overall.') },
  }), async (c) => {
    const { group, runs } = c.req.valid('query');
    const owned = deps.runs.page(c.get('project'), { limit: runs });
    const groups = new Map<string, Row>();
    const total = empty();
    for (const run of owned) {
      const view = await deps.app.getRun(run.runId);
      const key = keyOf(group, run.workflowId, view);
      const row = groups.get(key) ?? empty();
      add(row, view.usage);
      add(total, view.usage);
      groups.set(key, row);
    }
    const sorted = [...groups].map(([key, row]) => ({ key, ...row })).sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key));
    return c.json({ group, groups: sorted, total }, 200);
  });
};
