/**
 * The real AiRuntime: models from the environment and autodevops.yml through the AI SDK, our retry
 * policy, the versioned price table, bubblewrap sandboxes and the coding tools.
 */
import type { StepContext } from '../../engine/ports/step.ts';
import type { BoundTool } from '../agent/agent-loop.ts';
import type { BudgetLimits } from '../agent/budget.ts';
import { costOf, loadPriceTable, type PriceTable } from '../prices/price-table.ts';
import { resolveModelSettings } from '../providers/settings.ts';
import { openSandbox, type Sandbox } from '../sandbox/index.ts';
import { codingTools, repositoryMap, type AgentTool } from '../tools/index.ts';
import type { AiRuntime, StepModel, ToolKit } from './ai-runtime.ts';
import { defaultStepLimits, limitsOf, type AiSection } from './runtime-config.ts';

/** What the runtime is built from. */
export interface AiRuntimeOptions {
  /** The `ai:` section of autodevops.yml (validated). */
  config?: AiSection;
  /** Where relative paths of the config (the price table) are resolved. */
  configDir?: string;
  /**
   * The process environment (provider keys, AUTODEVOPS_AI_*). Steps see only a filtered host
   * environment, so the runtime reads these here; a workflow's `env:` overrides them.
   */
  env?: Record<string, string | undefined>;
}

function bind(tools: AgentTool[], workspace: string, sandbox: Sandbox | undefined, signal: AbortSignal): BoundTool[] {
  return tools.map((t) => ({ name: t.name, description: t.description, input: t.input, mutates: t.mutates, execute: (input) => t.execute(input, { workspace, sandbox, signal }) }));
}

/** The runtime of this process. */
export function createAiRuntime(options: AiRuntimeOptions = {}): AiRuntime {
  const config = options.config ?? {};
  let prices: PriceTable | undefined;
  const priceTable = (): PriceTable => (prices ??= loadPriceTable(config.prices && new URL(config.prices, `file://${options.configDir ?? process.cwd()}/`).pathname));
  const stepLimits: BudgetLimits = { ...defaultStepLimits, ...limitsOf(config.budget) };
  const runLimits = limitsOf(config['run-budget']);
  return {
    defaultLimits: stepLimits,
    async model(ctx: StepContext): Promise<StepModel> {
      const settings = resolveModelSettings({ env: { ...options.env, ...ctx.env }, config, step: ctx.step.with });
      // The AI SDK is loaded by the first AI step, not by every command that opens the app.
      const [{ createLanguageModel, providerLabel }, { callWithRetry }] = await Promise.all([import('../providers/language-model.ts'), import('../providers/retry.ts')]);
      if (settings.apiKey) ctx.addMask(settings.apiKey);
      const provider = providerLabel(settings);
      return {
        model: createLanguageModel(settings), provider, modelName: settings.model,
        retry: (call) => callWithRetry(() => call(AbortSignal.any([ctx.signal, AbortSignal.timeout(settings.timeoutMs)])), {
          maxRetries: settings.maxRetries, signal: ctx.signal, provider, ...(settings.apiKeyVariable && { apiKeyVariable: settings.apiKeyVariable }),
          onRetry: (info) => ctx.log('system', `model call failed (${info.reason}); retrying in ${Math.round(info.delayMs / 100) / 10} s\n`),
        }),
        price: (usage) => costOf(priceTable(), provider, settings.model, usage),
      };
    },
    async sandbox(ctx, workspace, { network }) {
      const sandbox = await openStepSandbox(ctx, workspace, network);
      if (sandbox.fallbackReason) ctx.log('system', `warning: agent commands run WITHOUT a sandbox (allowed by ai.allow-unsandboxed): ${sandbox.fallbackReason}\n`);
      return sandbox;
    },
    tools(kit: ToolKit, workspace, sandbox, signal) {
      const all = codingTools({ allowCommands: kit === 'code' });
      return bind(kit === 'read' ? all.filter((t) => !t.mutates) : all, workspace, sandbox, signal);
    },
    repositoryMap: (workspace, tokenBudget) => repositoryMap(workspace, { tokenBudget }),
    ...(Object.keys(runLimits).length > 0 && { runLimits }),
  };

  function openStepSandbox(ctx: StepContext, workspace: string, network: boolean): Promise<Sandbox> {
      const all: Record<string, string | undefined> = { ...options.env, ...ctx.env };
      const env = Object.fromEntries((config['sandbox-env'] ?? []).flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]!]])));
      return openSandbox(
        { workspace, network, env, timeoutMs: (config['command-timeout-seconds'] ?? 600) * 1000, maxOutputBytes: 256 * 1024, extraReadOnly: [`${workspace}/.git`] },
        { mode: config.sandbox ?? 'auto', allowUnsandboxed: config['allow-unsandboxed'] ?? false },
      );
  }
}
