/**
 * The built-in, offline replacements for the most used actions, by name: `uses: actions/checkout@v4`
 * (any ref) runs ours. They are registered before custom steps, so a step registered through the
 * API under the same name replaces the built-in; `autodevops.yml` `builtins: { disable: [...] }`
 * leaves one out (the step is then resolved like any other action).
 */
import type { StepExecutor } from '../../engine/ports/step.ts';
import { cacheAction, cacheRestoreAction, cacheSaveAction } from './cache.ts';
import { checkout } from './checkout.ts';
import { downloadArtifact } from './download-artifact.ts';
import { githubScript } from './github-script.ts';
import { setupGo } from './setup-go.ts';
import { setupJava } from './setup-java.ts';
import { setupNode } from './setup-node.ts';
import { setupPython } from './setup-python.ts';
import { uploadArtifact } from './upload-artifact.ts';

export { listArtifacts, type ArtifactSummary } from './artifact-store.ts';

/** One built-in action. */
export interface BuiltinAction {
  executor: StepExecutor;
  /** One line for `autodevops actions`. */
  description: string;
}

/** Every built-in, by action name (lower case, without `@ref`). */
export const builtinActions: Readonly<Record<string, BuiltinAction>> = {
  'actions/checkout': { executor: checkout, description: 'Uses the local workspace as it is; clones with git for path:, repository: or another ref:' },
  'actions/setup-node': { executor: setupNode, description: 'Puts a host Node.js satisfying node-version (PATH, nvm, fnm, asdf) first on PATH' },
  'actions/setup-python': { executor: setupPython, description: 'Puts a host Python satisfying python-version (PATH, python3.X, pyenv, asdf) first on PATH' },
  'actions/setup-go': { executor: setupGo, description: 'Puts a host Go satisfying go-version (PATH, /usr/local/go, ~/sdk, asdf) first on PATH' },
  'actions/setup-java': { executor: setupJava, description: 'Uses a host JDK satisfying java-version (JAVA_HOME, PATH, /usr/lib/jvm, sdkman); sets JAVA_HOME' },
  'actions/cache': { executor: cacheAction, description: 'Restores from and (post step) saves to the local cache in <data-dir>/cache, keyed by key and restore-keys' },
  'actions/cache/restore': { executor: cacheRestoreAction, description: 'Restores from the local cache only' },
  'actions/cache/save': { executor: cacheSaveAction, description: 'Saves to the local cache only' },
  'actions/upload-artifact': { executor: uploadArtifact, description: 'Stores files in <data-dir>/artifacts/<run>/<name>, listed by autodevops show' },
  'actions/download-artifact': { executor: downloadArtifact, description: "Copies the run's (or another local run's) artifacts into the workspace" },
  'actions/github-script': { executor: githubScript, description: 'Runs the script in a child Node process with github (Octokit when a token is set), context, core, exec, glob, io' },
};

/** What registerBuiltins needs of a registry. */
export interface BuiltinTarget {
  register(name: string, step: StepExecutor): void;
}

/** Registers every built-in except the disabled ones; call it before registering custom steps so those win. */
export function registerBuiltins(registry: BuiltinTarget, options: { disable?: readonly string[] } = {}): string[] {
  const disabled = new Set((options.disable ?? []).map((n) => n.toLowerCase()));
  const registered: string[] = [];
  for (const [name, action] of Object.entries(builtinActions)) {
    if (disabled.has(name)) continue;
    registry.register(name, action.executor);
    registered.push(name);
  }
  return registered;
}
