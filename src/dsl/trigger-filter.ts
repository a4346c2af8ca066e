/**
 * Whether a forge delivery triggers a workflow, by GitHub's documented rules for `on:` filters:
 * activity `types` (with GitHub's defaults), `branches`/`tags` and their `-ignore` forms, and
 * `paths`/`paths-ignore`, using GitHub's filter pattern syntax (`*`, `**`, `?`, `+`, `[]`, `\`,
 * and a leading `!` that negates; patterns are read in order and the last one that matches wins).
 *
 * GitHub's rules kept here, because they surprise:
 * - `pull_request` and `pull_request_target` run only for opened/synchronize/reopened unless `types` says otherwise;
 * - for a push, `branches*` filter refs/heads/… and `tags*` filter refs/tags/…; a trigger that filters only one
 *   kind does not run for the other kind at all;
 * - for pull requests, `branches*` filter the BASE branch;
 * - path filters are not evaluated for tag pushes; when the changed files are unknown the paths filter is
 *   treated as satisfied (GitHub also runs the workflow when it cannot compute the diff).
 */
import type { TriggerDefinition } from './model.ts';

/** What a delivery tells the matching. `ref` is the full ref (`refs/heads/main`); `baseRef` the pull request's base branch. */
export interface TriggerDelivery {
  event: string;
  action?: string;
  ref?: string;
  baseRef?: string;
  /** Paths changed by the push or pull request; undefined when the delivery does not say. */
  changedFiles?: string[];
}

/** The verdict and, for logs, why. */
export interface TriggerMatch {
  matched: boolean;
  reason: string;
}

/** Activity types a trigger reacts to when `types` is not written; events not listed react to all of theirs. */
export const defaultActivityTypes: Readonly<Record<string, readonly string[]>> = {
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

const pullRequestEvents = new Set(['pull_request', 'pull_request_target']);

type Check = TriggerMatch | undefined;
const refuse = (reason: string): TriggerMatch => ({ matched: false, reason });

/**
 * Whether `delivery` triggers a workflow with these `on:` triggers.
 * @example matchTrigger(workflow.on, { event: 'push', ref: 'refs/heads/main', changedFiles: ['src/a.ts'] })
 */
export function matchTrigger(triggers: Record<string, TriggerDefinition>, delivery: TriggerDelivery): TriggerMatch {
  const trigger = Object.hasOwn(triggers, delivery.event) ? triggers[delivery.event] : undefined;
  if (trigger === undefined) return refuse(`the workflow has no \`on: ${delivery.event}\` trigger`);
  try {
    const notes: string[] = [];
    const failure = checkTypes(trigger, delivery) ?? checkRefs(trigger, delivery) ?? checkPaths(trigger, delivery, notes);
    if (failure) return failure;
    return { matched: true, reason: [`matches on.${delivery.event}`, ...notes].join('; ') };
  } catch (e) {
    return refuse(`on.${delivery.event}: ${(e as Error).message}`);
  }
}

function checkTypes(trigger: TriggerDefinition, delivery: TriggerDelivery): Check {
  const types = trigger.types ?? defaultActivityTypes[delivery.event];
  if (types === undefined || delivery.action === undefined || types.includes(delivery.action)) return undefined;
  const origin = trigger.types ? 'types' : `GitHub's default types for ${delivery.event}`;
  return refuse(`activity type "${delivery.action}" is not one of ${origin} [${types.join(', ')}]`);
}

/** `refs/heads/x` → branch x, `refs/tags/v1` → tag v1. */
function splitRef(ref: string | undefined): { kind: 'branch' | 'tag' | 'other'; name: string } {
  if (ref?.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice('refs/heads/'.length) };
  if (ref?.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length) };
  return { kind: 'other', name: ref ?? '' };
}

const filtersBranches = (t: TriggerDefinition): boolean => t.branches !== undefined || t['branches-ignore'] !== undefined;
const filtersTags = (t: TriggerDefinition): boolean => t.tags !== undefined || t['tags-ignore'] !== undefined;

function checkRefs(trigger: TriggerDefinition, delivery: TriggerDelivery): Check {
  if (pullRequestEvents.has(delivery.event)) return checkBaseBranch(trigger, delivery.baseRef);
  if (delivery.event !== 'push' || (!filtersBranches(trigger) && !filtersTags(trigger))) return undefined;
  const { kind, name } = splitRef(delivery.ref);
  if (kind === 'branch') {
    if (!filtersBranches(trigger)) return refuse(`the trigger filters only tags, so the push to branch "${name}" does not run it`);
    return checkList('branch', name, trigger.branches, trigger['branches-ignore']);
  }
  if (kind === 'tag') {
    if (!filtersTags(trigger)) return refuse(`the trigger filters only branches, so the push of tag "${name}" does not run it`);
    return checkList('tag', name, trigger.tags, trigger['tags-ignore']);
  }
  return refuse(`the pushed ref "${name}" is neither a branch nor a tag, and the trigger filters refs`);
}

function checkBaseBranch(trigger: TriggerDefinition, baseRef: string | undefined): Check {
  if (!filtersBranches(trigger)) return undefined;
  if (baseRef === undefined) return refuse('the delivery names no base branch, and the trigger filters branches');
  const name = baseRef.startsWith('refs/heads/') ? baseRef.slice('refs/heads/'.length) : baseRef;
  return checkList('base branch', name, trigger.branches, trigger['branches-ignore']);
}

function checkList(what: string, name: string, include: string[] | undefined, ignore: string[] | undefined): Check {
  const kind = what === 'tag' ? 'tags' : 'branches';
  if (include !== undefined) {
    const verdict = selectedBy(include, name);
    if (!verdict.selected) return refuse(`${what} "${name}" ${verdict.by ? `is excluded by "${verdict.by}"` : 'matches none'} of ${kind} [${include.join(', ')}]`);
  }
  if (ignore !== undefined) {
    const verdict = selectedBy(ignore, name);
    if (verdict.selected) return refuse(`${what} "${name}" is ignored by ${kind}-ignore "${verdict.by}"`);
  }
  return undefined;
}

function checkPaths(trigger: TriggerDefinition, delivery: TriggerDelivery, notes: string[]): Check {
  const { paths, 'paths-ignore': ignore } = trigger;
  if (paths === undefined && ignore === undefined) return undefined;
  if (!pullRequestEvents.has(delivery.event) && delivery.event !== 'push') return undefined;
  if (delivery.event === 'push' && splitRef(delivery.ref).kind === 'tag') return undefined;
  const files = delivery.changedFiles;
  if (files === undefined) {
    notes.push('path filters not evaluated: the delivery does not list the changed files');
    return undefined;
  }
  if (paths !== undefined && !files.some((f) => selectedBy(paths, f).selected)) {
    return refuse(`none of the ${files.length} changed files matches paths [${paths.join(', ')}]`);
  }
  if (ignore !== undefined && files.every((f) => selectedBy(ignore, f).selected)) {
    return refuse(`all ${files.length} changed files match paths-ignore [${ignore.join(', ')}]`);
  }
  return undefined;
}

/**
 * Whether a list of filter patterns selects `name`: the last pattern that matches decides (a `!`
 * pattern deselects); `by` is that pattern as written.
 */
export function selectedBy(patterns: readonly string[], name: string): { selected: boolean; by?: string } {
  let verdict: { selected: boolean; by?: string } = { selected: false };
  for (const written of patterns) {
    const negative = written.startsWith('!');
    if (compileFilterPattern(negative ? written.slice(1) : written).test(name)) verdict = { selected: !negative, by: written };
  }
  return verdict;
}

const compiled = new Map<string, RegExp>();
const MAX_CACHED = 1000;

/**
 * One filter pattern (without its leading `!`) as an anchored regular expression. Throws an Error
 * naming the problem for an unclosed or empty `[]`, a bad range, or a trailing `\`.
 */
export function compileFilterPattern(pattern: string): RegExp {
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    regexp = new RegExp(`^${translate(pattern)}$`);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(pattern, regexp);
  }
  return regexp;
}

const escapeChar = (ch: string): string => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Regex source for a pattern; `atom` marks parts a following `?` or `+` may quantify. */
function translate(pattern: string): string {
  const parts: Array<{ source: string; atom: boolean }> = [];
  let i = 0;
  while (i < pattern.length) {
    const [part, next] = readPart(pattern, i, parts.at(-1)?.atom === true);
    parts.push(part);
    i = next;
  }
  return parts.map((p) => p.source).join('');
}

function readPart(pattern: string, i: number, afterAtom: boolean): [{ source: string; atom: boolean }, number] {
  const ch = pattern[i]!;
  if (ch === '*') {
    if (pattern[i + 1] !== '*') return [{ source: '[^/]*', atom: false }, i + 1];
    // `**/` may also match nothing, so `**/README.md` matches README.md at the root.
    return pattern[i + 2] === '/' ? [{ source: '(?:.+/)?', atom: false }, i + 3] : [{ source: '.*', atom: false }, i + 2];
  }
  if ((ch === '?' || ch === '+') && afterAtom) return [{ source: ch, atom: false }, i + 1];
  if (ch === '[') return readClass(pattern, i);
  if (ch === '\\') {
    const escaped = pattern[i + 1];
    if (escaped === undefined) throw new Error(`pattern "${pattern}" ends with a lone "\\"; write "\\\\" for a backslash`);
    return [{ source: escapeChar(escaped), atom: true }, i + 2];
  }
  return [{ source: escapeChar(ch), atom: true }, i + 1];
}

const alnum = /^[A-Za-z0-9]$/;

function readClass(pattern: string, start: number): [{ source: string; atom: boolean }, number] {
  const end = pattern.indexOf(']', start + 1);
  if (end === -1) throw new Error(`pattern "${pattern}" has a "[" without its closing "]"`);
  const body = pattern.slice(start + 1, end);
  if (body === '') throw new Error(`pattern "${pattern}" has an empty "[]"`);
  let source = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const to = body[i + 2];
    if (body[i + 1] === '-' && to !== undefined) {
      if (!alnum.test(ch) || !alnum.test(to) || ch > to) throw new Error(`pattern "${pattern}" has the range "${ch}-${to}"; ranges go within a-z, A-Z or 0-9`);
      source += `${ch}-${to}`;
      i += 2;
    } else source += escapeChar(ch);
  }
  return [{ source: `[${source}]`, atom: true }, end + 1];
}
