/**
 * Action metadata files (`action.yml` / `action.yaml`): text in, a validated, normalised
 * ActionDefinition out, or every problem positioned. Validation is GitHub's strict action schema
 * (through parser-adapter.ts), relaxed where GitHub's runner is: `name` and `description` may be
 * missing and unknown top-level keys are ignored. Composite steps become the same StepDefinition
 * as workflow steps, so the engine's rules for `if`, `env`, `with` … apply unchanged.
 */
import { AutodevopsError } from '../core/errors.ts';
import type { Diagnostic } from '../core/errors.ts';
import type { ActionDefinition } from './action-model.ts';
import { sortAndDedupe } from './analyze.ts';
import { normalizeAction } from './normalize-action.ts';
import { parseActionWithGitHubParser } from './parser-adapter.ts';
import { entriesOf, field, scalarText } from './source-node.ts';
import type { SourceNode } from './source-node.ts';

export type * from './action-model.ts';

/**
 * Parses and validates an action metadata file. Throws ADO_WORKFLOW_INVALID (`<file>: N errors`)
 * carrying every problem as a positioned diagnostic.
 */
export function parseActionText(file: string, text: string): ActionDefinition {
  const { action, diagnostics } = analyzeAction(file, text);
  if (action !== undefined) return action;
  const count = `${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}`;
  throw new AutodevopsError('ADO_WORKFLOW_INVALID', `${file}: ${count} in the action's metadata`, {
    diagnostics, hint: 'Fix each error at the file:line:col shown; see https://docs.github.com/actions/creating-actions/metadata-syntax-for-github-actions',
  });
}

/** Every problem of an action text, or the action when there is none. Never throws for bad input. */
export function analyzeAction(file: string, text: string): { action: ActionDefinition; diagnostics: [] } | { action: undefined; diagnostics: Diagnostic[] } {
  const parsed = parseActionWithGitHubParser(file, text);
  const root = parsed.root;
  const diagnostics = root === undefined ? parsed.diagnostics.map((d) => emptyFile(d)) : relax(parsed.diagnostics, root);
  if (root === undefined || diagnostics.length > 0) return { action: undefined, diagnostics: sortAndDedupe(diagnostics) };
  const normalized = normalizeAction(file, root, parsed.conditions);
  if (normalized.diagnostics.length > 0) return { action: undefined, diagnostics: sortAndDedupe(normalized.diagnostics) };
  return { action: normalized.action, diagnostics: [] };
}

const runners = ['composite', 'node12', 'node16', 'node20', 'node24', 'docker'];

/** GitHub's runner reads action files more leniently than the strict schema; so do we. Some messages get a hint. */
function relax(diagnostics: Diagnostic[], root: SourceNode): Diagnostic[] {
  const rootKeys = new Set(entriesOf(root).map((e) => `${e.line}:${e.column}:Unexpected value '${e.key}'`));
  const runs = field(root, 'runs');
  const using = field(runs, 'using');
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const at = `${d.location.line}:${d.location.column}`;
    if (/^Required property is missing: (name|description)$/.test(d.message) || rootKeys.has(`${at}:${d.message}`)) continue;
    if (using && at === `${using.line}:${using.column}` && d.message.startsWith('Unexpected value')) {
      out.push({ ...d, message: `${d.message}: runs.using must be one of ${runners.join(', ')}` });
    } else if (runs && at === `${runs.line}:${runs.column}` && d.message.startsWith("There's not enough info")) {
      out.push({ ...d, message: runsProblem(runs) });
    } else out.push(d);
  }
  return out;
}

/** What a `runs:` mapping lacks, in words, for the schema's "not enough info" message. */
function runsProblem(runs: SourceNode): string {
  const using = scalarText(field(runs, 'using'));
  if (using === undefined) return `runs.using is missing: it must be one of ${runners.join(', ')}`;
  if (using === 'composite') return 'runs.steps is missing: a composite action lists its steps';
  if (using === 'docker') return 'runs.image is missing: a Docker action names an image or a Dockerfile';
  return `runs.main is missing: a JavaScript action (${using}) names its entry file`;
}

function emptyFile(d: Diagnostic): Diagnostic {
  if (!d.message.startsWith('The file holds no YAML value')) return d;
  return { ...d, message: 'The file holds no YAML value; an action is a mapping with `runs:`' };
}
