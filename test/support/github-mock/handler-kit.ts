/**
 * What a request handler of the GitHub mock receives and returns, and GitHub's usual error bodies.
 */
import type { MockState, RepoState, IssueState } from './mock-state.ts';
import { withSample } from './sample.ts';

/** Who sent the request, as the mock's authentication decided. */
export interface Caller {
  kind: 'token' | 'installation' | 'app';
  login: string;
  /** For installation tokens and app JWTs. */
  appId?: number;
}

/** A validated request, for default and scripted handlers. */
export interface MockRequest {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (shape checked against the description already). */
  body: unknown;
  caller: Caller;
  state: MockState;
  /** Where the mock's "web pages" live, for `html_url`s. */
  webUrl: string;
}

/** What a handler answers; `body` is sent as JSON. */
export interface MockResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A handler for one operation. */
export type Handler = (request: MockRequest) => MockResponse;

const docs = 'https://docs.github.com/rest';

/** GitHub's 404 body. */
export function notFound(): MockResponse {
  return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } };
}

/** GitHub's 422 body with the `errors` list it sends. */
export function validationFailed(...errors: Array<Record<string, unknown>>): MockResponse {
  return { status: 422, body: { message: 'Validation Failed', errors, documentation_url: docs, status: '422' } };
}

/** Any other error body. */
export function failure(status: number, message: string): MockResponse {
  return { status, body: { message, documentation_url: docs, status: String(status) } };
}

/** The request body as a record (handlers run after validation). */
export function bodyOf(request: MockRequest): Record<string, unknown> {
  return (request.body ?? {}) as Record<string, unknown>;
}

/** The path's repository, or undefined when it does not exist. */
export function repoOf(request: MockRequest): RepoState | undefined {
  return request.state.repo(request.pathParams['owner'] ?? '', request.pathParams['repo'] ?? '');
}

/** The path's issue (`issue_number` or `pull_number`) in an existing repository. */
export function issueOf(request: MockRequest): { repo: RepoState; issue: IssueState } | undefined {
  const repo = repoOf(request);
  const number = Number(request.pathParams['issue_number'] ?? request.pathParams['pull_number']);
  const issue = repo?.issues.get(number);
  return repo && issue ? { repo, issue } : undefined;
}

/** A `simple-user` object for a login. */
export function userJson(login: string, component = 'simple-user'): Record<string, unknown> {
  return withSample(component, { login, id: login.length, type: 'User' });
}
