/**
 * The fix step over HTTP against a scripted OpenAI-compatible model, with the real runtime: the
 * command runs in the bubblewrap sandbox, the model patches and re-runs it, the fix is committed;
 * a command that keeps failing ends with its evidence; time-outs and long output are reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStepContext } from '../../steps/run/testing/step-context.ts';
import type { Script } from '../../../test/support/model-servers/script.ts';
import { fixStep } from './fix-step.ts';
import { cleanupFixtures, git, modelFixture, readText, runStep, tempRepo } from './testing/ai-fixture.ts';
import { call, lastToolResult, taskOf, turns } from './testing/model-script.ts';

afterEach(cleanupFixtures);

const check = 'grep -qx ok value.txt || { echo "value is $(cat value.txt)"; exit 3; }';
const diagnose = (diagnosis: string) => call('finish', { diagnosis });

async function fix(script: Script, inputs: Record<string, unknown>) {
  const repo = tempRepo({ 'value.txt': 'broken\n' });
  const { server, runtime } = await modelFixture(script);
  return { ...(await runStep(createTestStepContext, fixStep(runtime), repo, { with: inputs })), repo, requests: server.requests };
}

describe('autodevops/fix', () => {
  it('lets the model patch a failing command until it passes, and commits the fix', async () => {
    const { result, repo, requests, ctx } = await fix(turns(
      call('edit_file', { path: 'value.txt', old_text: 'broken', new_text: 'ok' }),
      call('run_command', { command: check }),
      diagnose('value.txt held "broken"\nIt now holds "ok".'),
    ), { command: check });
    expect(taskOf(requests[0]!)).toBe(`The command \`${check}\` failed (attempt 1 of 3). Its output:\n\n[exit code 3]\nvalue is broken`);
    expect(lastToolResult(requests[2]!)).toMatch(/^exit code 0;/);
    expect(result).toMatchObject({ outcome: 'success', outputs: { passed: 'true', attempts: '1', evidence: '[exit code 0]\n', diagnosis: '1. value.txt held "broken"\nIt now holds "ok".' } });
    expect(result.summary).toMatch(/^### Fix\n\nThe command passes after 1 fix\(es\) \(3 turns, 2820 tokens, \$0\.0000\):\n\n1\. value\.txt held/);
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('fix: value.txt held "broken"');
    expect(readText(repo, 'value.txt')).toBe('ok\n');
    expect(ctx.text('stdout')).toContain(`$ ${check}\n[exit code 3]\nvalue is broken\n`);
    // The step's own runs of the command are traced like tool calls: failing, then passing.
    const runs = ctx.announced.flatMap((a) => (a.kind === 'tool-call' && a.call.name === 'sandbox.run' ? [a.call] : []));
    expect(runs.map((c) => [c.callId, c.error])).toEqual([['command-1', 'exit code 3'], ['command-2', undefined]]);
    expect(runs[0]!.output).toContain('value is broken');
  });

  it('fails with the evidence when the command still fails after max-attempts', async () => {
    const { result, repo, requests } = await fix(turns(diagnose('I could not find the cause.')), { command: check, 'max-attempts': 1 });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({
      outcome: 'failure', error: `\`${check}\` still fails after 1 fix attempt(s)`,
      outputs: { passed: 'false', attempts: '1', evidence: '[exit code 3]\nvalue is broken', diagnosis: '1. I could not find the cause.' },
    });
    expect(result.summary).toContain('still fails after 1 attempt(s).\n\n1. I could not find the cause.\n\n```\n[exit code 3]\nvalue is broken\n```');
    expect(git(repo, 'log', '--format=%s')).toBe('first');
  });

  it('asks no model when the command passes at once', async () => {
    const { result, requests } = await fix(turns(diagnose('x')), { command: 'true' });
    expect(result).toMatchObject({ outcome: 'success', outputs: { passed: 'true', attempts: '0' }, summary: '### Fix\n\nThe command passes; nothing to fix.\n' });
    expect(requests).toHaveLength(0);
  });

  it('reports a time-out and keeps the end of long output as evidence', async () => {
    const slow = await fix(turns(diagnose('x')), { command: 'sleep 5', 'command-timeout-minutes': 0.005, 'max-attempts': 0 });
    expect(slow.result).toMatchObject({ outcome: 'failure', outputs: { passed: 'false', attempts: '0', evidence: '[the command timed out]\n' } });
    const long = await fix(turns(diagnose('x')), { command: 'seq 1 3000; echo oops >&2; exit 1', 'max-attempts': 0 });
    const evidence = long.result.outputs!.evidence!;
    expect(evidence).toMatch(/^\[exit code 1\]\n…[\s\S]*\n2999\n3000\n\noops$/);
    expect(evidence.length).toBeLessThan(6100);
    expect(long.requests).toHaveLength(0);
  });

  it('fails with the outcome when the session ends without an answer, partial edits committed as wip, and requires a command', async () => {
    const { result, repo } = await fix(turns(call('edit_file', { path: 'value.txt', old_text: 'broken', new_text: 'nearly' }), call('read_file', { path: 'value.txt' })), { command: check, 'max-tokens': 1000 });
    expect(result).toMatchObject({ outcome: 'failure', outputs: { outcome: 'budget', passed: 'false', attempts: '0' }, error: expect.stringContaining('fix: the token budget is spent (1880 of 1000 tokens)') });
    expect(result.summary).toContain('The partial fix is committed as `wip:`.');
    expect(git(repo, 'log', '-1', '--format=%s')).toBe('wip: fix attempt 1 (partial: budget)');
    const idle = await fix(() => call('read_file', { path: 'value.txt' }), { command: check, 'max-turns': 1 });
    expect(idle.result.summary).not.toContain('partial fix');
    expect(git(idle.repo, 'log', '--format=%s')).toBe('first');
    await expect(fix(turns(diagnose('x')), {})).rejects.toMatchObject({ code: 'ADO_CONFIG_INVALID', message: expect.stringContaining('input `command` is required') });
  });
});
