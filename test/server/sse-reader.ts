/** Reads Server-Sent Events from a fetch response, for the server's tests. */

/** One message: its id, event name and parsed data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SseMessage { id: string; event: string; data: any }

/** Reads messages until `stop` says so or the stream ends; then drops the connection. Comment lines are skipped. */
export async function readSse(res: Response, stop: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const messages: SseMessage[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return messages;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const lines = buffer.slice(0, end).split('\n').filter((l) => !l.startsWith(':'));
      buffer = buffer.slice(end + 2);
      if (lines.length === 0) continue;
      const fields = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      const message = { id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? 'null') } as SseMessage;
      messages.push(message);
      if (stop(message)) {
        await reader.cancel();
        return messages;
      }
    }
  }
}
