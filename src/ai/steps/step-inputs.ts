/**
 * Reading an AI step's `with:` inputs: text, numbers and budgets, with errors that name the input.
 */
import path from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import type { BudgetLimits } from '../agent/budget.ts';

/** The inputs of a step, as the engine evaluated them. */
export type StepWith = Record<string, unknown>;

function invalid(step: string, name: string, why: string): AutodevopsError {
  return new AutodevopsError('ADO_CONFIG_INVALID', `${step}: input \`${name}\` ${why}`, { hint: `See docs/ai-steps.md for the inputs of ${step}.` });
}

/** A text input; empty counts as absent. */
export function textInput(step: string, inputs: StepWith, name: string, options: { required?: boolean } = {}): string | undefined {
  const value = inputs[name];
  if (value === undefined || value === null || value === '') {
    if (options.required) throw invalid(step, name, 'is required');
    return undefined;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A positive number input. */
export function numberInput(step: string, inputs: StepWith, name: string): number | undefined {
  const text = textInput(step, inputs, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw invalid(step, name, `must be a positive number, not "${text}"`);
  return value;
}

/** A boolean input (`true`/`false`). */
export function booleanInput(step: string, inputs: StepWith, name: string, fallback: boolean): boolean {
  const text = textInput(step, inputs, name);
  if (text === undefined) return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw invalid(step, name, `must be true or false, not "${text}"`);
}

/** One of the allowed values. */
export function choiceInput<T extends string>(step: string, inputs: StepWith, name: string, allowed: readonly T[], fallback: T): T {
  const text = textInput(step, inputs, name) ?? fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw invalid(step, name, `must be one of ${allowed.join(', ')}, not "${text}"`);
}

/** The step's budget: `max-turns`, `max-tokens`, `max-cost-usd`, `max-minutes`, over the defaults. */
export function budgetInputs(step: string, inputs: StepWith, defaults: BudgetLimits): BudgetLimits {
  const minutes = numberInput(step, inputs, 'max-minutes');
  const limits: BudgetLimits = { ...defaults };
  const turns = numberInput(step, inputs, 'max-turns');
  const tokens = numberInput(step, inputs, 'max-tokens');
  const cost = numberInput(step, inputs, 'max-cost-usd');
  if (turns !== undefined) limits.maxTurns = Math.floor(turns);
  if (tokens !== undefined) limits.maxTokens = Math.floor(tokens);
  if (cost !== undefined) limits.maxCostUsd = cost;
  if (minutes !== undefined) limits.maxMs = minutes * 60_000;
  return limits;
}

/** The repository a step works on: `with: repository` (relative to the step's directory), else the step's directory. */
export function repositoryInput(step: string, inputs: StepWith, workingDirectory: string): string {
  const given = textInput(step, inputs, 'repository');
  return given === undefined ? workingDirectory : path.resolve(workingDirectory, given);
}
