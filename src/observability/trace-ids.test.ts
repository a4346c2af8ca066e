import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runTraceId, spanIdOf, traceIdOf } from './trace-ids.ts';

describe('trace and span ids', () => {
  it('derive the trace id from the run id: the first 16 bytes of its sha256', () => {
    expect(traceIdOf('01abc')).toBe(createHash('sha256').update('01abc').digest('hex').slice(0, 32));
    expect(traceIdOf('01abc')).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf('01abd')).not.toBe(traceIdOf('01abc'));
  });

  it('derive span ids from the run and the span place, 8 bytes, distinct per attempt', () => {
    const a = spanIdOf('r', 'step', 'build/0', 1);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdOf('r', 'step', 'build/0', 1)).toBe(a);
    expect(spanIdOf('r', 'step', 'build/0', 2)).not.toBe(a);
    // Parts are separated, so ('ab','c') and ('a','bc') differ.
    expect(spanIdOf('r', 'ab', 'c')).not.toBe(spanIdOf('r', 'a', 'bc'));
  });

  it('put a reusable workflow\'s run in the trace of its top caller', async () => {
    const runs = { top: { id: 'top' }, mid: { id: 'mid', parent: { runId: 'top', jobKey: 'call' } } };
    const describe = async (id: string) => runs[id as keyof typeof runs];
    expect(await runTraceId({ id: 'leaf', parent: { runId: 'mid', jobKey: 'deploy' } }, describe)).toBe(traceIdOf('top'));
    expect(await runTraceId({ id: 'top' }, describe)).toBe(traceIdOf('top'));
  });
});
