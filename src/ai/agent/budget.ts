/**
 * Budgets of an agent session: turns, tokens, money and wall-clock time. Counted from the recorded
 * turns, so a session resumed after a crash continues with the same totals.
 */

/** Limits; an absent limit is not enforced. */
export interface BudgetLimits {
  maxTurns?: number;
  /** Prompt plus completion tokens over all turns. */
  maxTokens?: number;
  maxCostUsd?: number;
  /** Wall-clock milliseconds since the session started. */
  maxMs?: number;
}

/** What has been spent so far. */
export interface Spent {
  turns: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Calls whose model has no price (their cost is unknown, so a money budget cannot see them). */
  unpricedCalls: number;
}

/** Nothing spent. */
export function nothingSpent(): Spent {
  return { turns: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, unpricedCalls: 0 };
}

/** Adds one model turn. */
export function spend(spent: Spent, turn: { prompt: number; completion: number; costUsd?: number }): void {
  spent.turns += 1;
  spent.promptTokens += turn.prompt;
  spent.completionTokens += turn.completion;
  if (turn.costUsd === undefined) spent.unpricedCalls += 1;
  else spent.costUsd += turn.costUsd;
}

/** Why the budget is spent, or undefined while there is room for another turn. */
export function budgetExhausted(limits: BudgetLimits, spent: Spent, elapsedMs: number): string | undefined {
  const tokens = spent.promptTokens + spent.completionTokens;
  if (limits.maxTurns !== undefined && spent.turns >= limits.maxTurns) return `the turn budget is spent (${spent.turns} of ${limits.maxTurns} turns)`;
  if (limits.maxTokens !== undefined && tokens >= limits.maxTokens) return `the token budget is spent (${tokens} of ${limits.maxTokens} tokens)`;
  if (limits.maxCostUsd !== undefined && spent.costUsd >= limits.maxCostUsd) {
    return `the money budget is spent ($${spent.costUsd.toFixed(4)} of $${limits.maxCostUsd.toFixed(2)})`;
  }
  if (limits.maxMs !== undefined && elapsedMs >= limits.maxMs) return `the time budget is spent (${Math.round(elapsedMs / 1000)} s of ${Math.round(limits.maxMs / 1000)} s)`;
  return undefined;
}
