// Child process for the kill -9 tests: runs or resumes workflows through the built programmatic
// API, with an in-process step `crash/tick` that records each execution durably in a side-effect
// file (so the test can count how often every step really ran).
//   node driver.mjs run <dataDir> <workflow.yml> <effects-file>
//   node driver.mjs resume <dataDir> <effects-file> [decision]
import { appendFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { openApp } = await import(path.join(root, 'dist/index.mjs'));
const [mode, dataDir, a, b] = process.argv.slice(2);
const effects = mode === 'run' ? b : a;

function record(line) {
  appendFileSync(effects, line + '\n');
  const fd = openSync(effects, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

const app = await openApp({
  cwd: path.dirname(dataDir), dataDir, engine: { pollMs: 20 },
  steps: {
    'crash/tick': async (ctx) => {
      record(`${ctx.stepKey} ${ctx.attempt}`);
      const ms = Number(ctx.step.with.sleep ?? 0);
      if (ms) await new Promise((r) => setTimeout(r, ms));
      return { out: `${ctx.step.with.in ?? ''}|${ctx.stepKey}` };
    },
  },
});
const decision = mode === 'resume' ? b : undefined;
const handles = mode === 'run' ? [await app.startRun({ workflowPath: a })] : await app.resume(undefined, decision ? { decision } : {});
const views = await Promise.all(handles.map((h) => h.done));
process.stdout.write(JSON.stringify(views.map((v) => ({ id: v.id, status: v.status, conclusion: v.conclusion, needsDecision: v.needsDecision }))) + '\n');
await app.close();
