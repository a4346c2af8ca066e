/**
 * Spawns one program under a time and output limit. It leads its own process group so a timeout or
 * an abort can end the whole tree; what it leaves running in its group after a normal exit is
 * ended too, since an agent's command must not outlive its turn (bubblewrap does the same by
 * tearing down the PID namespace).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Writable } from 'node:stream';
import { CappedOutput } from './capped-output.ts';
import { killProcessGroup, killProcessTree } from './kill-tree.ts';
import type { CommandResult } from './sandbox.ts';

/** One program to run and its limits. */
export interface BoundedSpawn {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
  stdin?: string;
  /** Bytes written to the program's fd 3 and then closed (bubblewrap reads its options there). */
  fd3?: Buffer;
}

/** How long output held open by an escaped process is read after the program ended. */
const drainMs = 2000;

/** Runs the program; rejects when it cannot start or when `signal` aborts (after the tree is gone). */
export async function runBounded(spec: BoundedSpawn): Promise<CommandResult> {
  spec.signal?.throwIfAborted();
  const started = performance.now();
  const child = spawnDetached(spec);
  const stdout = collect(child.stdout, spec.maxOutputBytes);
  const stderr = collect(child.stderr, spec.maxOutputBytes);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const limits = watchLimits(child, spec);
  try {
    const [exitCode, signal] = await exitOf(child);
    if (child.pid !== undefined) killProcessGroup(child.pid);
    if (!(await settlesWithin(closed, drainMs))) release(child);
    if (limits.aborted) throw spec.signal?.reason;
    const truncated = stdout.truncated || stderr.truncated;
    const durationMs = Math.round(performance.now() - started);
    return { exitCode, ...(signal && { signal }), stdout: stdout.text(), stderr: stderr.text(), timedOut: limits.timedOut, truncated, durationMs };
  } finally {
    limits.dispose();
  }
}

function spawnDetached(spec: BoundedSpawn): ChildProcess {
  const stdio: StdioOptions = [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...(spec.fd3 ? ['pipe' as const] : [])];
  const child = spawn(spec.file, [...spec.args], { cwd: spec.cwd, env: spec.env, detached: true, stdio });
  feed(child.stdin, spec.stdin);
  feed(child.stdio[3] as Writable | undefined, spec.fd3);
  return child;
}

/** Writes and closes; a program that exits without reading must not crash us with EPIPE. */
function feed(stream: Writable | null | undefined, data: string | Buffer | undefined): void {
  if (!stream || data === undefined) return;
  stream.on('error', () => {});
  stream.end(data);
}

function collect(stream: NodeJS.ReadableStream | null, limit: number): CappedOutput {
  const output = new CappedOutput(limit);
  stream?.on('data', (chunk: Buffer) => output.push(chunk));
  return output;
}

/** Arms the timeout and the abort signal; both kill the whole tree. */
function watchLimits(child: ChildProcess, spec: BoundedSpawn): { timedOut: boolean; aborted: boolean; dispose(): void } {
  const state = { timedOut: false, aborted: false, dispose: () => {} };
  const running = (): boolean => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const end = (reason: 'timedOut' | 'aborted'): void => {
    if (!running()) return;
    state[reason] = true;
    killProcessTree(child.pid!);
  };
  const timer = setTimeout(() => end('timedOut'), spec.timeoutMs);
  const onAbort = (): void => end('aborted');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  state.dispose = () => {
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', onAbort);
  };
  return state;
}

function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve([code, signal]));
  });
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops reading streams still held open by a process that escaped the group. */
function release(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
}
