/**
 * The normalised action metadata (`action.yml`): plain, JSON-serialisable data. Templates stay text,
 * evaluated by the step executor when their contexts exist (see model.ts for "template" and "condition").
 */
import type { StepDefinition, Template } from './model.ts';

/** One input of an action. */
export interface ActionInputDefinition {
  description?: string;
  required: boolean;
  /** Template evaluated with `github`, `strategy`, `matrix`, `job`, `runner` when the input is not given. */
  default?: Template;
  /** Shown as a warning when the input is given. */
  deprecationMessage?: string;
}

/** One output of an action; `value` (a template) only for composite actions. */
export interface ActionOutputDefinition {
  description?: string;
  value?: Template;
}

/** The runtimes an action can declare in `runs.using`. */
export type ActionRuntime = 'composite' | 'node12' | 'node16' | 'node20' | 'node24' | 'docker';

/** `runs:`. Which fields are set depends on `using`. */
export interface ActionRuns {
  using: ActionRuntime;
  /** JavaScript: the entry file, relative to the action's directory. */
  main?: string;
  pre?: string;
  post?: string;
  /** `pre-if` / `post-if` as written (GitHub evaluates them as they are; absent means `always()`). */
  preIf?: string;
  postIf?: string;
  /** Composite: the steps, normalised like workflow steps. */
  steps?: StepDefinition[];
  /** Docker: `Dockerfile`, a path, or `docker://image`. */
  image?: string;
  entrypoint?: string;
  preEntrypoint?: string;
  postEntrypoint?: string;
  args?: Template[];
  env?: Record<string, Template>;
}

/** A parsed, validated, normalised action. */
export interface ActionDefinition {
  /** Path as given (used in messages). */
  file: string;
  /** `name:`, or the file path when absent. */
  name: string;
  description?: string;
  inputs: Record<string, ActionInputDefinition>;
  outputs: Record<string, ActionOutputDefinition>;
  runs: ActionRuns;
}
