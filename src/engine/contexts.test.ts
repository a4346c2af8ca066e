import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../test/support/engine-harness.ts';
import { githubUrls } from './contexts.ts';

describe('githubUrls', () => {
  it('is GitHub.com\'s without settings', () => {
    expect(githubUrls({}, {})).toEqual({ server_url: 'https://github.com', api_url: 'https://api.github.com', graphql_url: 'https://api.github.com/graphql' });
    expect(githubUrls({}, { GITHUB_SERVER_URL: ' ', GITHUB_API_URL: '' })).toEqual(githubUrls({}));
  });

  it('derives an Enterprise Server\'s API from its server URL, as act does, unless the API URLs are given', () => {
    expect(githubUrls({}, { GITHUB_SERVER_URL: 'https://ghe.example.com/' })).toEqual({
      server_url: 'https://ghe.example.com', api_url: 'https://ghe.example.com/api/v3', graphql_url: 'https://ghe.example.com/api/graphql',
    });
    const given = { GITHUB_SERVER_URL: 'https://ghe.example.com', GITHUB_API_URL: 'https://api.ghe.example.com', GITHUB_GRAPHQL_URL: 'https://api.ghe.example.com/graphql' };
    expect(githubUrls({}, given)).toEqual({ server_url: 'https://ghe.example.com', api_url: 'https://api.ghe.example.com', graphql_url: 'https://api.ghe.example.com/graphql' });
  });

  it('keeps GitHub.com\'s server with only the API moved (a proxy, a mock)', () => {
    expect(githubUrls({}, { GITHUB_API_URL: 'http://127.0.0.1:9/' })).toEqual({ server_url: 'https://github.com', api_url: 'http://127.0.0.1:9', graphql_url: 'https://api.github.com/graphql' });
  });

  it('prefers the run\'s --env to the host\'s environment', () => {
    expect(githubUrls({ GITHUB_SERVER_URL: 'https://run.example.com' }, { GITHUB_SERVER_URL: 'https://host.example.com' }).server_url).toBe('https://run.example.com');
  });
});

describe('github.server_url, api_url and graphql_url in a run', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const workflow = `
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "context \${{ github.server_url }} \${{ github.api_url }} \${{ github.graphql_url }}"
      - run: echo "variables $GITHUB_SERVER_URL $GITHUB_API_URL $GITHUB_GRAPHQL_URL"
`;

  it('come from the host environment of the engine, in expressions and in the runner variables', async () => {
    h = await openHarness({ engine: { env: { PATH: process.env.PATH, GITHUB_SERVER_URL: 'https://ghe.example.com' } } });
    const view = await h.run(workflow);
    expect(view.conclusion).toBe('success');
    const logs = await h.logs(view.id);
    expect(logs).toContain('context https://ghe.example.com https://ghe.example.com/api/v3 https://ghe.example.com/api/graphql');
    expect(logs).toContain('variables https://ghe.example.com https://ghe.example.com/api/v3 https://ghe.example.com/api/graphql');
  });

  it('are GitHub.com\'s when the host does not set them, and the run\'s --env overrides the host', async () => {
    h = await openHarness({ engine: { env: { PATH: process.env.PATH } } });
    const plain = await h.run(workflow);
    expect(await h.logs(plain.id)).toContain('variables https://github.com https://api.github.com https://api.github.com/graphql');
    const overridden = await h.run(workflow, { env: { GITHUB_SERVER_URL: 'https://run.example.com', GITHUB_API_URL: 'https://run.example.com/api' } });
    expect(await h.logs(overridden.id)).toContain('context https://run.example.com https://run.example.com/api https://run.example.com/api/graphql');
  });
});
