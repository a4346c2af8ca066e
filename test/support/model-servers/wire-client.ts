/** A raw HTTP client for wire-level tests of the scripted servers: exact status, headers and SSE frames. */

/** One parsed server-sent event: its `event:` name (if any) and raw `data:` text. */
export interface WireEvent {
  event?: string;
  data: string;
}

/** The answer to a raw POST: status, headers, body text and, for event streams, the parsed events. */
export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON
  json(): any;
  events: WireEvent[];
}

/** POSTs `body` (JSON-encoded unless already a string) and reads the whole answer. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<WireResponse> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (method === 'POST') init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text), events: parseSse(text) };
}

/** Splits an event-stream body into events (blank-line separated frames of `event:` / `data:` lines). */
export function parseSse(text: string): WireEvent[] {
  return text.split('\n\n').filter((frame) => frame.trim() !== '').map((frame) => {
    const event: WireEvent = { data: '' };
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) event.event = line.slice('event: '.length);
      if (line.startsWith('data: ')) event.data = line.slice('data: '.length);
    }
    return event;
  });
}
