/**
 * A scripted Anthropic server: the Messages API, streaming and not, with Anthropic's error JSON and
 * its header checks. The real `@ai-sdk/anthropic` client talks to it through `baseURL: server.url`.
 *
 * @example
 * const server = await startAnthropicServer([{ text: 'hi' }]);
 * const model = createAnthropic({ baseURL: server.url, apiKey: 'test' })('claude-test');
 */
import { messagesRoute } from './anthropic-messages.ts';
import { startScriptedServer, type Protocol } from './scripted-http.ts';
import { scriptedId, type ModelServer, type ModelServerOptions, type Script } from './script.ts';

export type { ModelServer, ModelServerOptions } from './script.ts';

/** Starts a scripted Anthropic server on 127.0.0.1 (ephemeral port); `url` ends in `/v1`. */
export function startAnthropicServer(script: Script, options?: ModelServerOptions): Promise<ModelServer> {
  return startScriptedServer(anthropicProtocol, script, options);
}

/** Anthropic's error JSON (`{ type: 'error', error: { type, message } }`) for a status. */
export function anthropicErrorBody(status: number, message: string): unknown {
  return { type: 'error', error: { type: errorType(status), message } };
}

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

function errorType(status: number): string {
  return errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** Both headers are required by the real API; a key may also come as a Bearer token (`authToken`). */
function checkHeaders(headers: Record<string, string>, apiKey: string | undefined): string | undefined {
  if (!headers['anthropic-version']) return 'anthropic-version: header is required';
  const given = headers['x-api-key'] ?? /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  if (!given) return 'x-api-key header is required';
  return apiKey === undefined || given === apiKey ? undefined : 'invalid x-api-key';
}

const anthropicProtocol: Protocol = {
  routes: { '/v1/messages': messagesRoute },
  errorBody: anthropicErrorBody,
  responseHeaders: () => ({ 'request-id': scriptedId('req_') }),
  checkAuth: checkHeaders,
};
