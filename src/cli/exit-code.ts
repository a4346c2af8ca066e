/** The exit code contract of live commands. */
import type { RunView } from '../core/views.ts';

/** Exit code of the CLI when interrupted by Ctrl-C (128 + SIGINT). */
export const interruptedExitCode = 130;

/**
 * 1 when a run failed, was cancelled or needs a decision; 130 when cancelled by Ctrl-C;
 * 0 when every run succeeded or is waiting (for an approval, a signal or a timer).
 */
export function exitCodeFor(views: readonly RunView[], interrupted: boolean): number {
  const cancelled = views.some((v) => v.status === 'completed' && v.conclusion === 'cancelled');
  if (interrupted && cancelled) return interruptedExitCode;
  const failed = views.some((v) => v.status === 'needs-decision' || (v.status === 'completed' && v.conclusion === 'failure'));
  return failed || cancelled ? 1 : 0;
}
