import { describe, expect, it } from 'vitest';
import { FakeApp } from '../testing/fake-app.ts';
import { failingRun, longRun, successRun, waitingRun } from '../testing/fixtures.ts';
import { runCli } from '../testing/run-cli.ts';
import { ctrlCReason } from '../watch-runs.ts';

function appPlaying(run: ReturnType<typeof successRun>): FakeApp {
  const app = new FakeApp();
  app.next = run;
  return app;
}

describe('autodevops run', () => {
  it('starts the run with the request from the flags and prints plain lines when not on a terminal', async () => {
    const app = appPlaying(successRun());
    const result = await runCli(['run', 'push', '--input', 'a=1'], { app });
    expect(app.calls[0]).toEqual(['startRun', { workflowPath: '.github/workflows', event: 'push', inputs: { a: '1' } }]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`▶ ci (push) · run run-1
[hello] ▶ job hello
[hello] ▶ Say hello
[hello/0] hello
[hello] ✓ Say hello (0.5s)
[hello] ✓ job succeeded (0.5s)

✓ success  ci (push) in 0.5s
run run-1 · details: autodevops show run-1
`);
    expect(app.closed).toBe(true);
  });

  it('exits 1 when the run fails', async () => {
    const result = await runCli(['run'], { app: appPlaying(failingRun()) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[build] ✗ Test (2.5s)');
  });

  it('exits 0 for a run left waiting, printing the approve command', async () => {
    const result = await runCli(['run'], { app: appPlaying(waitingRun()) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    approve: autodevops approve run-1\n');
  });

  it('prints every event as a JSON line and then the result with --json', async () => {
    const run = successRun();
    const result = await runCli(['run', '--json'], { app: appPlaying(run) });
    const lines = result.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(lines).toEqual([...run.events, { kind: 'result', exitCode: 0, runs: [run.final] }]);
  });

  it('redraws a live view on a terminal, and prints plain lines on a terminal in CI', async () => {
    const live = await runCli(['run', '--no-color'], { app: appPlaying(successRun()), tty: true });
    expect(live.stdout.startsWith('\x1b[?25l· ci (push) · run-1\n  · hello\n\x1b[2A\r\x1b[0J✓ ci (push) · run-1\n')).toBe(true);
    expect(live.stdout).toContain('✓ success  ci (push) in 0.5s\nrun run-1 · details: autodevops show run-1\n\n\x1b[?25h');
    const ci = await runCli(['run'], { app: appPlaying(successRun()), tty: true, env: { CI: 'true' } });
    expect(ci.stdout).toContain('[hello] \x1b[32m✓\x1b[39m Say hello (0.5s)');
    expect(ci.stdout).not.toContain('\x1b[?25l');
  });

  it('cancels gracefully on the first Ctrl-C and exits 130 once the run is cancelled', async () => {
    const app = appPlaying(longRun());
    app.endOnlyWhenCancelled = true;
    const result = await runCli(['run'], { app, interrupts: [20] });
    expect(app.calls.filter((c) => c[0] === 'cancel')).toEqual([['cancel', 'run-1', ctrlCReason]]);
    expect(result.stdout).toContain('Cancelling gracefully (running steps are stopped and recorded)… press Ctrl-C again to exit at once.\n');
    expect(result.stdout).toContain('⊘ cancelled  ci (push)');
    expect([result.code, result.exits]).toEqual([130, []]);
  });

  it('cancels a run that was still starting when Ctrl-C came, and exits at once on the second Ctrl-C', async () => {
    const app = appPlaying(longRun());
    app.endOnlyWhenCancelled = true;
    const result = await runCli(['run', '--json'], { app, interrupts: ['now', 'now'] });
    expect(app.calls.filter((c) => c[0] === 'cancel')).toHaveLength(1);
    expect(result.exits).toEqual([130]);
    expect(result.stderr).toContain('Cancelling gracefully');
  });

  it('notes a cancel that fails and still waits for the run', async () => {
    const app = appPlaying(successRun());
    app.cancel = () => Promise.reject(new Error('already done'));
    const result = await runCli(['run'], { app, interrupts: ['now'] });
    expect(result.stdout).toContain('could not cancel run-1: Error: already done');
    expect(result.code).toBe(0);
  });

  it('checks the command line before opening the App', async () => {
    const result = await runCli(['run', '--secret-file', '/nonexistent/.secrets']);
    expect([result.code, result.configs]).toEqual([2, []]);
    expect(result.stderr).toContain('error[ADO_SECRETS_FILE_UNREADABLE]: --secret-file /nonexistent/.secrets: cannot read the file (ENOENT)');
  });
});
