/**
 * The GitLab REST routes the mock answers (under `/api/v4`), each with the schemas of its path
 * parameters, query and body (schemas.ts) and its default handler.
 */
import type { ZodType } from 'zod';
import type { Handler } from './handler-kit.ts';
import { issueHandlers } from './issue-handlers.ts';
import { mergeRequestHandlers } from './mr-handlers.ts';
import * as schema from './schemas.ts';

/** One route: `template` segments starting with `:` are path parameters. */
export interface Route {
  name: string;
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

const mr = '/projects/:id/merge_requests/:merge_request_iid';

/** Every route, by the name scripts use. */
export const routes: Route[] = [
  { name: 'listMergeRequests', method: 'GET', template: '/projects/:id/merge_requests', query: schema.listMergeRequestsQuery },
  { name: 'createMergeRequest', method: 'POST', template: '/projects/:id/merge_requests', query: schema.noQuery, body: schema.createMergeRequestBody },
  { name: 'getMergeRequest', method: 'GET', template: mr, query: schema.getMergeRequestQuery },
  { name: 'updateMergeRequest', method: 'PUT', template: mr, query: schema.noQuery, body: schema.updateMergeRequestBody },
  { name: 'listMergeRequestDiffs', method: 'GET', template: `${mr}/diffs`, query: schema.listDiffsQuery },
  { name: 'createMergeRequestNote', method: 'POST', template: `${mr}/notes`, query: schema.noQuery, body: schema.createNoteBody },
  { name: 'createMergeRequestThread', method: 'POST', template: `${mr}/discussions`, query: schema.noQuery, body: schema.createThreadBody },
  { name: 'getIssue', method: 'GET', template: '/projects/:id/issues/:issue_iid', query: schema.getIssueQuery },
  { name: 'editIssue', method: 'PUT', template: '/projects/:id/issues/:issue_iid', query: schema.noQuery, body: schema.editIssueBody },
  { name: 'createIssueNote', method: 'POST', template: '/projects/:id/issues/:issue_iid/notes', query: schema.noQuery, body: schema.createNoteBody },
  { name: 'setCommitStatus', method: 'POST', template: '/projects/:id/statuses/:sha', query: schema.noQuery, body: schema.setStatusBody },
  { name: 'listAllMembers', method: 'GET', template: '/projects/:id/members/all', query: schema.listAllMembersQuery },
];

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
export const pathSchemas: Record<string, ZodType> = schema.pathParams;
