/**
 * One folder per scenario (as in act's runner testdata): `workflow.yml`, optional `run.json`
 * (event, inputs, secrets, env, vars, matrix, jobs) and `event.json`, and `expected.json` with
 * the run's conclusion, per-job and per-step results, and text the logs must (not) contain.
 * A `remotes/<owner>/<repo>/` folder becomes a git repository (tagged v1) on a local server that
 * remote actions are fetched from; `run.json`'s `actions` (offline, overrides) configures the app.
 * Each runs through the real app: parser, engine, SQLite store, real processes, real git.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import type { ActionsConfig, RunRequest } from '../../src/app-api.ts';
import { createGitServer } from '../../src/steps/actions/testing/git-server.ts';

const here = import.meta.dirname;
const scenarios = readdirSync(path.join(here, 'cases')).sort();

interface Expected {
  conclusion: string;
  jobs?: Record<string, { conclusion?: string; outputs?: Record<string, string>; summary?: string; steps?: Array<{ conclusion?: string; outcome?: string; outputs?: Record<string, string> } | null> }>;
  logsContain?: string[];
  logsNotContain?: string[];
  error?: string;
}

describe('scenarios', () => {
  for (const name of scenarios) {
    it(name, async () => {
      const src = path.join(here, 'cases', name);
      const work = mkdtempSync(path.join(tmpdir(), `ado-scn-${name}-`));
      cpSync(src, work, { recursive: true });
      const expected = JSON.parse(readFileSync(path.join(work, 'expected.json'), 'utf8')) as Expected;
      const { actions, ...request } = (existsSync(path.join(work, 'run.json')) ? JSON.parse(readFileSync(path.join(work, 'run.json'), 'utf8')) : {}) as Partial<RunRequest> & { actions?: ActionsConfig };
      const server = publishRemotes(work);
      const app = await openApp({ cwd: work, dataDir: path.join(work, '.data'), env: { PATH: process.env.PATH, HOME: process.env.HOME }, actions: { ...(server && { server }), ...actions } });
      try {
        if (expected.error) {
          await expect(app.startRun({ workflowPath: 'workflow.yml', ...request })).rejects.toMatchObject({ code: expected.error });
          return;
        }
        const handle = await app.startRun({ workflowPath: 'workflow.yml', ...(existsSync(path.join(work, 'event.json')) ? { eventPath: 'event.json' } : {}), ...request });
        const view = await handle.done;
        const logs = (await app.readLogs(view.id)).map((c) => c.text).join('');
        const detail = `${JSON.stringify(view.jobs.map((j) => ({ key: j.key, c: j.conclusion, e: j.error, steps: j.steps.map((s) => [s.conclusion, s.error]) })))}\n${logs}`;
        expect(view.conclusion, detail).toBe(expected.conclusion);
        for (const [key, job] of Object.entries(expected.jobs ?? {})) {
          const actual = view.jobs.find((j) => j.key === key);
          expect(actual, `job ${key}`).toBeDefined();
          if (job.conclusion) expect(actual!.conclusion, `job ${key}\n${detail}`).toBe(job.conclusion);
          if (job.outputs) expect(actual!.outputs).toEqual(job.outputs);
          if (job.summary !== undefined) expect(actual!.summary).toBe(job.summary);
          job.steps?.forEach((s, i) => {
            if (!s) return;
            const st = actual!.steps[i]!;
            if (s.conclusion) expect(st.conclusion, `${key} step ${i}\n${detail}`).toBe(s.conclusion);
            if (s.outcome) expect(st.outcome, `${key} step ${i}`).toBe(s.outcome);
            if (s.outputs) expect(st.outputs, `${key} step ${i}`).toEqual(s.outputs);
          });
        }
        for (const text of expected.logsContain ?? []) expect(logs).toContain(text);
        for (const text of expected.logsNotContain ?? []) expect(logs).not.toContain(text);
      } finally {
        await app.close();
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});

/** Publishes `remotes/<owner>/<repo>/` folders as repositories tagged v1; returns the server URL. */
function publishRemotes(work: string): string | undefined {
  const remotes = path.join(work, 'remotes');
  if (!existsSync(remotes)) return undefined;
  const server = createGitServer(path.join(work, '.git-server'));
  for (const owner of readdirSync(remotes)) {
    for (const repo of readdirSync(path.join(remotes, owner))) {
      const dir = path.join(remotes, owner, repo);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
      server.publish(owner, repo, Object.fromEntries(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')])), { tags: ['v1'] });
    }
  }
  return server.url;
}
