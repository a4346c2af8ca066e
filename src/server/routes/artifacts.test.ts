import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asJson, errorOf, startTestServer, type TestServer } from '../../../test/server/harness.ts';

const upload = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: mkdir -p out/sub && printf 12345 > out/a.txt && printf 678 > out/sub/b.txt
      - uses: actions/upload-artifact@v4
        with: { name: bundle, path: out }
`;

let t: TestServer;
let runId: string;
beforeAll(async () => {
  t = await startTestServer({ '.github/workflows/upload.yml': upload });
  await t.register('upload');
  runId = await t.dispatch('upload');
  await t.settle(runId);
});
afterAll(async () => {
  await t.stop();
});

describe('artifacts of a run', () => {
  it('are listed with their files', async () => {
    const { artifacts } = await (await t.call(t.p(`/runs/${runId}/artifacts`), { role: 'viewer' })).json().then(asJson);
    expect(artifacts).toEqual([{ name: 'bundle', size: 8, createdAt: expect.any(Number), digest: expect.stringMatching(/^sha256:/), files: [{ path: 'a.txt', size: 5 }, { path: 'sub/b.txt', size: 3 }] }]);
  });

  it('download as a gzip\'d tar of their files', async () => {
    const res = await t.call(t.p(`/runs/${runId}/artifacts/bundle`), { role: 'viewer' });
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toContain('bundle.tar.gz');
    const dir = await mkdtemp(path.join(tmpdir(), 'ado-art-'));
    try {
      await writeFile(path.join(dir, 'a.tgz'), Buffer.from(await res.arrayBuffer()));
      await tar.extract({ file: path.join(dir, 'a.tgz'), cwd: dir });
      expect([await readFile(path.join(dir, 'a.txt'), 'utf8'), await readFile(path.join(dir, 'sub/b.txt'), 'utf8')]).toEqual(['12345', '678']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('download one file with ?path=', async () => {
    const res = await t.call(t.p(`/runs/${runId}/artifacts/bundle?path=sub/b.txt`), { role: 'viewer' });
    expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([200, '3', '678']);
  });

  it('answer 404 for unknown artifacts and files, and paths that leave the artifact', async () => {
    for (const p of ['/artifacts/nope', '/artifacts/nope?path=a.txt', '/artifacts/bundle?path=missing.txt', '/artifacts/bundle?path=../bundle/manifest.json', '/artifacts/%2E%2E', '/artifacts/.staging-x']) {
      const error = await errorOf(await t.call(t.p(`/runs/${runId}${p}`)));
      expect([p, error.status]).toEqual([p, 404]);
    }
  });
});
