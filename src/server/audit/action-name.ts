/**
 * The audit action of a route, derived from its path so that new routes are named without a table:
 * `<resource>.<verb>`, the resource being the first path segment after the version and the project
 * scope, the verb the last static segment (`/runs/:id/cancel` → `run.cancel`) or the method
 * (`POST /runs` → `run.create`). A few names read better as the domain says them (aliases).
 */

const methodVerbs: Record<string, string> = { POST: 'create', PUT: 'put', PATCH: 'update', DELETE: 'delete' };

/** Domain names for derived names that would read oddly. */
const aliases: Record<string, string> = {
  'run.create': 'run.dispatch',
  'run.approve': 'approval.decide',
  'token.delete': 'token.revoke',
};

/** `runs` → `run`, `policies` → `policy`; `status`, `access` and singular words unchanged. */
export function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.endsWith('s') && !/(ss|us)$/.test(word) ? word.slice(0, -1) : word;
}

const isParam = (segment: string | undefined): boolean => segment !== undefined && (segment.startsWith(':') || segment.startsWith('{'));

/** The segments that name what is acted on: no version prefix, no `projects/:project` scope. */
function resourceSegments(routePath: string): string[] {
  const parts = routePath.split('/').filter((p) => p !== '' && p !== '*' && !/^v\d+$/.test(p));
  if (parts[0] === 'projects' && isParam(parts[1]) && parts.length > 2) parts.splice(0, 2);
  return parts;
}

/** The action a call of `method` on the route pattern `routePath` (Hono or OpenAPI form) is recorded as. */
export function actionName(method: string, routePath: string): string {
  const parts = resourceSegments(routePath);
  const methodVerb = methodVerbs[method.toUpperCase()] ?? method.toLowerCase();
  const last = parts.at(-1);
  let resource = singular(parts[0] ?? 'root');
  let verb = methodVerb;
  if (parts.length > 1 && last !== undefined && !isParam(last)) {
    // A plural last segment is a sub-collection (`/workflows/:id/versions`); otherwise a verb (`cancel`).
    if (singular(last) !== last && isParam(parts.at(-2))) resource = singular(last);
    else verb = last;
  }
  const name = `${resource}.${verb}`;
  return aliases[name] ?? name;
}
