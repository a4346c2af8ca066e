import { describe, expect, it } from 'vitest';
import type { FileCompat, JobCompat } from '../../app-api.ts';
import { createColors } from '../colors.ts';
import { renderCompat } from './compat-tree.ts';

const at = { file: 'w.yml', line: 3, column: 3 };
const job = (over: Partial<JobCompat>): JobCompat => ({ id: 'j', verdict: 'local', runsOn: 'ubuntu-latest', instances: [], problems: [], steps: [], location: at, ...over });

describe('the compat tree', () => {
  it('shows every job verdict, matrix combinations that do not run, and step reasons with fixes', () => {
    const file: FileCompat = {
      file: 'w.yml', diagnostics: [], runnable: false,
      jobs: [
        job({
          id: 'test', verdict: 'partial', runsOn: '${{ matrix.os }}',
          instances: [
            { name: 'test (ubuntu-latest)', verdict: 'local', labels: ['ubuntu-latest'] },
            { name: 'test (windows-latest)', verdict: 'unsupported', labels: ['windows-latest'], reason: 'needs Windows', fix: 'skip it' },
          ],
          steps: [
            { index: 0, name: 'docker://alpine', verdict: 'unsupported', detail: 'uses: docker://alpine', reason: 'a container action', fix: 'replace it', location: at },
            { index: 1, name: './later', verdict: 'undecided', detail: 'local action ./later', reason: 'not there yet', location: at },
          ],
        }),
        job({ id: 'win', verdict: 'skip', runsOn: 'windows-latest', instances: [{ name: 'win', verdict: 'skip', labels: ['windows-latest'], reason: 'mapped to skip' }] }),
        job({ id: 'late', verdict: 'undecided', runsOn: '${{ needs.a.outputs.os }}', problems: [{ reason: 'depends on needs' }] }),
        job({ id: 'call', verdict: 'call', runsOn: 'uses: ./.github/workflows/x.yml', calls: [job({ id: 'inner' })] }),
      ],
    };
    expect(renderCompat([file], createColors(false))).toBe([
      'w.yml: 4 jobs — 1 runs in part, 1 is skipped, 1 is decided at run time, 1 calls a workflow (something cannot run)',
      '├─ test (runs-on: ${{ matrix.os }}): some matrix combinations cannot run',
      '│     test (windows-latest): needs Windows',
      '│     fix: skip it',
      '│  ├─ docker://alpine: cannot run — uses: docker://alpine',
      '│  │     a container action',
      '│  │     fix: replace it',
      '│  └─ ./later: decided when the step starts — local action ./later',
      '│        not there yet',
      '├─ win (runs-on: windows-latest): skipped',
      '│     mapped to skip',
      '├─ late (runs-on: ${{ needs.a.outputs.os }}): decided when the run gets there',
      '│     depends on needs',
      '└─ call (uses: ./.github/workflows/x.yml): calls a reusable workflow',
      '   └─ inner (runs-on: ubuntu-latest): runs here',
      '',
    ].join('\n'));
  });

  it('colours verdicts on a terminal', () => {
    const text = renderCompat([{ file: 'w.yml', diagnostics: [], runnable: true, jobs: [job({ steps: [{ index: 0, name: 'x', verdict: 'builtin', detail: 'd', location: at }] })] }], createColors(true));
    expect(text).toContain('\u001b[32mruns here\u001b[39m');
    expect(text).toContain('\u001b[36mbuilt-in\u001b[39m');
  });

  it('lists the problems of a file that is not a valid workflow', () => {
    const text = renderCompat([{ file: 'bad.yml', diagnostics: [{ location: { file: 'bad.yml', line: 2, column: 5 }, message: 'Unexpected value' }], runnable: false, jobs: [] }], createColors(false));
    expect(text).toBe('bad.yml: not a valid workflow\n  bad.yml:2:5: Unexpected value\n');
  });
});
