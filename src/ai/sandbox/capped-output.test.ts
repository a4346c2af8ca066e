import { describe, expect, it } from 'vitest';
import { CappedOutput } from './capped-output.ts';

describe('CappedOutput', () => {
  it('keeps everything within the limit', () => {
    const out = new CappedOutput(10);
    out.push(Buffer.from('hello'));
    out.push(Buffer.from('world'));
    expect(out.truncated).toBe(false);
    expect(out.text()).toBe('helloworld');
  });

  it('keeps the head and the tail and counts what it left out', () => {
    const out = new CappedOutput(6);
    for (const chunk of ['abcd', 'efgh', 'ijkl', 'mn']) out.push(Buffer.from(chunk));
    expect(out.truncated).toBe(true);
    expect(out.text()).toBe('abc\n[… 8 bytes of output omitted …]\nlmn');
  });

  it('drops whole tail chunks that fall out of the window', () => {
    const out = new CappedOutput(4);
    for (const chunk of ['ab', 'c', 'd', 'e', 'f', 'gh']) out.push(Buffer.from(chunk));
    expect(out.text()).toBe('ab\n[… 4 bytes of output omitted …]\ngh');
  });

  it('keeps nothing with a zero limit', () => {
    const out = new CappedOutput(0);
    out.push(Buffer.from('x'));
    expect(out.truncated).toBe(true);
    expect(out.text()).toBe('\n[… 1 bytes of output omitted …]\n');
  });
});
