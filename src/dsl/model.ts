/**
 * The normalised workflow: what the engine executes. Produced from GitHub's own parser output by
 * `normalize.ts`; plain data (JSON-serialisable), so a run can store it and replay it.
 *
 * Expressions are kept as text and evaluated by the engine when their contexts exist:
 * - a "template" is a string that may contain `${{ … }}` parts (`"v${{ matrix.node }}"`);
 * - a "condition" is a bare expression without `${{ }}` (`"success() && github.ref == 'x'"`).
 * A value that is a whole template may evaluate to a non-string (`${{ fromJSON('[1]') }}`).
 */
import type { SourceLocation } from '../core/errors.ts';

/** A string that may contain `${{ }}` expressions. */
export type Template = string;

/** A value from YAML that may contain templates at any depth (matrix, with:, outputs). */
export type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };

/** A `workflow_dispatch` / `workflow_call` input definition. */
export interface InputDefinition {
  type: 'string' | 'boolean' | 'number' | 'choice' | 'environment';
  description?: string;
  required: boolean;
  default?: string | number | boolean;
  options?: string[];
}

/** One trigger of `on:` with its filters, kept as written (the server's trigger matching reads them). */
export interface TriggerDefinition {
  types?: string[];
  branches?: string[];
  'branches-ignore'?: string[];
  tags?: string[];
  'tags-ignore'?: string[];
  paths?: string[];
  'paths-ignore'?: string[];
  /** `schedule` entries. */
  cron?: string[];
  inputs?: Record<string, InputDefinition>;
  /** `workflow_call` secrets and outputs. */
  secrets?: Record<string, { required: boolean; description?: string }>;
  outputs?: Record<string, { value: Template; description?: string }>;
}

/** `defaults.run`. */
export interface RunDefaults {
  shell?: Template;
  workingDirectory?: Template;
}

/** `concurrency:` at workflow or job level. */
export interface ConcurrencyDefinition {
  group: Template;
  /** `true`, `false` or a condition. */
  cancelInProgress: boolean | string;
}

/** `strategy:`. `matrix` is a mapping of templates, or one template producing the whole matrix. */
export interface StrategyDefinition {
  matrix: { [key: string]: TemplateValue } | Template;
  failFast: boolean | Template;
  maxParallel?: number | Template;
}

/** One step of a job. Exactly one of `run` and `uses` is set. */
export interface StepDefinition {
  /** `id:` as written, or undefined. The engine names unnamed steps `__<index>`. */
  id?: string;
  name?: Template;
  /** Condition text; `success()` when not written. */
  if: string;
  run?: Template;
  uses?: string;
  shell?: Template;
  workingDirectory?: Template;
  with: Record<string, TemplateValue>;
  env: Record<string, TemplateValue>;
  timeoutMinutes?: number | Template;
  continueOnError: boolean | Template;
  location: SourceLocation;
}

/** One job. `uses` set for a reusable-workflow call (steps empty then). */
export interface JobDefinition {
  id: string;
  name?: Template;
  needs: string[];
  /** Condition text; `success()` when not written. */
  if: string;
  runsOn?: TemplateValue;
  env: Record<string, TemplateValue>;
  defaults: { run?: RunDefaults };
  outputs: Record<string, Template>;
  timeoutMinutes?: number | Template;
  continueOnError: boolean | Template;
  strategy?: StrategyDefinition;
  concurrency?: ConcurrencyDefinition;
  environment?: { name: Template; url?: Template };
  container?: TemplateValue;
  services?: TemplateValue;
  uses?: string;
  with?: Record<string, TemplateValue>;
  secrets?: Record<string, Template> | 'inherit';
  steps: StepDefinition[];
  location: SourceLocation;
}

/** A parsed, validated, normalised workflow. */
export interface WorkflowDefinition {
  /** Path as given by the user (used in messages). */
  file: string;
  /** `name:`, or the file path when absent (GitHub's rule). */
  name: string;
  /** `run-name:` template, if any. */
  runName?: Template;
  on: Record<string, TriggerDefinition>;
  env: Record<string, TemplateValue>;
  defaults: { run?: RunDefaults };
  concurrency?: ConcurrencyDefinition;
  jobs: JobDefinition[];
}
