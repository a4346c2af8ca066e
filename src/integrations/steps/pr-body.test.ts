import { describe, expect, it } from 'vitest';
import { pullRequestBody } from './pr-body.ts';

describe('pullRequestBody', () => {
  it('says where the change came from even with nothing else to say', () => {
    expect(pullRequestBody({ runId: 'r1', branch: 'b', sha: '0123456789abcdef' })).toBe('---\nOpened by autodevops run `r1` (`autodevops show r1`) from branch `b` at 0123456789ab.\n');
  });

  it('cuts long sections and fences test output longer than any backticks in it', () => {
    const body = pullRequestBody({ text: 'Intro', summary: 'x'.repeat(20_010), tests: 'a ```` b', runId: 'r', runUrl: 'http://h/runs/r', branch: 'b', sha: 'abc' });
    expect(body).toContain('… (10 more characters in the run\'s logs)');
    expect(body).toContain('`````\na ```` b\n`````');
    expect(body.startsWith('Intro\n\n## Summary')).toBe(true);
    expect(body).toContain('[r](http://h/runs/r)');
  });
});
