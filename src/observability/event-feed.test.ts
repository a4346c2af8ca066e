import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../core/events.ts';
import type { RunView } from '../core/views.ts';
import { EventFeed, type ObservedEvent } from './event-feed.ts';
import type { RunInfo } from './run-info.ts';
import { traceIdOf } from './trace-ids.ts';

const viewOf = (id: string): RunView => ({ id, workflowName: `wf-${id}`, workflowFile: 'f.yml', trigger: { event: 'push', payload: {}, inputs: {} }, status: 'running', createdAt: 0, jobs: [] });
const ev = (runId: string, type: string): ObservedEvent => ({ kind: 'history', runId, event: { type, seq: 1, at: 1, conclusion: 'success' } as HistoryEvent });

describe('the event feed', () => {
  it('describes each run once, queues its events meanwhile and delivers them in order', async () => {
    const described: string[] = [];
    const seen: string[] = [];
    const feed = new EventFeed({ describeRun: async (id) => (described.push(id), viewOf(id)) }, [(e, run) => seen.push(`${run.workflowName}:${e.kind === 'history' ? e.event.type : e.kind}`)]);
    feed.push(ev('a', 'run.started'));
    feed.push(ev('a', 'job.started'));
    feed.push(ev('b', 'run.started'));
    await feed.drain();
    feed.push(ev('a', 'run.completed'));
    // A log drained after completion still finds the run's info without describing it again.
    feed.push({ kind: 'log', runId: 'a', chunk: { runId: 'a', stepKey: 'j/0', seq: 1, at: 1, stream: 'stdout', text: 'x' } });
    await feed.drain();
    expect(described).toEqual(['a', 'b']);
    expect(seen).toEqual(['wf-a:run.started', 'wf-a:job.started', 'wf-b:run.started', 'wf-a:run.completed', 'wf-a:log']);
  });

  it('keeps an observer that throws away from the engine and the other observers', async () => {
    const errors: unknown[] = [];
    const seen: string[] = [];
    const feed = new EventFeed({ describeRun: async (id) => viewOf(id) }, [() => { throw new Error('bug'); }, (_e, run) => seen.push(run.runId)], (e) => errors.push(e));
    feed.push(ev('a', 'run.started'));
    await feed.drain();
    expect(seen).toEqual(['a']);
    expect(errors).toHaveLength(1);
  });

  it('forgets the oldest completed runs beyond a bound', async () => {
    let described = 0;
    const feed = new EventFeed({ describeRun: async (id) => (described++, viewOf(id)) }, []);
    for (let i = 0; i < 300; i++) feed.push(ev(`r${i}`, 'run.completed'));
    await feed.drain();
    for (let i = 0; i < 300; i++) feed.push(ev(`r${i}`, 'run.completed'));
    await feed.drain();
    expect(described).toBe(300 + 44);
  });

  it('joins a called run to its caller\'s trace, whether the caller was seen here or not', async () => {
    const views: Record<string, RunView> = { top: viewOf('top'), mid: { ...viewOf('mid'), parent: { runId: 'top', jobKey: 'call' } }, leaf: { ...viewOf('leaf'), parent: { runId: 'mid', jobKey: 'deploy' } } };
    const infos = new Map<string, RunInfo>();
    const feed = new EventFeed({ describeRun: async (id) => views[id]! }, [(_e, run) => void infos.set(run.runId, run)]);
    feed.push(ev('leaf', 'run.started'));
    await feed.drain();
    feed.push(ev('top', 'run.started'));
    await feed.drain();
    feed.push(ev('mid', 'run.started'));
    await feed.drain();
    expect([infos.get('leaf')?.traceId, infos.get('mid')?.traceId, infos.get('top')?.traceId]).toEqual([traceIdOf('top'), traceIdOf('top'), traceIdOf('top')]);
    expect(infos.get('mid')?.parent).toEqual({ runId: 'top', jobKey: 'call' });
  });

  it('adds the workflow as written when it can be read, and delivers the events when it cannot', async () => {
    const errors: unknown[] = [];
    const infos: RunInfo[] = [];
    const workflow = { jobs: [{ id: 'deploy', environment: { name: 'prod' }, steps: [] }] };
    const feed = new EventFeed({ describeRun: async (id) => viewOf(id), describeWorkflow: async (id) => (id === 'a' ? workflow : Promise.reject(new Error('gone'))) }, [(_e, run) => void infos.push(run)], (e) => errors.push(e));
    feed.push(ev('a', 'run.started'));
    feed.push(ev('b', 'run.started'));
    await feed.drain();
    expect(infos.map((i) => [i.runId, i.workflow])).toEqual([['a', workflow], ['b', undefined]]);
    expect(errors).toEqual([new Error('gone')]);
  });
});
