/**
 * Step outputs that hold a secret are stored masked in the history, with the real values sealed
 * (encrypted) beside them, so later steps still receive them after a crash and the store never
 * holds them readable.
 */
import type { Masker } from './masker.ts';
import type { StepState } from './run-state.ts';

const opened = new WeakMap<StepState, Record<string, string>>();

/** A step's outputs with sealed values restored. */
export function outputsOf(step: StepState, unseal: (sealed: string) => unknown): Record<string, string> {
  if (step.sealedOutputs === undefined) return step.outputs;
  let full = opened.get(step);
  if (!full) {
    full = { ...step.outputs, ...(unseal(step.sealedOutputs) as Record<string, string>) };
    opened.set(step, full);
  }
  return full;
}

/** Splits outputs into what the history may show (masked) and the sealed originals, if any. */
export function sealOutputs(outputs: Record<string, string>, masker: Masker, seal: (v: unknown) => string): { outputs: Record<string, string>; sealedOutputs?: string } {
  if (masker.empty) return { outputs };
  const secret: Record<string, string> = {};
  const shown: Record<string, string> = {};
  for (const [k, v] of Object.entries(outputs)) {
    const masked = masker.mask(v);
    shown[k] = masked;
    if (masked !== v) secret[k] = v;
  }
  return Object.keys(secret).length === 0 ? { outputs } : { outputs: shown, sealedOutputs: seal(secret) };
}
