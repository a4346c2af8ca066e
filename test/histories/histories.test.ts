/**
 * Determinism: event histories recorded from real runs (by earlier versions of the engine) must
 * replay to the same state after every change. A failure here means a change altered what an
 * existing history means — add new event fields instead of changing old ones.
 * Re-record only on purpose: RECORD_HISTORIES=1 npx vitest run test/histories
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/core/events.ts';
import { parseWorkflowText } from '../../src/dsl/index.ts';
import { replay } from '../../src/engine/run-state.ts';
import { runView } from '../../src/engine/run-view.ts';
import { recordings } from './recordings.ts';
import { openHarness } from '../support/engine-harness.ts';

const dir = import.meta.dirname;

async function viewOf(runId: string, events: HistoryEvent[]) {
  const state = replay(runId, events);
  const workflow = await parseWorkflowText(state.source.file, state.source.text);
  return runView(state, workflow);
}

describe.runIf(process.env.RECORD_HISTORIES === '1')('record histories', () => {
  for (const rec of recordings) {
    it(rec.name, async () => {
      const h = await openHarness();
      try {
        const view = await rec.run(h);
        const events = await h.store.history(view.id);
        writeFileSync(path.join(dir, `${rec.name}.history.json`), JSON.stringify({ runId: view.id, events }, null, 1) + '\n');
        writeFileSync(path.join(dir, `${rec.name}.view.json`), JSON.stringify(await viewOf(view.id, events), null, 1) + '\n');
      } finally {
        await h.close();
      }
    });
  }
});

describe('recorded histories replay to the same state', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.history.json')).sort();
  it('has recordings', () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const file of files) {
    it(file, async () => {
      const { runId, events } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { runId: string; events: HistoryEvent[] };
      const expected = JSON.parse(readFileSync(path.join(dir, file.replace('.history.json', '.view.json')), 'utf8'));
      expect(JSON.parse(JSON.stringify(await viewOf(runId, events)))).toEqual(expected);
      // Replaying twice gives the same state: the reducer has no hidden inputs.
      expect(JSON.stringify(await viewOf(runId, events))).toBe(JSON.stringify(await viewOf(runId, events)));
    });
  }
});
