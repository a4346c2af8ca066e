/**
 * GitHub's official OpenAPI description (from the `@octokit/openapi` package), loaded once per
 * process, with a route table that finds the operation of a request by method and path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { convertNullable } from './json-schema.ts';

/** A JSON Schema (after `nullable` conversion). */
export type Schema = Record<string, unknown>;

/** One parameter of an operation, `$ref`s resolved. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

/** One operation of the description. */
export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/pulls`. */
  template: string;
  parameters: Parameter[];
  /** The JSON request body's schema, when the operation takes one. */
  body?: { schema: Schema; required: boolean };
  /** JSON response schemas by status code. */
  responses: Record<string, Schema | undefined>;
}

/** A request matched to its operation. */
export interface RouteMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

/** The loaded description and its route table. */
export interface GitHubSpec {
  /** `components.schemas` and friends, for `$ref` resolution. */
  document: Schema;
  byId: Map<string, Operation>;
  match(method: string, pathname: string): RouteMatch | undefined;
}

interface Route {
  operation: Operation;
  segments: string[];
  literals: number;
}

let cached: GitHubSpec | undefined;

/** The description, parsed and indexed on first use (about 0.3 s), then shared by the process. */
export function githubSpec(): GitHubSpec {
  cached ??= loadSpec();
  return cached;
}

function loadSpec(): GitHubSpec {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const document = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  convertNullable(document['components']);
  convertNullable(document['paths']);
  const routes = buildRoutes(document);
  const byId = new Map(routes.flat().map((r) => [r.operation.operationId, r.operation]));
  return { document, byId, match: (method, pathname) => matchRoute(routes, method, pathname) };
}

/** Routes grouped by segment count, the most literal templates first. */
function buildRoutes(document: Schema): Route[][] {
  const groups: Route[][] = [];
  const paths = document['paths'] as Record<string, Record<string, Schema>>;
  for (const [template, item] of Object.entries(paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (method === 'parameters' || typeof raw['operationId'] !== 'string') continue;
      const segments = template.split('/').slice(1);
      const route = { operation: toOperation(document, template, method.toUpperCase(), raw), segments, literals: segments.filter((s) => !s.startsWith('{')).length };
      (groups[segments.length] ??= []).push(route);
    }
  }
  for (const group of groups) group?.sort((a, b) => b.literals - a.literals);
  return groups;
}

function toOperation(document: Schema, template: string, method: string, raw: Schema): Operation {
  const parameters = ((raw['parameters'] ?? []) as Schema[]).map((p) => resolve(document, p) as unknown as Parameter);
  const requestBody = raw['requestBody'] === undefined ? undefined : resolve(document, raw['requestBody'] as Schema);
  const bodySchema = jsonSchemaOf(requestBody);
  const responses: Record<string, Schema | undefined> = {};
  for (const [status, response] of Object.entries((raw['responses'] ?? {}) as Record<string, Schema>)) {
    responses[status] = jsonSchemaOf(resolve(document, response));
  }
  return {
    operationId: raw['operationId'] as string, method, template, parameters, responses,
    ...(bodySchema ? { body: { schema: bodySchema, required: requestBody?.['required'] === true } } : {}),
  };
}

function jsonSchemaOf(holder: Schema | undefined): Schema | undefined {
  const content = holder?.['content'] as Record<string, { schema?: Schema }> | undefined;
  return content?.['application/json']?.schema;
}

/** Follows a local `$ref` (`#/components/...`). */
export function resolve(document: Schema, node: Schema): Schema {
  let current = node;
  while (typeof current['$ref'] === 'string') {
    const pointer = current['$ref'].replace(/^#\//, '').split('/');
    current = pointer.reduce<Schema>((at, key) => at[key] as Schema, document);
  }
  return current;
}

function matchRoute(groups: Route[][], method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
  for (const route of groups[segments.length] ?? []) {
    if (route.operation.method !== method) continue;
    const pathParams = bindSegments(route.segments, segments);
    if (pathParams) return { operation: route.operation, pathParams };
  }
  return undefined;
}

function bindSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const value = actual[i] ?? '';
    if (part.startsWith('{')) {
      if (value === '') return undefined;
      params[part.slice(1, -1)] = value;
    } else if (part !== value) return undefined;
  }
  return params;
}
