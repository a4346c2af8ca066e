/**
 * An action's metadata as this layer uses it, described by the fields actually read (as Kysely
 * describes a driver), so the steps layer does not depend on the DSL: the composition root passes
 * the DSL's `parseActionText`, whose ActionDefinition fits these shapes.
 */

/** One `runs.steps` entry of a composite action, expressions still as text. */
export interface ManifestStep {
  id?: string;
  name?: string;
  /** Condition text, `success()` when not written. */
  if: string;
  run?: string;
  uses?: string;
  shell?: string;
  workingDirectory?: string;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  continueOnError: boolean | string;
}

/** `action.yml` / `action.yaml`, parsed and validated. */
export interface ActionManifest {
  name: string;
  inputs: Record<string, { required: boolean; default?: string; deprecationMessage?: string }>;
  outputs: Record<string, { value?: string }>;
  runs: {
    using: string;
    main?: string;
    pre?: string;
    post?: string;
    preIf?: string;
    postIf?: string;
    steps?: ManifestStep[];
    image?: string;
  };
}

/** Parses an action metadata file; throws a positioned AutodevopsError when it is invalid. */
export type ParseAction = (file: string, text: string) => ActionManifest;

/** A located action, ready to run. */
export interface LoadedAction {
  /** `uses:` as written. */
  uses: string;
  /** Absolute directory holding the action's metadata file. */
  dir: string;
  manifest: ActionManifest;
  /** `owner/repo` for a remote action, '' for a local one (`GITHUB_ACTION_REPOSITORY`). */
  repository: string;
  /** The ref as written for a remote action, '' for a local one (`GITHUB_ACTION_REF`). */
  ref: string;
}
