// Summarises V8 CPU profiles (`node --cpu-prof`, or `bench/api.mjs --profile DIR`): the functions
// with the most self time, and with the most total time (self plus callees), each as a share of
// the profile. Prints; asserts nothing.
//
//   npx node bench/cpu-profile.mjs [--top N] [--match TEXT] FILE.cpuprofile…
//     --match TEXT   only count samples whose stack contains a frame matching TEXT (e.g. a route's handler)
//     --window A:B   only count samples taken from A to B seconds before the profile ends (e.g. 17:9 for
//                    one measurement of bench/api.mjs, whose server is profiled until it stops)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags, positionals: files } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, match: { type: 'string' }, window: { type: 'string' } } });

/** `name file:line` of a call frame, with the file shortened to what tells it apart. */
function frameName({ functionName, url, lineNumber }) {
  const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(/^.*\/dist\//, 'dist/') : '';
  return `${functionName || '(anonymous)'} ${file ? `${path.basename(path.dirname(file))}/${path.basename(file)}:${lineNumber + 1}` : ''}`.trim();
}

/** Self and total milliseconds per frame name. */
function summarise(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map();
  const total = new Map();
  let sampled = 0;
  const [from, to] = (flags.window ?? '').split(':').map((x) => Number(x) * 1e6);
  let at = profile.startTime;
  const times = profile.timeDeltas.map((d) => (at += d));
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (flags.window && !(profile.endTime - times[i] <= from && profile.endTime - times[i] >= to)) return;
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(frameName(nodes.get(at).callFrame));
    if (flags.match && !stack.some((f) => f.includes(flags.match))) return;
    sampled += ms;
    self.set(stack[0], (self.get(stack[0]) ?? 0) + ms);
    for (const name of new Set(stack)) total.set(name, (total.get(name) ?? 0) + ms);
  });
  return { self, total, sampled };
}

function print(title, map, sampled) {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(flags.top))) {
    console.log(`${ms.toFixed(1).padStart(10)} ms ${((ms / sampled) * 100).toFixed(1).padStart(6)}%  ${name}`);
  }
}

for (const file of files) {
  const { self, total, sampled } = summarise(JSON.parse(readFileSync(file, 'utf8')));
  console.log(`${file}: ${sampled.toFixed(0)} ms sampled${flags.match ? ` (stacks containing "${flags.match}")` : ''}${flags.window ? ` (${flags.window} s before the end)` : ''}`);
  print('self time', self, sampled);
  print('total time (self and callees)', total, sampled);
}
