/**
 * Model calls → LLM spans and tool calls → TOOL spans, with the OpenInference attributes Phoenix
 * reads (model, provider, token counts, cost, messages, tool name). They nest under the step
 * attempt that made them (an AGENT span), or under their enclosing call — a tool call under the
 * model turn that asked for it — in the run's trace, with the run's session.
 */
import { SemanticConventions as SC, OpenInferenceSpanKind, MimeType } from '@arizeai/openinference-semantic-conventions';
import type { AiMessage, ModelCall, ToolCall } from '../core/ai-calls.ts';
import type { RunInfo } from './run-info.ts';
import { RunSpans, MAX_VALUE_LENGTH } from './run-spans.ts';
import { sessionIdOf } from '../core/session-id.ts';
import type { AttributeValue, SpanRecord } from './span-record.ts';
import { spanIdOf } from './trace-ids.ts';

/** The span id of a call, so nested calls can name their parent. */
export function callSpanId(runId: string, stepKey: string, attempt: number, callId: string): string {
  return spanIdOf(runId, 'call', stepKey, attempt, callId);
}

/** The LLM span of a model call made in `run`. */
export function modelCallSpan(c: ModelCall, run: RunInfo): SpanRecord {
  const total = c.usage.total ?? c.usage.prompt + c.usage.completion;
  const attributes: Record<string, AttributeValue> = {
    [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.LLM, [SC.LLM_MODEL_NAME]: c.model, [SC.LLM_PROVIDER]: c.provider,
    [SC.LLM_TOKEN_COUNT_PROMPT]: c.usage.prompt, [SC.LLM_TOKEN_COUNT_COMPLETION]: c.usage.completion, [SC.LLM_TOKEN_COUNT_TOTAL]: total,
    ...(c.usage.cacheRead !== undefined && { [SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ]: c.usage.cacheRead }),
    ...(c.usage.cacheWrite !== undefined && { [SC.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE]: c.usage.cacheWrite }),
    ...(c.usage.reasoning !== undefined && { [SC.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING]: c.usage.reasoning }),
    ...(c.cost && { [SC.LLM_COST_PROMPT]: c.cost.prompt, [SC.LLM_COST_COMPLETION]: c.cost.completion, [SC.LLM_COST_TOTAL]: c.cost.total, 'autodevops.price_table': c.cost.priceTable }),
    ...(c.parameters !== undefined && { [SC.LLM_INVOCATION_PARAMETERS]: c.parameters }),
    ...messageAttributes(SC.LLM_INPUT_MESSAGES, c.input), ...messageAttributes(SC.LLM_OUTPUT_MESSAGES, c.output),
    [SC.INPUT_VALUE]: cut(JSON.stringify(c.input)), [SC.INPUT_MIME_TYPE]: MimeType.JSON,
    [SC.OUTPUT_VALUE]: cut(JSON.stringify(c.output)), [SC.OUTPUT_MIME_TYPE]: MimeType.JSON,
  };
  return callSpan(c, run, `${c.provider} ${c.model}`, attributes);
}

/** The TOOL span of a tool call made in `run`. */
export function toolCallSpan(c: ToolCall, run: RunInfo): SpanRecord {
  const attributes: Record<string, AttributeValue> = {
    [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.TOOL, [SC.TOOL_NAME]: c.name,
    ...(c.description !== undefined && { [SC.TOOL_DESCRIPTION]: c.description }),
    [SC.INPUT_VALUE]: cut(c.input), [SC.INPUT_MIME_TYPE]: MimeType.JSON,
    ...(c.output !== undefined && { [SC.OUTPUT_VALUE]: cut(c.output), [SC.OUTPUT_MIME_TYPE]: MimeType.TEXT }),
  };
  return callSpan(c, run, c.name, attributes);
}

function callSpan(c: ModelCall | ToolCall, run: RunInfo, name: string, attributes: Record<string, AttributeValue>): SpanRecord {
  const parentSpanId = c.parentCallId === undefined ? RunSpans.stepSpanId(c.runId, c.stepKey, c.attempt) : callSpanId(c.runId, c.stepKey, c.attempt, c.parentCallId);
  const session = sessionIdOf(run.trigger);
  return {
    name, traceId: run.traceId, spanId: callSpanId(c.runId, c.stepKey, c.attempt, c.callId), parentSpanId,
    startMs: c.startedAt, endMs: c.completedAt,
    attributes: { ...attributes, ...(session !== undefined && { [SC.SESSION_ID]: session }), 'autodevops.run.id': c.runId, 'autodevops.step.key': c.stepKey, 'autodevops.call.id': c.callId },
    status: c.error === undefined ? { code: 'ok' } : { code: 'error', message: c.error },
  };
}

/** OpenInference's flattened message list: `<prefix>.<i>.message.role`, `.content`, `.tool_calls.<j>.…`. */
function messageAttributes(prefix: string, messages: AiMessage[]): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  messages.forEach((m, i) => {
    const at = `${prefix}.${i}.`;
    out[at + SC.MESSAGE_ROLE] = m.role;
    out[at + SC.MESSAGE_CONTENT] = cut(m.content);
    if (m.toolCallId !== undefined) out[at + SC.MESSAGE_TOOL_CALL_ID] = m.toolCallId;
    m.toolCalls?.forEach((t, j) => {
      const call = `${at}${SC.MESSAGE_TOOL_CALLS}.${j}.`;
      out[call + SC.TOOL_CALL_ID] = t.id;
      out[call + SC.TOOL_CALL_FUNCTION_NAME] = t.name;
      out[call + SC.TOOL_CALL_FUNCTION_ARGUMENTS_JSON] = cut(t.arguments);
    });
  });
  return out;
}

function cut(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}
