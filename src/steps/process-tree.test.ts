import { describe, expect, it } from 'vitest';
import { parseProcessStat, readProcessTable, runProcessTree, type ProcessTreeOptions } from './process-tree.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

function bash(script: string, extra: Partial<ProcessTreeOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  const done = runProcessTree({
    command: 'bash', args: ['-c', script], cwd: process.cwd(), env, signal: controller.signal,
    onStdout: (c) => out.push(c.toString()), onStderr: (c) => err.push(c.toString()), ...extra,
  });
  return { done, controller, out, err };
}

/** Living descendants of `pid` (zombies count as gone). */
function descendants(pid: number): number[] {
  const table = readProcessTable()!;
  const found = new Set<number>([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of table.values()) {
      if (found.has(e.pid) || !found.has(e.ppid)) continue;
      found.add(e.pid);
      grew = true;
    }
  }
  found.delete(pid);
  return [...found].filter((p) => table.get(p)?.state !== 'Z');
}

function alive(pid: number): boolean {
  const e = readProcessTable()!.get(pid);
  return e !== undefined && e.state !== 'Z';
}

async function waitFor<T>(probe: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The numbers the script printed on its first line (it echoes `$$` and `$!`). */
async function printedPids(out: string[]): Promise<number[]> {
  const line = await waitFor(() => (out.join('').includes('\n') ? out.join('').split('\n')[0] : undefined));
  return line!.split(' ').map(Number);
}

describe('runProcessTree', () => {
  it('streams stdout and stderr and reports the exit code', async () => {
    const p = bash('echo out; echo err >&2; exit 3');
    expect(await p.done).toEqual({ exitCode: 3, aborted: false });
    expect(p.out.join('')).toBe('out\n');
    expect(p.err.join('')).toBe('err\n');
  });

  it('gives stdin as /dev/null', async () => {
    const p = bash('read -r line; echo "read=$? line=$line"');
    await p.done;
    expect(p.out.join('')).toBe('read=1 line=\n');
  });

  it('reports death by a signal as 128 + its number', async () => {
    expect(await bash('kill -9 $$').done).toEqual({ exitCode: 137, signal: 'SIGKILL', aborted: false });
  });

  it('rejects when the program does not exist', async () => {
    await expect(runProcessTree({ command: 'no-such-program-ado', args: [], cwd: process.cwd(), env })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('kills every descendant on abort, nested shells included', async () => {
    const p = bash('sleep 100 & bash -c "sleep 100 & wait" & echo $$; wait');
    const [root] = await printedPids(p.out);
    const kids = await waitFor(() => {
      const d = descendants(root!);
      return d.length >= 3 ? d : undefined;
    });
    p.controller.abort();
    const result = await p.done;
    expect(result.aborted).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    for (const pid of [root!, ...kids]) expect(alive(pid)).toBe(false);
  });

  it('falls back to SIGKILL after the grace period when TERM is ignored', async () => {
    const p = bash('trap "" TERM; sleep 100 & sleep 100 & echo $$; wait', { killGraceMs: 300 });
    const [root] = await printedPids(p.out);
    const kids = await waitFor(() => {
      const d = descendants(root!);
      return d.length >= 2 ? d : undefined;
    });
    const started = Date.now();
    p.controller.abort();
    const result = await p.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(result).toMatchObject({ aborted: true, signal: 'SIGKILL', exitCode: 137 });
    for (const pid of [root!, ...kids]) expect(alive(pid)).toBe(false);
  });

  it('also kills children that left the process group with setsid', async () => {
    const p = bash('setsid sleep 100 & echo $$; wait');
    const [root] = await printedPids(p.out);
    const [escaped] = await waitFor(() => {
      const d = descendants(root!);
      return d.length >= 1 && readProcessTable()!.get(d[0]!)?.pgrp !== root! ? d : undefined;
    });
    p.controller.abort();
    await p.done;
    expect(alive(escaped!)).toBe(false);
  });

  it('kills at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runProcessTree({ command: 'sleep', args: ['100'], cwd: process.cwd(), env, signal: controller.signal });
    expect(result.aborted).toBe(true);
  });

  it('stops reading output held open by a background child after the drain time, leaving the child running', async () => {
    const started = Date.now();
    const p = bash('sleep 30 & echo $$ $!', { drainMs: 100 });
    expect(await p.done).toEqual({ exitCode: 0, aborted: false });
    expect(Date.now() - started).toBeLessThan(3000);
    const [, child] = await printedPids(p.out);
    expect(alive(child!)).toBe(true);
    process.kill(child!, 'SIGKILL');
  });

  it('kills a background child that holds output open when aborted during the drain', async () => {
    const p = bash('sleep 30 & echo $$ $!', { drainMs: 10_000 });
    const [root, child] = await printedPids(p.out);
    await waitFor(() => (alive(root!) ? undefined : true));
    p.controller.abort();
    expect(await p.done).toEqual({ exitCode: 0, aborted: true });
    expect(alive(child!)).toBe(false);
  });
});

describe('parseProcessStat', () => {
  it('reads pid, state, ppid, group and start time, whatever the command name holds', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 4));
    expect(parseProcessStat(`42 (a) b (c) S 7 9 ${fields.join(' ')}`)).toEqual({ pid: 42, state: 'S', ppid: 7, pgrp: 9, start: '20' });
    expect(parseProcessStat('garbage')).toBeUndefined();
  });

  it('finds this process in /proc', () => {
    expect(readProcessTable()!.get(process.pid)?.ppid).toBe(process.ppid);
  });
});
