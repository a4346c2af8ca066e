/**
 * Runs a program as the leader of a new process group and, when aborted, ends its whole tree:
 * SIGTERM to the group and to every descendant found in /proc (which also catches children that
 * left the group with setsid), then SIGKILL after a grace period, and returns only once none is
 * left. After a normal exit, output still held open by background children is read for a while
 * (GitHub's runner waits 5 s) and then let go; those children are not killed, as on GitHub.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';

/** What to run and how. */
export interface ProcessTreeOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Aborting ends the whole tree. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL; default 2500 ms. */
  killGraceMs?: number;
  /** How long output held open by background children is read after the main process exits; default 5000 ms. */
  drainMs?: number;
  onStdout?(chunk: Buffer): void;
  onStderr?(chunk: Buffer): void;
}

/** How the main process ended. */
export interface ProcessTreeResult {
  /** Exit code; for death by a signal, 128 + its number (as the runner's .NET reports it). */
  exitCode: number;
  /** The signal that ended the main process, if one did. */
  signal?: NodeJS.Signals;
  /** True when the abort signal fired and the tree was killed. */
  aborted: boolean;
}

/** One row of /proc/<pid>/stat. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** Single-letter state; `Z` is a zombie (already dead). */
  state: string;
  /** Start time in clock ticks, to tell a reused pid from the process we saw. */
  start: string;
}

/** Starts the program (stdin is /dev/null) and resolves when it and, if aborted, its tree are gone. */
export async function runProcessTree(options: ProcessTreeOptions): Promise<ProcessTreeResult> {
  const child = spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = exitOf(child);
  const closed = readOutput(child, options);
  let killing: Promise<void> | undefined;
  const onAbort = (): void => {
    if (child.pid !== undefined) killing ??= killProcessTree(child.pid, options.killGraceMs ?? 2500);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (options.signal?.aborted) onAbort();
    const [code, signal] = await exited;
    if (killing) await killing;
    if (!(await settlesWithin(closed, options.drainMs ?? 5000))) release(child);
    if (killing) await killing;
    return { exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), ...(signal && { signal }), aborted: killing !== undefined };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** SIGTERM to the tree of `pid`, SIGKILL to what is left after `graceMs`; resolves when none remains. */
export async function killProcessTree(pid: number, graceMs: number): Promise<void> {
  const tree = new ProcessTree(pid);
  tree.signal('SIGTERM');
  if (await tree.waitGone(graceMs)) return;
  tree.signal('SIGKILL');
  await tree.waitGone(5000);
}

/** All processes from /proc, or undefined where there is no /proc. */
export function readProcessTable(): Map<number, ProcessEntry> | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table = new Map<number, ProcessEntry>();
  for (const name of names) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    const entry = readStat(name);
    if (entry) table.set(entry.pid, entry);
  }
  return table;
}

/** Parses a /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseProcessStat(text: string): ProcessEntry | undefined {
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || Number.isNaN(pid) || fields.length < 20) return undefined;
  return { pid, state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]), start: fields[19]! };
}

function readStat(pid: string): ProcessEntry | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // exited while we looked
  }
}

/** The processes belonging to one run: its group plus every descendant ever seen. */
class ProcessTree {
  readonly #root: number;
  readonly #known = new Map<number, string>();

  constructor(root: number) {
    this.#root = root;
  }

  signal(signal: NodeJS.Signals): void {
    // Look before signalling: once the root dies its children are re-parented and untraceable.
    const members = this.members() ?? [];
    trySignal(-this.#root, signal);
    for (const pid of members) trySignal(pid, signal);
  }

  /** Living members, learning new ones; undefined without /proc. */
  members(): number[] | undefined {
    const table = readProcessTable();
    if (!table) return undefined;
    this.#learn(table);
    return [...this.#known].filter(([pid, start]) => isLiving(table.get(pid), start)).map(([pid]) => pid);
  }

  async waitGone(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (!this.#alive()) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  #alive(): boolean {
    const members = this.members();
    if (members) return members.length > 0;
    return trySignal(-this.#root, 0);
  }

  #learn(table: Map<number, ProcessEntry>): void {
    for (let grew = true; grew; ) {
      grew = false;
      for (const entry of table.values()) {
        if (this.#known.has(entry.pid) || !this.#belongs(entry, table)) continue;
        this.#known.set(entry.pid, entry.start);
        grew = true;
      }
    }
  }

  #belongs(entry: ProcessEntry, table: Map<number, ProcessEntry>): boolean {
    if (entry.pid === this.#root || entry.pgrp === this.#root) return true;
    const parentStart = this.#known.get(entry.ppid);
    return parentStart !== undefined && table.get(entry.ppid)?.start === parentStart;
  }
}

function isLiving(entry: ProcessEntry | undefined, start: string): boolean {
  return entry !== undefined && entry.start === start && entry.state !== 'Z';
}

/** Sends a signal; false when there was no such process (or group). */
function trySignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => resolve([code, signal]));
    child.on('error', reject);
  });
}

/** Hands output to the callbacks; resolves when both pipes are closed (every holder has exited). */
function readOutput(child: ChildProcess, options: ProcessTreeOptions): Promise<unknown> {
  const pipes: Array<[Readable, (chunk: Buffer) => void]> = [[child.stdout!, options.onStdout ?? noop], [child.stderr!, options.onStderr ?? noop]];
  return Promise.all(pipes.map(([pipe, onData]) => {
    pipe.on('data', onData);
    return new Promise<void>((resolve) => pipe.once('close', () => resolve()));
  }));
}

/** True when `promise` settles within `ms`; the timer does not outlive it. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops reading output that background children still hold open. */
function release(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function noop(): void {}
