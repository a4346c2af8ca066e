import { describe, expect, it } from 'vitest';
import type { Trigger } from '../core/events.ts';
import { sessionIdOf } from './session-id.ts';

const trigger = (event: string, payload: Record<string, unknown>): Trigger => ({ event, payload, inputs: {} });

describe('session id of a run', () => {
  it('is the pull request number, from the pull_request object or the event number', () => {
    expect(sessionIdOf(trigger('pull_request', { pull_request: { number: 7 } }))).toBe('pr:7');
    expect(sessionIdOf(trigger('pull_request_target', { number: 8 }))).toBe('pr:8');
  });

  it('is the issue number for issue events', () => {
    expect(sessionIdOf(trigger('issue_comment', { issue: { number: 12 } }))).toBe('issue:12');
  });

  it('falls back to a head ref, never a push ref', () => {
    expect(sessionIdOf(trigger('workflow_run', { workflow_run: { head_branch: 'feat/a' } }))).toBe('ref:feat/a');
    expect(sessionIdOf(trigger('pull_request', { pull_request: { head: { ref: 'feat/b' } } }))).toBe('ref:feat/b');
    expect(sessionIdOf(trigger('push', { ref: 'refs/heads/main' }))).toBeUndefined();
    expect(sessionIdOf(trigger('issues', { issue: { number: 'x' } }))).toBeUndefined();
  });
});
