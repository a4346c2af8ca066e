/** Test helpers: find processes by command line, wait for a condition. */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of living (non-zombie) processes whose command line is exactly `commandLine`. */
export function processesMatching(commandLine: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (cmdline === commandLine && state !== 'Z') found.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Resolves once `probe` is true; rejects after `ms`. */
export async function waitUntil(probe: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A sleep duration no other process uses, so its command line identifies our child. */
export function uniqueSleep(): string {
  return `${1000 + Math.floor(Math.random() * 8000)}.${process.pid}`;
}
