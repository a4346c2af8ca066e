import { describe, expect, it } from 'vitest';
import { flagLabel, renderCommandHelp, renderHelp, usageOf, wrap } from './help.ts';
import { commands, options } from './options.ts';
import type { CommandName } from './options.ts';

describe('help', () => {
  it('lists every command with its usage and summary, and the global flags', () => {
    const text = renderHelp('1.2.3');
    expect(text.split('\n')[0]).toBe('autodevops 1.2.3 — run GitHub Actions workflows locally, durably');
    for (const name of Object.keys(commands) as CommandName[]) expect(text).toContain(`${usageOf(name).slice('autodevops '.length)}`);
    expect(text).toMatch(/^ {2}validate <file\|dir\.\.\.> +Check workflow files/m);
    expect(text).toMatch(/^ {2}-h, --help +Show help\.$/m);
    expect(text).not.toContain('--follow');
  });

  it('shows a command with its arguments, own flags (choices and defaults), global flags and examples', () => {
    const text = renderCommandHelp('list');
    expect(text.split('\n')[0]).toBe('Usage: autodevops list [flags]');
    expect(text).toMatch(/--status <status> +Only runs with this status; repeatable or comma-separated\. \(one of: queued, running, waiting, needs-decision, completed\)/);
    expect(text).toMatch(/--limit <n> +At most this many runs\. \(default: 20\)/);
    expect(text).toContain('Global flags:\n      --data-dir <dir>');
    expect(text).toContain('Examples:\n  autodevops list --status running,waiting --limit 5');
    expect(text).not.toContain('Arguments:');
  });

  it('shows optional, required and repeatable arguments and wraps the description', () => {
    expect(usageOf('run')).toBe('autodevops run [event] [file|dir]');
    expect(usageOf('signal')).toBe('autodevops signal <run> <name>');
    expect(usageOf('resume')).toBe('autodevops resume [run...]');
    const text = renderCommandHelp('run');
    expect(text).toContain('Arguments:\n  [event]     Event name');
    for (const line of text.split('\n\n')[2]!.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(renderCommandHelp('cancel')).not.toContain('\nFlags:');
  });

  it('writes short aliases before long names and value placeholders after them', () => {
    expect(flagLabel('job', options.job)).toBe('-j, --job <id>');
    expect(flagLabel('json', options.json)).toBe('    --json');
    expect(flagLabel('data-dir', { type: 'string', description: '', commands: 'global' })).toBe('    --data-dir <value>');
  });

  it('wraps words to a width', () => {
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('', 5)).toEqual([]);
  });
});
