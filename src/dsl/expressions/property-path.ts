/**
 * Most expressions in workflows only read a value: `steps.build.outputs.version`,
 * `needs.plan.outputs.matrix`, `github.ref`. Such an expression — a context followed by property
 * names (`a.b`, `a['b']`) — is read straight from the plain JS contexts here, with the evaluator's
 * own rules (keys found case-insensitively, a missing key or a property of a non-object reads as
 * null), instead of building an evaluator and a wrapper per level. Anything else (functions,
 * operators, `*`, numeric indexes, a property of an array) goes through GitHub's evaluator.
 */
import { ContextAccess, IndexAccess, Literal } from '@actions/expressions/ast';
import type { Expr } from '@actions/expressions/ast';
import { data } from '@actions/expressions';
import { findKey } from './context-data.ts';

/** What readPropertyPath returns when the walk meets what only the evaluator can read. */
export const notAPath: unique symbol = Symbol('not a property path');

/** The context name then the property names an expression reads, or undefined if it does more. */
export function propertyPathOf(ast: Expr): readonly string[] | undefined {
  const keys: string[] = [];
  let node = ast;
  while (node instanceof IndexAccess) {
    const index = node.index;
    if (!(index instanceof Literal) || index.literal.kind !== data.Kind.String) return undefined;
    keys.push(index.literal.coerceString());
    node = node.expr;
  }
  if (!(node instanceof ContextAccess)) return undefined;
  keys.push(node.name.lexeme);
  return keys.reverse();
}

/**
 * The plain value at `path` in `contexts` (undefined and null both read as null), or notAPath
 * when an array is indexed by name, where the evaluator's coercions decide.
 */
export function readPropertyPath(contexts: object, path: readonly string[]): unknown {
  let value: unknown = contexts;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || value instanceof Date) return null;
    if (Array.isArray(value)) return notAPath;
    const source = value as Record<string, unknown>;
    const found = findKey(source, key);
    value = found === undefined ? undefined : source[found];
  }
  return value;
}
