/**
 * Validates requests and responses against the operation's schemas with ajv. Validators are
 * compiled on first use of an operation and kept for the process, so a mock starts at once and
 * only the operations a test touches are ever compiled.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { githubSpec, type Operation, type Parameter, type Schema } from './openapi-spec.ts';

/** The parts of a request that the description constrains. */
export interface RequestParts {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

const documentId = 'https://mock.invalid/github-openapi.json';
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(key: string, schema: () => Schema): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    ajv ??= createAjv();
    fn = ajv.compile(absoluteRefs(schema()) as Schema);
    compiled.set(key, fn);
  }
  return fn;
}

function createAjv(): Ajv {
  // strict off: the description carries OpenAPI keywords (example, discriminator, x-github…).
  const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  formatsModule.default(instance);
  instance.addSchema({ $id: documentId, components: githubSpec().document['components'] });
  return instance;
}

/** Rewrites the operation's local `#/components/…` refs to point into the shared document. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? documentId + v : absoluteRefs(v)]));
}

/** Every way the request breaks the operation's description; empty when it is valid. */
export function validateRequest(operation: Operation, parts: RequestParts): string[] {
  return [...checkParameters(operation, parts), ...checkBody(operation, parts.body)];
}

function checkParameters(operation: Operation, parts: RequestParts): string[] {
  const problems: string[] = [];
  const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(parts.query.keys())) if (!known.has(name)) problems.push(`query parameter "${name}" is not defined by ${operation.operationId}`);
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const raw = parameter.in === 'path' ? parts.pathParams[parameter.name] : parts.query.get(parameter.name) ?? undefined;
    if (raw === undefined) {
      if (parameter.required) problems.push(`${parameter.in} parameter "${parameter.name}" is required`);
      continue;
    }
    problems.push(...checkValue(`${operation.operationId}:param:${parameter.name}`, () => parameter.schema ?? {}, coerce(parameter, raw), `${parameter.in} parameter "${parameter.name}"`));
  }
  return problems;
}

/** Parameters arrive as text; read them as the type their schema declares. */
function coerce(parameter: Parameter, raw: string): unknown {
  const type = parameter.schema?.['type'];
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (types.includes('array')) return raw.split(',');
  return raw;
}

function checkBody(operation: Operation, body: unknown): string[] {
  if (!operation.body) return body === undefined ? [] : [`${operation.operationId} takes no request body`];
  if (body === undefined) return operation.body.required ? ['the request body is required'] : [];
  const schema = operation.body.schema;
  return [...unknownProperties(schema, body), ...checkValue(`${operation.operationId}:body`, () => schema, body, 'body')];
}

/** GitHub ignores unknown fields; a client that sends one has a typo, so the mock reports it. */
function unknownProperties(schema: Schema, body: unknown): string[] {
  const properties = schema['properties'] as Record<string, unknown> | undefined;
  if (!properties || typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  return Object.keys(body).filter((k) => !(k in properties)).map((k) => `body property "${k}" is not defined by the operation`);
}

function checkValue(key: string, schema: () => Schema, value: unknown, where: string): string[] {
  const fn = validator(key, schema);
  return fn(value) ? [] : describe(fn.errors ?? [], where);
}

function describe(errors: ErrorObject[], where: string): string[] {
  return errors.map((e) => `${where}${e.instancePath} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params['allowedValues'])})` : ''}`);
}

/** Every way a response body breaks the operation's schema for that status; empty when valid or undocumented. */
export function validateResponse(operation: Operation, status: number, body: unknown): string[] {
  const schema = operation.responses[String(status)];
  if (!schema) return [];
  return checkValue(`${operation.operationId}:response:${status}`, () => schema, body, `response ${status}`);
}
