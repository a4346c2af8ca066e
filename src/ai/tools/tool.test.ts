import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolFailure } from './tool.ts';

const echo = defineTool({
  name: 'echo',
  description: 'Echoes, or fails as told.',
  input: z.object({ text: z.string(), fail: z.enum(['no', 'failure', 'error', 'string']).default('no') }),
  mutates: false,
  async run({ text, fail }) {
    if (fail === 'failure') throw new ToolFailure(`cannot echo ${text}`);
    if (fail === 'error') throw new Error('boom');
    if (fail === 'string') throw 'raw';
    return text;
  },
});

describe('defineTool', () => {
  it('keeps the description and answers with the result', async () => {
    expect(echo).toMatchObject({ name: 'echo', mutates: false });
    expect(await echo.execute({ text: 'hi' } as never, { workspace: '/' })).toBe('hi');
  });

  it('answers invalid input with an Error: text naming the field', async () => {
    const answer = await echo.execute({ txt: 1 } as never, { workspace: '/' });
    expect(answer).toMatch(/^Error: invalid input for echo:\n/);
    expect(answer).toContain('text');
  });

  it('turns failures of any kind into Error: texts', async () => {
    expect(await echo.execute({ text: 'x', fail: 'failure' }, { workspace: '/' })).toBe('Error: cannot echo x');
    expect(await echo.execute({ text: 'x', fail: 'error' }, { workspace: '/' })).toBe('Error: boom');
    expect(await echo.execute({ text: 'x', fail: 'string' }, { workspace: '/' })).toBe('Error: raw');
  });

  it('throws on cancellation, before and during the run', async () => {
    const aborted = AbortSignal.abort(new Error('cancelled'));
    await expect(echo.execute({ text: 'x' } as never, { workspace: '/', signal: aborted })).rejects.toThrow('cancelled');
    const controller = new AbortController();
    const slow = defineTool({
      name: 'slow', description: '', input: z.object({}), mutates: false,
      run: () => new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('inner')))),
    });
    const running = slow.execute({}, { workspace: '/', signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
  });
});
