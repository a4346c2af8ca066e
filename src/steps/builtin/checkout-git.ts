/**
 * The git work of actions/checkout, done as the real action does it with the git CLI: init (or
 * reuse) the target, fetch exactly what is needed (shallow by default), check out, then
 * submodules. Commands are echoed as `[command]git …` like the runner shows them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { permanent } from '../../core/failure.ts';
import type { StepContext } from '../../engine/ports/step.ts';
import { runChecked, runHostCommand } from './host-command.ts';

/** What to fetch and check out. */
export interface CloneRequest {
  /** URL or `file://` URL of the source repository. */
  url: string;
  target: string;
  /** Branch, tag, full ref or commit; empty for the source's default branch. */
  ref: string;
  /** The commit wanted when it is known (the event's sha). */
  sha?: string;
  /** 0 = full history. */
  depth: number;
  fetchTags: boolean;
  clean: boolean;
  submodules: 'false' | 'true' | 'recursive';
  sparse: string[];
  sparseCone: boolean;
  /** Sent as an HTTP authorization header, never stored in the clone's config. */
  token?: string;
}

/** A git runner for one directory that logs its commands. */
export function gitIn(ctx: StepContext, dir: string, token?: string): { run(...args: string[]): Promise<string>; try(...args: string[]): Promise<string | undefined> } {
  const env = { ...ctx.env, GIT_TERMINAL_PROMPT: '0' };
  const auth = token ? ['-c', `http.extraheader=AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`] : [];
  const options = { cwd: dir, env, signal: ctx.signal, log: (stream: 'stdout' | 'stderr', text: string) => ctx.log(stream, text) };
  return {
    run: (...args) => {
      ctx.log('stdout', `[command]git ${args.join(' ')}\n`);
      return runChecked('git', [...auth, ...args], options);
    },
    try: async (...args) => {
      const r = await runHostCommand('git', [...auth, ...args], { ...options, log: undefined });
      return r.exitCode === 0 ? r.stdout.trim() : undefined;
    },
  };
}

/** Fetches and checks out `request.ref` into `request.target`; resolves to the ref and commit checked out. */
export async function cloneInto(ctx: StepContext, request: CloneRequest): Promise<{ ref: string; commit: string }> {
  await prepareTarget(ctx, request);
  const git = gitIn(ctx, request.target, request.token);
  const plan = await planFetch(git, request);
  const depth = request.depth > 0 ? [`--depth=${request.depth}`] : [];
  const tags = request.fetchTags || request.depth === 0 ? [] : ['--no-tags'];
  const fetch = (refspecs: string[]): Promise<string> => git.run('-c', 'protocol.version=2', 'fetch', ...tags, '--prune', '--no-recurse-submodules', ...depth, 'origin', ...refspecs);
  // Full history: every branch and tag first, then the wanted commit onto its branch (it may be behind the tip).
  if (request.depth === 0) await fetch(['+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*']);
  await fetch(plan.refspecs);
  if (request.sparse.length > 0) await git.run('sparse-checkout', 'set', ...(request.sparseCone ? [] : ['--no-cone']), ...request.sparse);
  await git.run('checkout', '--force', ...plan.checkout);
  if (request.submodules !== 'false') {
    await git.run('submodule', 'sync', ...(request.submodules === 'recursive' ? ['--recursive'] : []));
    await git.run('-c', 'protocol.version=2', 'submodule', 'update', '--init', '--force', ...depth, ...(request.submodules === 'recursive' ? ['--recursive'] : []));
  }
  return { ref: plan.ref, commit: (await git.run('rev-parse', 'HEAD')).trim() };
}

/** An empty or new directory gets `git init`; an earlier clone is reused (and cleaned); anything else is refused. */
async function prepareTarget(ctx: StepContext, request: CloneRequest): Promise<void> {
  const git = gitIn(ctx, request.target);
  if (existsSync(path.join(request.target, '.git'))) {
    if (request.clean && (await git.try('rev-parse', '--verify', 'HEAD')) !== undefined) {
      await git.run('clean', '-ffdx');
      await git.run('reset', '--hard', 'HEAD');
    }
    await git.run('remote', 'set-url', 'origin', request.url).catch(() => git.run('remote', 'add', 'origin', request.url));
    return;
  }
  if (existsSync(request.target) && readdirSync(request.target).length > 0) {
    throw permanent(`actions/checkout: ${request.target} is not empty and is not a git clone; autodevops does not delete it. Remove it, or choose another with.path`);
  }
  await mkdir(request.target, { recursive: true });
  await git.run('init', '-q', request.target);
  await git.run('remote', 'add', 'origin', request.url);
}

interface FetchPlan {
  refspecs: string[];
  checkout: string[];
  ref: string;
}

/** What to fetch and check out for the ref, as actions/checkout's ref-helper decides it. */
async function planFetch(git: ReturnType<typeof gitIn>, request: CloneRequest): Promise<FetchPlan> {
  const { ref, sha } = request;
  if (/^[0-9a-f]{40}$/i.test(ref)) return { refspecs: [ref], checkout: ['--detach', ref], ref };
  const full = ref === '' ? await defaultBranch(git) : ref.startsWith('refs/') ? ref : await qualify(git, ref);
  const branch = /^refs\/heads\/(.+)$/.exec(full)?.[1];
  const source = sha && /^[0-9a-f]{40}$/i.test(sha) ? sha : full;
  if (branch !== undefined) return { refspecs: [`+${source}:refs/remotes/origin/${branch}`], checkout: ['-B', branch, `refs/remotes/origin/${branch}`], ref: full };
  if (full.startsWith('refs/tags/')) return { refspecs: [`+${source}:${full}`], checkout: ['--detach', full], ref: full };
  const local = `refs/remotes/${full.replace(/^refs\//, '')}`;
  return { refspecs: [`+${source}:${local}`], checkout: ['--detach', local], ref: full };
}

async function defaultBranch(git: ReturnType<typeof gitIn>): Promise<string> {
  const out = await git.try('ls-remote', '--symref', 'origin', 'HEAD');
  return /^ref:\s+(refs\/\S+)\s+HEAD/m.exec(out ?? '')?.[1] ?? 'refs/heads/main';
}

/** `main` → `refs/heads/main`, or `refs/tags/main` when only a tag has that name. */
async function qualify(git: ReturnType<typeof gitIn>, ref: string): Promise<string> {
  const out = (await git.try('ls-remote', 'origin', `refs/heads/${ref}`, `refs/tags/${ref}`)) ?? '';
  if (out.includes(`refs/heads/${ref}`)) return `refs/heads/${ref}`;
  if (out.includes(`refs/tags/${ref}`)) return `refs/tags/${ref}`;
  throw permanent(`actions/checkout: a branch or tag with the name '${ref}' could not be found in ${await git.try('remote', 'get-url', 'origin') ?? 'the source repository'}`);
}
