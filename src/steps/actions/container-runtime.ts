/**
 * Whether a container engine (Docker, else Podman) answers here: `docker info` / `podman info`
 * with a short timeout. A client without a running daemon does not count. Cached per PATH, since
 * asking costs a process start and, with no daemon, up to the timeout.
 */
import { execFile } from 'node:child_process';

/** A container engine that answered. */
export type ContainerRuntime = 'docker' | 'podman';

/** How to look. */
export interface ContainerRuntimeOptions {
  /** PATH to find the programs on; default this process's. */
  path?: string;
  /** How long each `info` may take; default 3000 ms. */
  timeoutMs?: number;
}

const cache = new Map<string, Promise<ContainerRuntime | undefined>>();

/** The first engine whose `info` succeeds, or undefined when none does. */
export function detectContainerRuntime(options: ContainerRuntimeOptions = {}): Promise<ContainerRuntime | undefined> {
  const path = options.path ?? process.env.PATH ?? '';
  let found = cache.get(path);
  if (!found) {
    found = probe(path, options.timeoutMs ?? 3000);
    cache.set(path, found);
  }
  return found;
}

async function probe(path: string, timeoutMs: number): Promise<ContainerRuntime | undefined> {
  for (const runtime of ['docker', 'podman'] as const) {
    if (await answers(runtime, path, timeoutMs)) return runtime;
  }
  return undefined;
}

function answers(program: string, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(program, ['info'], { env: { ...process.env, PATH: path }, timeout: timeoutMs }, (error) => resolve(error === null));
  });
}
