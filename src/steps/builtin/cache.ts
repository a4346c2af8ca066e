/**
 * `actions/cache`, `actions/cache/restore` and `actions/cache/save` on the local cache store.
 * actions/cache restores in its main phase and saves in its post phase (`if: success()`), unless
 * the primary key was hit exactly; the messages are GitHub's, so logs read the same.
 *
 * Outputs: `cache-hit` ('true' for an exact key match, 'false' for a restore-key match, unset on a
 * miss — as on GitHub), plus `cache-primary-key` and `cache-matched-key`.
 */
import { homedir } from 'node:os';
import { permanent } from '../../core/failure.ts';
import type { StepContext, StepExecutor, StepResult } from '../../engine/ports/step.ts';
import { cacheVersion, findCacheEntry, saveCacheEntry } from './cache-store.ts';
import { booleanInput, multilineInput, noteUnusedInputs, stringInput } from './inputs.ts';
import { excluder, matchPaths, parsePatterns } from './path-patterns.ts';
import { workspaceOf } from './workspace.ts';

interface CacheInputs {
  key: string;
  paths: string[];
  restoreKeys: string[];
  version: string;
}

const used = ['key', 'path', 'restore-keys', 'lookup-only', 'fail-on-cache-miss', 'enableCrossOsArchive', 'upload-chunk-size', 'save-always'];

function cacheInputs(ctx: StepContext, key?: string): CacheInputs {
  const primary = key ?? stringInput(ctx.step.with, 'key');
  const paths = multilineInput(ctx.step.with, 'path');
  if (primary === '') throw permanent('Input required and not supplied: key');
  if (paths.length === 0) throw permanent('Input required and not supplied: path');
  const restoreKeys = multilineInput(ctx.step.with, 'restore-keys');
  for (const k of [primary, ...restoreKeys]) {
    if (k.length > 512) throw permanent(`Key Validation Error: ${k} cannot be larger than 512 characters.`);
    if (k.includes(',')) throw permanent(`Key Validation Error: ${k} cannot contain commas.`);
  }
  return { key: primary, paths, restoreKeys, version: cacheVersion(paths) };
}

/** Looks the keys up and, unless `lookup-only`, extracts the entry found. */
async function restore(ctx: StepContext, inputs: CacheInputs): Promise<{ matched?: string; result: StepResult }> {
  const entry = await findCacheEntry(ctx.dataDir, inputs.version, inputs.key, inputs.restoreKeys);
  const outputs: Record<string, string> = { 'cache-primary-key': inputs.key };
  if (!entry) {
    if (booleanInput(ctx.step.with, 'fail-on-cache-miss', false)) {
      return { result: { outcome: 'failure', outputs, error: `Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: ${inputs.key}` } };
    }
    ctx.log('stdout', `Cache not found for input keys: ${[inputs.key, ...inputs.restoreKeys].join(', ')}\n`);
    return { result: { outcome: 'success', outputs } };
  }
  if (booleanInput(ctx.step.with, 'lookup-only', false)) {
    ctx.log('stdout', `Cache found and can be restored from key: ${entry.key}\n`);
  } else {
    ctx.log('stdout', `Cache Size: ~${Math.max(1, Math.round(entry.size / 1048576))} MB (${entry.size} B)\n`);
    // The archive library loads with the first cache hit or save, not with every process.
    const { extractArchive } = await import('./cache-archive.ts');
    await extractArchive(entry.archive, workspaceOf(ctx));
    ctx.log('stdout', `Cache restored from key: ${entry.key}\n`);
  }
  Object.assign(outputs, { 'cache-hit': String(entry.key === inputs.key), 'cache-matched-key': entry.key });
  return { matched: entry.key, result: { outcome: 'success', outputs } };
}

/** Archives the paths under the key; a missing path or a taken key is a warning, as on GitHub. */
async function save(ctx: StepContext, inputs: CacheInputs): Promise<StepResult> {
  const patterns = parsePatterns(inputs.paths, workspaceOf(ctx), ctx.env.HOME ?? homedir());
  const paths = await matchPaths(patterns);
  if (paths.length === 0) return warn(ctx, 'Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.');
  const { createArchive } = await import('./cache-archive.ts');
  const saved = await saveCacheEntry(ctx.dataDir, inputs.version, inputs.key, ctx.clock.now(), (file) => createArchive(file, workspaceOf(ctx), paths, excluder(patterns)));
  if (saved === 'exists') return warn(ctx, `Failed to save: Unable to reserve cache with key ${inputs.key}, another job may be creating this cache.`);
  ctx.log('stdout', `Cache saved with key: ${inputs.key}\n`);
  return { outcome: 'success' };
}

function warn(ctx: StepContext, message: string): StepResult {
  ctx.log('system', `##[warning]${message}\n`);
  return { outcome: 'success', annotations: [{ level: 'warning', message }] };
}

/** `actions/cache`: restore now, save in the post phase. */
export const cacheAction: StepExecutor = {
  repeatSafe: true,
  async execute(ctx) {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    const inputs = cacheInputs(ctx);
    const { matched, result } = await restore(ctx, inputs);
    if (result.outcome === 'failure') return result;
    const state = { CACHE_KEY: inputs.key, ...(matched !== undefined && { CACHE_RESULT: matched }) };
    return { ...result, state, post: { name: `Post ${ctx.step.name}`, if: 'success()' } };
  },
  async post(ctx) {
    const inputs = cacheInputs(ctx, ctx.state.CACHE_KEY);
    if (ctx.state.CACHE_RESULT === inputs.key) {
      ctx.log('stdout', `Cache hit occurred on the primary key ${inputs.key}, not saving cache.\n`);
      return { outcome: 'success' };
    }
    return save(ctx, inputs);
  },
};

/** `actions/cache/restore`: restore only. */
export const cacheRestoreAction: StepExecutor = {
  repeatSafe: true,
  async execute(ctx) {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    return (await restore(ctx, cacheInputs(ctx))).result;
  },
};

/** `actions/cache/save`: save now. */
export const cacheSaveAction: StepExecutor = {
  repeatSafe: true,
  async execute(ctx) {
    noteUnusedInputs(ctx.step.with, used, (t) => ctx.log('system', t));
    return save(ctx, cacheInputs(ctx));
  },
};
