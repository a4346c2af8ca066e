/**
 * The GitLab REST routes the mock answers (under `/api/v4`): each with the operationId GitLab's
 * official OpenAPI description gives it, where its schemas come from (the description, or a REST
 * documentation page for the operations the description leaves out), the schemas of its query
 * and body, and its default handler.
 */
import type { ZodType } from 'zod';
import type { Handler } from './handler-kit.ts';
import { issueHandlers } from './issue-handlers.ts';
import * as mrSchema from './merge-request-schemas.ts';
import { mergeRequestHandlers } from './mr-handlers.ts';
import { operationIdOf, type RouteSource } from './official-description.ts';
import { noQuery, pathParams } from './schema-kit.ts';
import * as schema from './schemas.ts';

/** One route: `template` segments starting with `:` are path parameters. */
export interface Route {
  /** The name tests script the route by. */
  name: string;
  /** The description's operationId; for a route it leaves out, the id its generator would give. */
  operationId: string;
  source: RouteSource;
  method: string;
  template: string;
  query: ZodType;
  /** The body schema; routes without one take no body. */
  body?: ZodType;
}

/** A request matched to its route. */
export interface RouteMatch {
  route: Route;
  /** Path parameters, URL-decoded but not yet validated. */
  params: Record<string, string>;
}

type RouteSpec = Omit<Route, 'operationId'> & { gitlabRoute?: string };

const mr = '/projects/:id/merge_requests/:merge_request_iid';
const issue = '/projects/:id/issues/:issue_iid';
const notes = { kind: 'rest-docs', page: 'doc/api/notes.md' } as const;
const openapi = (response?: Extract<RouteSource, { kind: 'openapi' }>['response']): RouteSource => ({ kind: 'openapi', ...(response ? { response } : {}) });

const specs: RouteSpec[] = [
  { name: 'listMergeRequests', method: 'GET', template: '/projects/:id/merge_requests', source: openapi('API_Entities_MergeRequestBasic'), query: mrSchema.listMergeRequestsQuery },
  { name: 'createMergeRequest', method: 'POST', template: '/projects/:id/merge_requests', source: openapi('API_Entities_MergeRequest'), query: noQuery, body: mrSchema.createMergeRequestBody },
  { name: 'getMergeRequest', method: 'GET', template: mr, source: openapi('API_Entities_MergeRequest'), query: mrSchema.getMergeRequestQuery },
  { name: 'updateMergeRequest', method: 'PUT', template: mr, source: openapi('API_Entities_MergeRequest'), query: noQuery, body: mrSchema.updateMergeRequestBody },
  { name: 'listMergeRequestDiffs', method: 'GET', template: `${mr}/diffs`, source: openapi('API_Entities_Diff'), query: mrSchema.listDiffsQuery },
  { name: 'createMergeRequestNote', method: 'POST', template: `${mr}/notes`, gitlabRoute: '/projects/:id/merge_requests/:noteable_id/notes', source: notes, query: noQuery, body: schema.createNoteBody },
  {
    name: 'createMergeRequestThread', method: 'POST', template: `${mr}/discussions`, gitlabRoute: '/projects/:id/merge_requests/:noteable_id/discussions',
    source: { kind: 'rest-docs', page: 'doc/api/discussions.md' }, query: noQuery, body: schema.createThreadBody,
  },
  { name: 'getIssue', method: 'GET', template: issue, source: openapi('API_Entities_Issue'), query: schema.getIssueQuery },
  { name: 'editIssue', method: 'PUT', template: issue, source: openapi('API_Entities_Issue'), query: noQuery, body: schema.editIssueBody },
  { name: 'createIssueNote', method: 'POST', template: `${issue}/notes`, gitlabRoute: '/projects/:id/issues/:noteable_id/notes', source: notes, query: noQuery, body: schema.createNoteBody },
  // The description answers 200; GitLab's Grape route sets no status, so a POST answers 201 as the mock does.
  { name: 'setCommitStatus', method: 'POST', template: '/projects/:id/statuses/:sha', source: openapi('API_Entities_CommitStatus'), query: noQuery, body: schema.setStatusBody },
  { name: 'listAllMembers', method: 'GET', template: '/projects/:id/members/all', source: openapi('API_Entities_Member'), query: schema.listAllMembersQuery },
];

/** Every route, by the name scripts use. */
export const routes: Route[] = specs.map(({ gitlabRoute, ...route }) => ({ ...route, operationId: operationIdOf(route.method, gitlabRoute ?? route.template) }));

/** The default handlers by route name. */
export const defaultHandlers: Record<string, Handler> = { ...mergeRequestHandlers, ...issueHandlers };

/** The route of a method and path (relative to `/api/v4`). */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const actual = pathname.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = bind(route.template.split('/').slice(1), actual);
    if (params) return { route, params };
  }
  return undefined;
}

/** The routes of other methods on the same path, to name when a method is not one of them. */
export function routesOnPath(pathname: string): Route[] {
  const actual = pathname.split('/').slice(1);
  return routes.filter((route) => bind(route.template.split('/').slice(1), actual) !== undefined);
}

function bind(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const value = decodeURIComponent(actual[i] ?? '');
    if (part.startsWith(':') && value !== '') params[part.slice(1)] = value;
    else if (part !== value) return undefined;
  }
  return params;
}

/** The path parameter schemas. */
export const pathSchemas: Record<string, ZodType> = pathParams;

/** How an error names the route: its operationId, and where its schemas come from when not from the description. */
export function describeRoute(route: Route): string {
  return route.source.kind === 'openapi' ? route.operationId : `${route.operationId}, not in GitLab's OpenAPI description; checked against ${route.source.page}`;
}
