/**
 * Which change or issue a run belongs to (`session.id`): Phoenix groups a session's traces, so all
 * runs of one pull request, or of one issue, read as one conversation.
 */
import type { Trigger } from './events.ts';

/** `pr:<n>`, `issue:<n>`, or `ref:<head ref>`; undefined when the trigger names none. */
export function sessionIdOf(trigger: Trigger): string | undefined {
  const p = trigger.payload;
  const pr = numberAt(p, 'pull_request') ?? (trigger.event.startsWith('pull_request') ? numberOf(p.number) : undefined);
  if (pr !== undefined) return `pr:${pr}`;
  const issue = numberAt(p, 'issue');
  if (issue !== undefined) return `issue:${issue}`;
  const head = headRef(p);
  return head === undefined ? undefined : `ref:${head}`;
}

function numberAt(payload: Record<string, unknown>, key: string): number | undefined {
  const v = payload[key];
  return v !== null && typeof v === 'object' ? numberOf((v as Record<string, unknown>).number) : undefined;
}

function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function headRef(payload: Record<string, unknown>): string | undefined {
  const pr = payload.pull_request as { head?: { ref?: unknown } } | undefined;
  const run = payload.workflow_run as { head_branch?: unknown } | undefined;
  // Not a push's `ref`: every push to main would then be one endless session.
  const ref = pr?.head?.ref ?? run?.head_branch;
  return typeof ref === 'string' && ref.length > 0 ? ref : undefined;
}
