/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/openapi.json`, and a plain
 * reference page at `/docs` rendered from the same document (no scripts, no CDN).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import pkg from '../../package.json' with { type: 'json' };

/** The document's top-level fields. */
export const documentConfig = {
  openapi: '3.1.0',
  info: { title: 'autodevops API', version: pkg.version, description: 'Runs of GitHub Actions workflows on the autodevops engine.' },
};

type Operation = { summary?: string; description?: string; 'x-min-role'?: string; parameters?: Array<{ name: string; in: string; description?: string }> };

const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function renderOperation(method: string, route: string, op: Operation): string {
  const params = (op.parameters ?? []).map((p) => `<li><code>${escape(p.name)}</code> (${escape(p.in)}) ${escape(p.description ?? '')}</li>`).join('');
  const role = op['x-min-role'] ? ` <small>(role: ${escape(op['x-min-role'])})</small>` : '';
  return `<section><h2><code>${method.toUpperCase()} ${escape(route)}</code>${role}</h2><p>${escape(op.summary ?? '')}</p>`
    + `${op.description ? `<p>${escape(op.description)}</p>` : ''}${params ? `<ul>${params}</ul>` : ''}</section>`;
}

/** The reference page: one section per operation of the document. */
export function renderReference(document: { paths?: Record<string, Record<string, Operation>> }): string {
  const sections = Object.entries(document.paths ?? {}).flatMap(([route, item]) => Object.entries(item).map(([method, op]) => renderOperation(method, route, op)));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(documentConfig.info.title)}</title>`
    + '<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}h2{font-size:1.1rem}</style></head>'
    + `<body><h1>${escape(documentConfig.info.title)} ${escape(documentConfig.info.version)}</h1>`
    + '<p>Every route except <code>/healthz</code> (and signed webhooks) needs <code>Authorization: Bearer &lt;token&gt;</code> of the project, '
    + 'with at least the role shown. '
    + 'The machine-readable description is <a href="/openapi.json">/openapi.json</a>.</p>'
    + `${sections.join('\n')}</body></html>`;
}

/**
 * Registers the bearer scheme, `/openapi.json` and `/docs` (both behind `guard`). Generating the
 * document from the route schemas took milliseconds of the event loop per request; it is made once
 * (again only if routes were added since) and served as the same text.
 */
export function describeApi<E extends object>(api: OpenAPIHono<E & { Variables: object }>, guard: MiddlewareHandler): void {
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token of the project (`autodevops token create`).' });
  api.use('/openapi.json', guard);
  api.use('/docs', guard);
  let made: { definitions: number; json: string; html: string } | undefined;
  const texts = (): { json: string; html: string } => {
    const definitions = api.openAPIRegistry.definitions.length;
    if (made?.definitions !== definitions) {
      const document = api.getOpenAPI31Document(documentConfig);
      made = { definitions, json: JSON.stringify(document), html: renderReference(document as never) };
    }
    return made;
  };
  api.get('/openapi.json', (c) => c.body(texts().json, 200, { 'content-type': 'application/json' }));
  api.get('/docs', (c) => c.html(texts().html));
}
