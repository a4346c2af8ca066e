/**
 * A scripted OpenAI-compatible server: Chat Completions and the Responses API, streaming and not,
 * with OpenAI's error JSON. Real AI SDK clients (`@ai-sdk/openai-compatible`, `@ai-sdk/openai`)
 * talk to it unchanged through `baseURL: server.url`.
 *
 * @example
 * const server = await startOpenAiServer([{ text: 'hi' }]);
 * const model = createOpenAICompatible({ name: 'local', baseURL: server.url }).chatModel('m');
 */
import { chatCompletionsRoute } from './openai-chat.ts';
import { responsesRoute } from './openai-responses.ts';
import { startScriptedServer, type Protocol } from './scripted-http.ts';
import { scriptedId, type ModelServer, type ModelServerOptions, type Script } from './script.ts';

export type { ModelServer, ModelServerOptions } from './script.ts';

/** Starts a scripted OpenAI server on 127.0.0.1 (ephemeral port); `url` ends in `/v1`. */
export function startOpenAiServer(script: Script, options?: ModelServerOptions): Promise<ModelServer> {
  return startScriptedServer(openAiProtocol, script, options);
}

/** OpenAI's error JSON (`{ error: { message, type, param, code } }`) for a status. */
export function openAiErrorBody(status: number, message: string): unknown {
  return { error: { message, type: errorType(status), param: null, code: errorCode(status) } };
}

function errorType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function errorCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

function checkBearer(headers: Record<string, string>, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined) return undefined;
  const given = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  if (given === undefined) return "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  return given === apiKey ? undefined : `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}.`;
}

const openAiProtocol: Protocol = {
  routes: { '/v1/chat/completions': chatCompletionsRoute, '/v1/responses': responsesRoute },
  errorBody: openAiErrorBody,
  responseHeaders: () => ({ 'x-request-id': scriptedId('req_') }),
  checkAuth: checkBearer,
};
