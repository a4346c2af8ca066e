import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../core/errors.ts';
import type { WorkflowDefinition } from './model.ts';
import { normalizeWorkflow } from './normalize.ts';
import { parseWithGitHubParser } from './parser-adapter.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/workflows');

async function normalize(text: string, file = 'w.yml'): Promise<{ workflow: WorkflowDefinition; diagnostics: string[] }> {
  const parsed = await parseWithGitHubParser(file, text);
  expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([]);
  const result = normalizeWorkflow(file, parsed.root!, parsed.conditions);
  return { workflow: result.workflow, diagnostics: result.diagnostics.map(formatDiagnostic) };
}

const oneJob = (jobBody: string, top = '') => `on: push\n${top}jobs:\n  a:\n    runs-on: x\n${jobBody}    steps:\n      - run: echo\n`;

describe('normalizeWorkflow: the workflow', () => {
  it('keeps every part of a full workflow', async () => {
    const file = 'test/fixtures/workflows/valid/everything.yml';
    const { workflow, diagnostics } = await normalize(await readFile(join(fixtures, 'valid/everything.yml'), 'utf8'), file);
    expect(diagnostics).toEqual([]);
    expect(workflow).toMatchObject({
      file, name: 'Full', runName: 'Deploy by @${{ github.actor }}',
      concurrency: { group: 'deploy-${{ github.ref }}', cancelInProgress: false },
      defaults: { run: { shell: 'bash', workingDirectory: 'app' } },
      env: { GLOBAL: '1', N: 5 },
    });
    expect(workflow.on).toEqual({
      push: { branches: ['main', 'release/**'], 'paths-ignore': ['docs/**'] },
      pull_request: { types: ['opened', 'synchronize'] },
      schedule: { cron: ['0 3 * * 1'] },
      workflow_dispatch: {
        inputs: {
          env: { type: 'choice', required: true, default: 'dev', options: ['dev', 'prod'] },
          debug: { type: 'boolean', required: false },
          count: { type: 'number', required: false, default: 3 },
        },
      },
      workflow_call: {
        inputs: { tag: { type: 'string', required: true } },
        secrets: { token: { required: true }, other: { required: false } },
        outputs: { result: { value: '${{ jobs.build.outputs.out }}', description: 'The result' } },
      },
    });
    expect(workflow.jobs.map((j) => [j.id, j.location.line, j.location.column])).toEqual([['build', 45, 3], ['call', 100, 3], ['call2', 106, 3], ['dyn', 112, 3]]);
  });

  it('keeps a job\'s settings', async () => {
    const { workflow } = await normalize(await readFile(join(fixtures, 'valid/everything.yml'), 'utf8'));
    const [build, call, call2, dyn] = workflow.jobs;
    expect(build).toMatchObject({
      name: 'Build ${{ matrix.node }}', needs: [], if: 'success()', runsOn: ['self-hosted', 'linux'], timeoutMinutes: 30,
      continueOnError: '${{ matrix.experimental }}', env: { JOBENV: 'x' }, defaults: { run: { shell: 'sh' } },
      outputs: { out: '${{ steps.s1.outputs.v }}' }, environment: { name: 'prod', url: 'https://x' },
      container: { image: 'node:20', env: { A: 'b' } }, services: { redis: { image: 'redis' } },
      concurrency: { group: 'g', cancelInProgress: true },
      strategy: {
        failFast: false, maxParallel: 2,
        matrix: { node: [18, 20], os: ['ubuntu-latest'], include: [{ node: 20, experimental: true }], exclude: [{ node: 18, os: 'windows' }] },
      },
    });
    expect(call).toMatchObject({ needs: ['build'], uses: './.github/workflows/reusable.yml', with: { tag: 'v1' }, secrets: 'inherit', steps: [] });
    expect(call2).toMatchObject({ if: 'failure()', needs: ['build', 'call'], secrets: { token: '${{ secrets.T }}' }, with: {} });
    expect(dyn).toMatchObject({
      environment: { name: 'staging' }, strategy: { matrix: '${{ fromJSON(needs.build.outputs.out) }}', failFast: true },
      concurrency: { group: 'x', cancelInProgress: "${{ github.ref != 'main' }}" },
    });
    expect(dyn!.strategy).not.toHaveProperty('maxParallel');
  });

  it('keeps each step\'s settings and position', async () => {
    const { workflow } = await normalize(await readFile(join(fixtures, 'valid/everything.yml'), 'utf8'));
    const steps = workflow.jobs[0]!.steps;
    expect(steps[0]).toEqual({
      uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 }, env: {}, if: 'success()', continueOnError: false,
      location: { file: 'w.yml', line: 83, column: 9 },
    });
    expect(steps[1]).toEqual({
      id: 's1', name: 'Say', if: "success() && (github.event_name == 'push')",
      run: 'echo "${{ matrix.node }}"\necho done\n', shell: 'bash', workingDirectory: 'sub',
      env: { X: '${{ env.GLOBAL }}' }, with: {}, timeoutMinutes: 5, continueOnError: true,
      location: { file: 'w.yml', line: 86, column: 9 },
    });
    expect(steps[2]).toMatchObject({ run: 'echo always', if: 'always()' });
  });

  it('names a workflow after its file when it has no name', async () => {
    expect((await normalize(oneJob(''), 'ci.yml')).workflow.name).toBe('ci.yml');
    expect((await normalize(oneJob('', "name: ''\n"), 'ci.yml')).workflow.name).toBe('ci.yml');
  });

  it('reads `on:` as one event or a list of events', async () => {
    expect((await normalize(oneJob(''))).workflow.on).toEqual({ push: {} });
    expect((await normalize(oneJob('').replace('on: push', 'on: [push, workflow_dispatch]'))).workflow.on).toEqual({ push: {}, workflow_dispatch: {} });
    const filters = 'on:\n  push:\n    tags: v*\n    tags-ignore: [v0*]\n    branches-ignore: tmp\n    paths: [src/**]\n  workflow_dispatch:\n';
    expect((await normalize(oneJob('').replace('on: push\n', filters))).workflow.on).toEqual({
      push: { tags: ['v*'], 'tags-ignore': ['v0*'], 'branches-ignore': ['tmp'], paths: ['src/**'] }, workflow_dispatch: {},
    });
  });
});

describe('normalizeWorkflow: shapes and defaults', () => {
  it('reads concurrency and environment written as one string', async () => {
    const { workflow } = await normalize(oneJob('    concurrency: ci-${{ github.ref }}\n    environment: prod\n'));
    expect(workflow.jobs[0]).toMatchObject({ concurrency: { group: 'ci-${{ github.ref }}', cancelInProgress: false }, environment: { name: 'prod' } });
  });

  it('defaults what is not written, leaving optional fields absent', async () => {
    const { workflow } = await normalize(oneJob(''));
    const job = workflow.jobs[0]!;
    expect(job).toEqual({
      id: 'a', needs: [], if: 'success()', runsOn: 'x', env: {}, defaults: {}, outputs: {}, continueOnError: false,
      steps: [{ run: 'echo', if: 'success()', with: {}, env: {}, continueOnError: false, location: { file: 'w.yml', line: 6, column: 9 } }],
      location: { file: 'w.yml', line: 3, column: 3 },
    });
    expect(workflow).not.toHaveProperty('concurrency');
    expect(workflow).not.toHaveProperty('runName');
  });

  it('drops a strategy without a matrix, since GitHub then runs the job once', async () => {
    expect((await normalize(oneJob('    strategy:\n      fail-fast: false\n'))).workflow.jobs[0]).not.toHaveProperty('strategy');
  });

  it('keeps expressions for numbers and booleans', async () => {
    const body = '    timeout-minutes: ${{ inputs.t }}\n    strategy:\n      fail-fast: ${{ inputs.ff }}\n      max-parallel: ${{ inputs.mp }}\n      matrix:\n        x: [1]\n';
    expect((await normalize(oneJob(body))).workflow.jobs[0]).toMatchObject({
      timeoutMinutes: '${{ inputs.t }}', strategy: { failFast: '${{ inputs.ff }}', maxParallel: '${{ inputs.mp }}' },
    });
  });

  it('keeps keys such as __proto__ as plain data', async () => {
    const { workflow } = await normalize(oneJob('    env:\n      __proto__: polluted\n'));
    expect(Object.getPrototypeOf(workflow.jobs[0]!.env)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(workflow.jobs[0]!.env))).toEqual(JSON.parse('{"__proto__":"polluted"}'));
  });

  it('reports mappings written as one expression that the parser accepts but the model cannot hold', async () => {
    const body = '    strategy: ${{ fromJSON(inputs.s) }}\n';
    const steps = '      - uses: a/b@v1\n        with: ${{ fromJSON(inputs.w) }}\n';
    const text = oneJob(body, 'env: ${{ fromJSON(inputs.env) }}\n').replace('      - run: echo\n', steps);
    expect((await normalize(text)).diagnostics).toEqual([
      'w.yml:2:6: env must be written as a mapping: autodevops does not support one expression for the whole of it',
      'w.yml:9:15: jobs.a.steps[0].with must be written as a mapping: autodevops does not support one expression for the whole of it',
      'w.yml:6:15: jobs.a.strategy must be written as a mapping: autodevops does not support one expression for the whole of it',
    ]);
  });
});
