/**
 * Ends a command's whole process tree. The command is spawned as the leader of its own process
 * group, so one kill reaches every process that stayed in the group; descendants that left it
 * (setsid, bubblewrap's --new-session) are found through /proc while their parents still live.
 * Under bubblewrap, killing the outer bwrap also ends the sandbox: --die-with-parent takes down its
 * PID 1, and the kernel kills every process of a PID namespace whose PID 1 ends.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** SIGKILL to the group led by `pid`, to `pid` and to every descendant found in /proc. */
export function killProcessTree(pid: number): void {
  const victims = descendantsOf(pid);
  sendKill(-pid);
  sendKill(pid);
  for (const victim of victims) sendKill(victim);
}

/** SIGKILL to the process group led by `pid` (what a finished command left running in it). */
export function killProcessGroup(pid: number): void {
  sendKill(-pid);
}

function sendKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone (ESRCH): nothing left to end.
  }
}

/** Every descendant of `root`, from the parent links in /proc (empty where there is no /proc). */
function descendantsOf(root: number): number[] {
  const children = childrenByParent();
  const found: number[] = [];
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const name of listProc()) {
    const ppid = parentOf(name);
    if (ppid === undefined) continue;
    const list = map.get(ppid) ?? [];
    list.push(Number(name));
    map.set(ppid, list);
  }
  return map;
}

function listProc(): string[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

/** The parent pid from /proc/<pid>/stat; the command name may hold spaces and parentheses. */
function parentOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}
