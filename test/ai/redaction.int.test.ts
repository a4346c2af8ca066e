/**
 * Secrets never reach a model: a real workflow run through openApp, with a run secret that an
 * earlier `run:` step writes into a committed file and echoes to the log, that the workflow env
 * exposes (and autodevops.yml passes into the sandbox), and that the code step's instruction
 * names. The scripted model reads the file, runs `env` and `cat`, and finishes. Every request the
 * server received is inspected, and so are the run's stored logs and history.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { git, tempRepo, writeFiles, cleanupFixtures } from '../../src/ai/steps/testing/ai-fixture.ts';
import { call, turns } from '../../src/ai/steps/testing/model-script.ts';
import { startOpenAiServer } from '../support/model-servers/openai-server.ts';
import type { ModelServer } from '../support/model-servers/script.ts';

const secret = 'tok-Zq8R4wX2pLmN';
let server: ModelServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await cleanupFixtures();
});

/** Each place the secret (in any letter case) occurs, with some text around it. */
function leaks(text: string): string[] {
  const found: string[] = [];
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(secret.toLowerCase()); at >= 0; at = lower.indexOf(secret.toLowerCase(), at + 1)) found.push(text.slice(Math.max(0, at - 60), at + 40));
  return found;
}

const workflow = `on: workflow_dispatch
env:
  TOKEN: \${{ secrets.TOKEN }}
jobs:
  change:
    runs-on: ubuntu-latest
    steps:
      - run: |
          mkdir -p notes
          echo "token=$TOKEN" > notes/secret.txt
          echo "the token is $TOKEN"
          git add notes/secret.txt
          git -c user.name=t -c user.email=t@example.com commit -q -m "notes"
      - id: code
        uses: autodevops/code@v1
        with:
          instruction: Use the token \${{ secrets.TOKEN }} in app.py
`;

it('sends no secret to the model, in prompts, tool results or the environment, and stores none', async () => {
  server = await startOpenAiServer(turns(
    call('read_file', { path: 'notes/secret.txt' }),
    call('run_command', { command: 'env' }),
    call('run_command', { command: 'cat notes/secret.txt' }),
    call('finish', { status: 'done', summary: 'Read the token.', question: null }),
  ));
  const repo = tempRepo({ 'app.py': 'print("hi")\n' });
  const project = realpathSync(mkdtempSync(path.join(tmpdir(), 'ado-redaction-')));
  dirs.push(project);
  writeFiles(project, { 'autodevops.yml': 'ai:\n  sandbox-env: [TOKEN]\n', 'workflow.yml': workflow });
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, USER: 'tester', AUTODEVOPS_AI_PROVIDER: 'openai-compatible', AUTODEVOPS_AI_BASE_URL: server.url, AUTODEVOPS_AI_MODEL: 'x' };
  const app = await openApp({ cwd: project, dataDir: path.join(project, 'data'), env, engine: { pollMs: 20 } });
  try {
    const view = await (await app.startRun({ workflowPath: 'workflow.yml', workdir: repo, secrets: { TOKEN: secret } })).done;
    expect(view.conclusion).toBe('success');
    expect(server.requests).toHaveLength(4);
    const wire = server.requests.map((r) => JSON.stringify(r)).join('\n');
    // Not the value, nor a lower-cased copy of it (a branch name or path made from the instruction).
    expect(leaks(wire)).toEqual([]);
    expect(wire).toContain('Use the token *** in app.py');
    expect(wire).toContain('token=***');
    expect(wire).toMatch(/TOKEN=\*\*\*/);
    const logs = (await app.readLogs(view.id)).map((c) => c.text).join('');
    expect(logs).toContain('the token is ***');
    const stored = JSON.stringify(await app.readHistory(view.id)) + logs + JSON.stringify(await app.getRun(view.id));
    expect(leaks(stored)).toEqual([]);
    expect(leaks(git(repo, 'log', '--all', '--format=%D %B'))).toEqual([]);
  } finally {
    await app.close();
  }
});
