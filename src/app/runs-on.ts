/**
 * `runs-on` labels → where a job runs. autodevops is one local runner: a job runs on this machine
 * when every label it asks for means "this machine" — by the default table below or by the user's
 * `runs-on:` table in autodevops.yml (`{ my-gpu-runner: local, windows-latest: skip }`). Anything
 * else cannot run here, with a reason. The table is documented in docs/running-locally.md.
 */

/** What a label maps to in autodevops.yml: run here, skip the job (with a warning), or refuse it. */
export type RunsOnTarget = 'local' | 'skip' | 'error';

/** The user's label table, keys lower-cased (labels are case-insensitive, as on GitHub). */
export type RunsOnTable = Readonly<Record<string, RunsOnTarget>>;

/** The machine autodevops runs on. */
export interface HostInfo {
  /** `process.platform`: linux, darwin, win32… */
  platform: string;
  /** `process.arch`: x64, arm64… */
  arch: string;
}

/** Where a job's labels put it. */
export interface Placement {
  verdict: 'local' | 'skip' | 'unsupported';
  /** The labels, as written or evaluated. */
  labels: string[];
  /** Why it does not run here (verdict skip or unsupported). */
  reason?: string;
  /** What the user can do about it. */
  fix?: string;
}

/** This process's host. */
export function currentHost(): HostInfo {
  return { platform: process.platform, arch: process.arch };
}

/** Labels that always mean this machine: GitHub's Linux images, the generic self-hosted labels, `local`. */
export const localLabels: readonly string[] = ['ubuntu-latest', 'ubuntu-24.04', 'ubuntu-22.04', 'ubuntu-20.04', 'self-hosted', 'linux', 'x64', 'local'];

/** Labels that mean an arm64 machine: this one only when it is arm64. */
export const arm64Labels: readonly string[] = ['arm64', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm'];

const platformNames: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** One label's meaning: local, or a target from the table, or unsupported with the reason. */
export function placeLabel(label: string, table: RunsOnTable, host: HostInfo): Placement {
  const key = label.trim().toLowerCase();
  const mapped = table[key];
  if (mapped !== undefined) return mappedPlacement(label, mapped);
  const needs = defaultNeeds(key, host);
  if (needs === undefined) return { verdict: 'local', labels: [label] };
  if (needs === 'unknown') {
    return { verdict: 'unsupported', labels: [label], reason: `runs-on: ${label} is not a label this machine has`, fix: mapFix(label, 'local') };
  }
  return { verdict: 'unsupported', labels: [label], reason: `runs-on: ${label} needs ${needs} (this machine is ${hostName(host)})`, fix: `Pass --skip-unsupported to skip it, or map the label in autodevops.yml (runs-on: { ${label}: local }) to run it here anyway.` };
}

function mappedPlacement(label: string, target: RunsOnTarget): Placement {
  if (target === 'local') return { verdict: 'local', labels: [label] };
  if (target === 'skip') return { verdict: 'skip', labels: [label], reason: `runs-on: ${label} is mapped to skip in autodevops.yml` };
  return { verdict: 'unsupported', labels: [label], reason: `runs-on: ${label} is mapped to error in autodevops.yml`, fix: `Pass --skip-unsupported to skip it, or map the label to local in autodevops.yml.` };
}

/** What the default table says a label needs, or undefined when this machine has it. */
function defaultNeeds(key: string, host: HostInfo): string | undefined {
  if (key === 'windows' || key.startsWith('windows-')) return host.platform === 'win32' ? undefined : 'a Windows host';
  if (key === 'macos' || key.startsWith('macos-')) return host.platform === 'darwin' ? undefined : 'a macOS host';
  if (arm64Labels.includes(key) || key.endsWith('-arm') || key.endsWith('-arm64')) return host.arch === 'arm64' ? undefined : 'an arm64 host';
  // Larger runners and newer images (ubuntu-latest-4-cores, ubuntu-26.04) are Linux too.
  if (localLabels.includes(key) || key.startsWith('ubuntu-')) return undefined;
  return 'unknown';
}

function hostName(host: HostInfo): string {
  return `${platformNames[host.platform] ?? host.platform} ${host.arch}`;
}

function mapFix(label: string, target: RunsOnTarget): string {
  return `Map the label in autodevops.yml (runs-on: { ${label}: ${target} }) or pass --skip-unsupported.`;
}

/**
 * The labels of an evaluated `runs-on` value: a label, a list of labels, or `{ group, labels }`
 * (a runner group is looked up like a label). Undefined when the value has none of these shapes.
 */
export function runsOnLabels(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const { group, labels } = value as { group?: unknown; labels?: unknown };
  const list = labels === undefined ? [] : runsOnLabels(labels);
  if (list === undefined || (group !== undefined && typeof group !== 'string')) return undefined;
  return group === undefined ? list : [group, ...list];
}

/** Where a job with these labels runs: every label must mean this machine (GitHub picks a runner having all of them). */
export function placeJob(labels: string[], table: RunsOnTable, host: HostInfo): Placement {
  const present = labels.map((l) => l.trim()).filter((l) => l !== '');
  if (present.length === 0) return { verdict: 'unsupported', labels, reason: 'runs-on gives no label', fix: 'Give runs-on a label such as ubuntu-latest.' };
  const each = present.map((label) => placeLabel(label, table, host));
  const worst = each.find((p) => p.verdict === 'unsupported') ?? each.find((p) => p.verdict === 'skip');
  return worst === undefined ? { verdict: 'local', labels: present } : { ...worst, labels: present };
}

/** Reads the `runs-on` table of autodevops.yml; `bad(field, why)` reports a problem. */
export function parseRunsOnTable(raw: unknown, bad: (field: string, why: string) => never): RunsOnTable {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('runs-on', 'expected a mapping of labels to local, skip or error');
  const table: Record<string, RunsOnTarget> = {};
  for (const [label, target] of Object.entries(raw as Record<string, unknown>)) {
    if (target !== 'local' && target !== 'skip' && target !== 'error') bad(`runs-on.${label}`, 'expected local, skip or error');
    table[label.toLowerCase()] = target as RunsOnTarget;
  }
  return table;
}
