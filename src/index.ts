/**
 * The programmatic API of autodevops.
 * @example
 *   const app = await openApp({ steps: { 'acme/hello': (ctx) => ({ greeting: `hi ${ctx.step.with.name}` }) } });
 *   const { done } = await app.startRun({ workflowPath: '.github/workflows/ci.yml' });
 *   console.log((await done).conclusion);
 */
export { openApp, type OpenAppOptions } from './app.ts';
export type * from './app-api.ts';
export type { RunView, JobView, StepView, EngineEvent } from './core/views.ts';
export type { HistoryEvent, LogChunk, Trigger } from './core/events.ts';
export type { StepContext, StepResult, StepExecutor } from './engine/ports/step.ts';
export type { StepFunction } from './steps/registry.ts';
export { AutodevopsError, isAutodevopsError, errorCatalogue } from './core/errors.ts';
export { StepFailure, retryable, permanent } from './core/failure.ts';
export { renderErrorsMarkdown } from './core/errors-doc.ts';
