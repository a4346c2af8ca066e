/**
 * A forge delivery reduced to what trigger matching and dispatch need, plus the small readers the
 * forge parsers share. Payloads are untrusted JSON: every field is read defensively.
 */
import type { DeliverySource, TriggerDelivery } from './webhook-deps.ts';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** A delivery the triggers are matched against. */
export interface ParsedDelivery extends TriggerDelivery {
  sha?: string;
  /** workflow_dispatch: the workflow file the delivery names; only that workflow runs. */
  workflowFile?: string;
  payload: JsonObject;
  source: DeliverySource;
}

/** A parsed delivery, or why the delivery starts nothing. */
export type ParseResult = { delivery: ParsedDelivery } | { ignored: string };

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at a path of keys, or an empty object. */
export function objectAt(value: unknown, ...keys: string[]): JsonObject {
  let current = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return isObject(current) ? current : {};
}

/** The non-empty string at `key`, or undefined. */
export function textAt(value: JsonObject, key: string): string | undefined {
  const field = value[key];
  if (typeof field === 'number') return String(field);
  return typeof field === 'string' && field !== '' ? field : undefined;
}

/** Every path added, modified or removed by a list of commits (GitHub and GitLab share this shape). */
export function changedFilesOf(commits: unknown): string[] | undefined {
  if (!Array.isArray(commits) || commits.length === 0) return undefined;
  const files = new Set<string>();
  for (const commit of commits) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = objectAt(commit)[key];
      if (Array.isArray(list)) for (const file of list) if (typeof file === 'string') files.add(file);
    }
  }
  return [...files];
}

/** `refs/heads/<branch>` of the repository's default branch, when the payload names it. */
export function defaultBranchRef(repository: JsonObject): string | undefined {
  const branch = textAt(repository, 'default_branch');
  return branch === undefined ? undefined : `refs/heads/${branch}`;
}

/** A ParsedDelivery without undefined fields (they would show as `null` in JSON logs). */
export function delivery(fields: ParsedDelivery): { delivery: ParsedDelivery } {
  return { delivery: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as ParsedDelivery };
}
