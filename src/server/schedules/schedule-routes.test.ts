import type { AddressInfo } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import { serve } from '@hono/node-server';
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/clock.ts';
import { registerScheduleRoutes } from './schedule-routes.ts';
import { scheduleStore } from './schedule-store.ts';
import { Scheduler } from './scheduler.ts';

const T0 = Date.parse('2024-01-01T00:00:00Z');
let url = '';
let close: () => void;
let api: OpenAPIHono;

beforeAll(async () => {
  const store = scheduleStore(new DatabaseSync(':memory:'));
  const clock = manualClock(T0);
  const scheduler = new Scheduler({
    store, clock,
    deps: { workflowsWithSchedules: () => [{ project: 'shop', workflowId: 'nightly.yml', crons: ['*/5 * * * *', '0 6 * * *'] }], dispatch: async () => ({ runId: 'run-7' }) },
  });
  await scheduler.runDue();
  clock.advance(5 * 60_000);
  await scheduler.runDue();
  api = new OpenAPIHono();
  registerScheduleRoutes(api, { projectExists: (p) => p === 'shop' || p === 'empty', schedulesOf: (p) => store.list(p) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: api.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('GET /v1/projects/{project}/schedules', () => {
  it('lists each cron with its last fire, next fire and last run', async () => {
    const res = await fetch(`${url}/v1/projects/shop/schedules`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      schedules: [
        { workflow: 'nightly.yml', cron: '*/5 * * * *', lastFiredAt: '2024-01-01T00:05:00.000Z', nextDueAt: '2024-01-01T00:10:00.000Z', lastRunId: 'run-7', lastStatus: 'dispatched', lastError: null, skippedTotal: 0 },
        { workflow: 'nightly.yml', cron: '0 6 * * *', lastFiredAt: null, nextDueAt: '2024-01-01T06:00:00.000Z', lastRunId: null, lastStatus: null, lastError: null, skippedTotal: 0 },
      ],
    });
    expect(await (await fetch(`${url}/v1/projects/empty/schedules`)).json()).toEqual({ schedules: [] });
  });

  it('answers 404 for an unknown project', async () => {
    const res = await fetch(`${url}/v1/projects/nope/schedules`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'ADO_PROJECT_NOT_FOUND', message: 'no project "nope"' } });
  });

  it('is in the OpenAPI document, behind the bearer token', () => {
    const doc = api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    expect(doc.paths?.['/v1/projects/{project}/schedules']?.get?.security).toEqual([{ bearer: [] }]);
  });
});
