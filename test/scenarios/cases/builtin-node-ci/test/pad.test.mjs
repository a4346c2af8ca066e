import { test } from 'node:test';
import assert from 'node:assert';
import { createRequire } from 'node:module';

const pad = createRequire(import.meta.url)('../node_modules/left-pad/index.js');
test('pads', () => assert.strictEqual(pad('x', 3), '  x'));
