/** The runs whose histories test/histories/ keeps (see histories.test.ts). */
import type { RunView } from '../../src/core/views.ts';
import type { Harness } from '../support/engine-harness.ts';

/** One recorded scenario. */
export interface Recording {
  name: string;
  run(h: Harness): Promise<RunView>;
}

const waitFor = async (pred: () => Promise<boolean>): Promise<void> => {
  while (!(await pred())) await new Promise((r) => setTimeout(r, 10));
};

export const recordings: Recording[] = [
  {
    name: 'chain-with-outputs',
    run: (h) => h.run('on: push\njobs:\n  a:\n    runs-on: x\n    outputs: { v: "${{ steps.two.outputs.out }}" }\n    steps:\n      - id: one\n        run: echo "out=1" >> "$GITHUB_OUTPUT"\n      - id: two\n        run: echo "out=${{ steps.one.outputs.out }}2" >> "$GITHUB_OUTPUT"\n  b:\n    needs: a\n    runs-on: x\n    steps:\n      - run: echo "${{ needs.a.outputs.v }}"\n'),
  },
  {
    name: 'matrix-fail-fast',
    run: (h) => h.run('on: push\njobs:\n  m:\n    runs-on: x\n    strategy: { max-parallel: 1, matrix: { n: [1, 2, 3] } }\n    steps:\n      - run: test ${{ matrix.n }} != 1\n'),
  },
  {
    name: 'step-retry-and-continue-on-error',
    run: (h) => h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: exit 1\n        continue-on-error: true\n        env: { AUTODEVOPS_RETRY: "attempts=2 delay=1ms" }\n      - if: always()\n        run: echo done\n'),
  },
  {
    name: 'approval-approved',
    async run(h) {
      const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: autodevops/approval@v1\n        with: { approvers: alice }\n      - run: echo deployed\n');
      const done = h.engine.execute(id);
      await waitFor(async () => (await h.engine.view(id)).status === 'waiting');
      await h.engine.command(id, 'approve', { approve: true, by: 'alice' });
      return done;
    },
  },
  {
    name: 'cancelled',
    async run(h) {
      const id = await h.create('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: sleep 30\n      - if: always()\n        run: echo cleanup\n  b:\n    needs: a\n    runs-on: x\n    steps:\n      - run: echo never\n');
      const done = h.engine.execute(id);
      await waitFor(async () => (await h.engine.view(id)).jobs[0]?.steps[0]?.status === 'running');
      await h.engine.command(id, 'cancel', { reason: 'recorded' });
      return done;
    },
  },
  {
    name: 'skipped-and-failed-jobs',
    run: (h) => h.run('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: exit 2\n  b:\n    needs: a\n    runs-on: x\n    steps:\n      - run: echo skipped\n  c:\n    needs: a\n    if: failure()\n    runs-on: x\n    steps:\n      - run: echo on-failure\n'),
  },
];
