import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../dsl/index.ts';
import { placeJobInstances } from './job-placement.ts';
import type { PlacementContext } from './job-placement.ts';

const linux = { platform: 'linux', arch: 'x64' };
const ctx = (over: Partial<PlacementContext> = {}): PlacementContext => ({ table: {}, host: linux, contexts: { github: { event_name: 'push' }, inputs: {}, vars: {} }, matrixFilter: {}, ...over });

async function job(body: string, on = 'push') {
  const workflow = await parseWorkflowText('w.yml', `on: ${on}\njobs:\n  j:\n${body}`);
  return workflow.jobs[0]!;
}

describe('placing a job before the run', () => {
  it('places a job with a plain label once, named like the job', async () => {
    const placed = placeJobInstances(await job('    runs-on: ubuntu-latest\n    steps: [ { run: echo } ]\n'), ctx());
    expect(placed).toEqual({ decided: true, instances: [{ name: 'j', verdict: 'local', labels: ['ubuntu-latest'] }] });
  });

  it('places every matrix combination when runs-on reads the matrix, after include, exclude and --matrix', async () => {
    const j = await job([
      '    runs-on: ${{ matrix.os }}',
      '    strategy:',
      '      matrix:',
      '        os: [ubuntu-latest, windows-latest, macos-latest]',
      '        node: [20, 22]',
      '        exclude: [ { os: macos-latest, node: 20 } ]',
      '        include: [ { os: self-hosted, node: 18 } ]',
      '    steps: [ { run: echo } ]',
      '',
    ].join('\n'));
    const all = placeJobInstances(j, ctx());
    expect(all.decided && all.instances.map((i) => [i.name, i.verdict])).toEqual([
      ['j (ubuntu-latest, 20)', 'local'], ['j (ubuntu-latest, 22)', 'local'], ['j (windows-latest, 20)', 'unsupported'],
      ['j (windows-latest, 22)', 'unsupported'], ['j (macos-latest, 22)', 'unsupported'], ['j (self-hosted, 18)', 'local'],
    ]);
    const filtered = placeJobInstances(j, ctx({ matrixFilter: { node: '22' } }));
    expect(filtered.decided && filtered.instances.map((i) => i.matrix)).toEqual([{ os: 'ubuntu-latest', node: 22 }, { os: 'windows-latest', node: 22 }, { os: 'macos-latest', node: 22 }]);
  });

  it('places once when runs-on does not read the matrix', async () => {
    const placed = placeJobInstances(await job('    runs-on: [self-hosted, linux]\n    strategy: { matrix: { n: [1, 2, 3] } }\n    steps: [ { run: echo } ]\n'), ctx());
    expect(placed).toEqual({ decided: true, instances: [{ name: 'j', verdict: 'local', labels: ['self-hosted', 'linux'] }] });
  });

  it('evaluates a matrix built from inputs, and runs-on from inputs and vars', async () => {
    const j = await job("    runs-on: ${{ matrix.os }}\n    strategy: { matrix: { os: \"${{ fromJSON(inputs.oses) }}\" } }\n    steps: [ { run: echo } ]\n", '{ workflow_dispatch: { inputs: { oses: { default: "[]" } } } }');
    const placed = placeJobInstances(j, ctx({ contexts: { inputs: { oses: '["ubuntu-22.04", "windows-2022"]' } } }));
    expect(placed.decided && placed.instances.map((i) => i.verdict)).toEqual(['local', 'unsupported']);
    const byVar = placeJobInstances(await job('    runs-on: ${{ vars.RUNNER }}\n    steps: [ { run: echo } ]\n'), ctx({ contexts: { vars: { RUNNER: 'gpu' } } }));
    expect(byVar.decided && byVar.instances[0]).toMatchObject({ verdict: 'unsupported', labels: ['gpu'] });
  });

  it('reads runs-on as { group, labels } and as a list built by an expression', async () => {
    const grouped = placeJobInstances(await job("    runs-on: { group: ubuntu-runners, labels: [linux] }\n    steps: [ { run: echo } ]\n"), ctx());
    expect(grouped.decided && grouped.instances[0]).toMatchObject({ verdict: 'local', labels: ['ubuntu-runners', 'linux'] });
    const listed = placeJobInstances(await job("    runs-on: ${{ fromJSON('[\"self-hosted\", \"gpu\"]') }}\n    steps: [ { run: echo } ]\n"), ctx());
    expect(listed.decided && listed.instances[0]).toMatchObject({ verdict: 'unsupported', labels: ['self-hosted', 'gpu'] });
  });

  it('leaves a runs-on that reads needs to the run', async () => {
    const placed = placeJobInstances(await job('    runs-on: ${{ needs.setup.outputs.runner }}\n    steps: [ { run: echo } ]\n  setup:\n    runs-on: local\n    steps: [ { run: echo } ]\n'), ctx());
    expect(placed).toEqual({ decided: false, reason: 'runs-on depends on needs.setup.outputs.runner, known only when the run gets to this job' });
  });

  it('reports a runs-on that does not evaluate to labels', async () => {
    const numeric = placeJobInstances(await job('    runs-on: ${{ 42 }}\n    steps: [ { run: echo } ]\n'), ctx());
    expect(numeric.decided && numeric.instances[0]).toMatchObject({ verdict: 'unsupported', reason: 'runs-on gives 42, not a label, a list of labels or { group, labels }' });
    const broken = placeJobInstances(await job("    runs-on: ${{ fromJSON('{') }}\n    steps: [ { run: echo } ]\n"), ctx());
    expect(broken.decided && broken.instances[0]).toMatchObject({ verdict: 'unsupported', reason: expect.stringMatching(/^runs-on cannot be evaluated: fromJSON\(\) was given text that is not JSON/) });
  });

  it('has nothing to place for a reusable-workflow call', async () => {
    expect(placeJobInstances(await job('    uses: ./.github/workflows/called.yml\n'), ctx())).toEqual({ decided: true, instances: [] });
  });
});
