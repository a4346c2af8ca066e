import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (c: Buffer, _e, done) => ((text += c.toString()), done()) }), text: () => text };
}

describe('the logger', () => {
  it('writes JSON lines with an ISO time and the service', async () => {
    const out = sink();
    const logger = await createLogger({ destination: out.stream, level: 'debug' });
    logger.debug({ trace_id: 'abc' }, 'hello');
    expect(JSON.parse(out.text())).toMatchObject({ level: 20, msg: 'hello', trace_id: 'abc', service: 'autodevops', time: expect.stringMatching(/T.*Z$/) });
  });

  it('writes readable lines when pretty output is asked for and pino-pretty is installed', async () => {
    const out = sink();
    const logger = await createLogger({ destination: out.stream, pretty: true });
    logger.info({ trace_id: 'abc' }, 'hello');
    await new Promise((r) => setTimeout(r, 20));
    expect(out.text()).toContain('hello');
    expect(() => JSON.parse(out.text())).toThrow();
  });

  it('writes to a file descriptor by default (stderr)', async () => {
    const logger = await createLogger({ level: 'silent' });
    expect(logger.level).toBe('silent');
  });
});
