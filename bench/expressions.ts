// Cost of one expression evaluation against a 1,000-step `steps` context; prints ns per call.
// Run: npx node bench/expressions.ts
import { performance } from 'node:perf_hooks';
import { evaluateCondition, evaluateTemplate } from '../src/dsl/expressions/index.ts';

const steps: Record<string, unknown> = {};
for (let i = 0; i < 1000; i++) steps[`s${i}`] = { outputs: { out: `v${i}` }, outcome: 'success', conclusion: 'success' };
const contexts = {
  github: { ref: 'refs/heads/main', event_name: 'push', workspace: process.cwd() },
  env: { CI: 'true' },
  matrix: { os: 'linux', 'node-version': 20 },
  steps,
};
const ok = { failed: false, cancelled: false };

const cases: Array<[string, () => unknown, number]> = [
  ['template ${{ steps.s999.outputs.out }}', () => evaluateTemplate('${{ steps.s999.outputs.out }}', contexts), 200_000],
  ['interpolation with two expressions', () => evaluateTemplate('echo ${{ steps.s999.outputs.out }} on ${{ matrix.os }}', contexts), 200_000],
  ['condition, implicit success()', () => evaluateCondition("steps.s999.outputs.out == 'v999' && github.ref == 'refs/heads/main'", contexts, ok), 200_000],
  ['condition success()', () => evaluateCondition('success()', contexts, ok), 200_000],
  ['missing step id (scans the keys)', () => evaluateTemplate('${{ steps.nope.outputs.out }}', contexts), 20_000],
  ['object filter over all steps', () => evaluateTemplate("${{ contains(steps.*.outcome, 'failure') }}", contexts), 2_000],
];

for (const [name, run, iterations] of cases) {
  for (let i = 0; i < iterations / 10; i++) run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const ns = ((performance.now() - start) * 1e6) / iterations;
  console.log(`${name.padEnd(45)} ${ns.toFixed(0).padStart(9)} ns/call`);
}
