/** Conversions between the port's objects and table rows. NULL columns become absent fields. */
import type { SQLOutputValue } from 'node:sqlite';
import type { LogChunk } from '../../core/events.ts';
import type { Conclusion, RunStatus } from '../../core/states.ts';
import type { RunCommand, RunSummary } from '../../engine/ports/store.ts';

type Row = Record<string, SQLOutputValue>;

interface RunRow {
  id: string;
  workflow_name: string;
  workflow_file: string;
  event: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  created_at: number;
  updated_at: number;
  concurrency_group: string | null;
  owner_id: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  lease_until: number | null;
}

/** A `runs` row as a RunSummary. */
export function toRunSummary(row: Row): RunSummary {
  const r = row as unknown as RunRow;
  const summary: RunSummary = {
    id: r.id,
    workflowName: r.workflow_name,
    workflowFile: r.workflow_file,
    event: r.event,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.conclusion !== null) summary.conclusion = r.conclusion;
  if (r.concurrency_group !== null) summary.concurrencyGroup = r.concurrency_group;
  // claimRun sets the three owner columns together.
  if (r.owner_id !== null) summary.owner = { id: r.owner_id, pid: r.owner_pid as number, host: r.owner_host as string };
  if (r.lease_until !== null) summary.leaseUntil = r.lease_until;
  return summary;
}

/** Named parameters of `insertRun`. */
export function runParams(s: RunSummary, lastSeq: number): Record<string, string | number | null> {
  return {
    id: s.id,
    workflowName: s.workflowName,
    workflowFile: s.workflowFile,
    event: s.event,
    status: s.status,
    conclusion: s.conclusion ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    concurrencyGroup: s.concurrencyGroup ?? null,
    lastSeq,
    ownerId: s.owner?.id ?? null,
    ownerPid: s.owner?.pid ?? null,
    ownerHost: s.owner?.host ?? null,
    leaseUntil: s.leaseUntil ?? null,
  };
}

/** A `logs` row as a LogChunk. */
export function toLogChunk(row: Row): LogChunk {
  return {
    runId: row.run_id as string,
    stepKey: row.step_key as string,
    seq: row.seq as number,
    at: row.at as number,
    stream: row.stream as LogChunk['stream'],
    text: row.text as string,
  };
}

/** A `commands` row as a RunCommand. */
export function toRunCommand(row: Row): RunCommand {
  return {
    id: row.id as number,
    runId: row.run_id as string,
    at: row.at as number,
    type: row.type as RunCommand['type'],
    data: JSON.parse(row.data as string) as Record<string, unknown>,
  };
}
