/**
 * What an expression reads, for validation: each context it names with the literal property path
 * that follows (`steps.build.outputs.x` → steps, [build, outputs, x]; `matrix['node-version']` →
 * matrix, [node-version]), and the functions it calls.
 */
import { ContextAccess, IndexAccess, Literal, Star } from '@actions/expressions/ast';
import type { Expr } from '@actions/expressions/ast';
import { data } from '@actions/expressions';
import { walkExpression } from './ast-walk.ts';
import { parseExpression } from './parse.ts';
import { isTemplate, splitTemplate } from './template.ts';

/** One context read: its lower-cased name and the literal path after it, up to the first computed index or `*`. */
export interface ContextReference {
  context: string;
  path: string[];
}

/** Everything an expression or template reads. */
export interface ExpressionUsage {
  references: ContextReference[];
  /** Called function names, lower-cased, each once. */
  functions: string[];
}

/**
 * The contexts and functions used by a template (`'template'`, `${{ }}` parts) or a bare
 * condition (`'condition'`). Throws ExpressionError on a syntax error.
 */
export function expressionReferences(text: string, kind: 'template' | 'condition' = 'template'): ExpressionUsage {
  const usage: ExpressionUsage = { references: [], functions: [] };
  const bare = kind === 'condition' && !isTemplate(text);
  if (bare && text.trim() === '') return usage;
  const parts = bare ? [parseExpression(text)] : splitTemplate(text);
  for (const part of parts) if (typeof part !== 'string') collect(part.ast, usage);
  return usage;
}

function collect(ast: Expr, usage: ExpressionUsage): void {
  walkExpression(ast, {
    contextAccess(node) {
      usage.references.push({ context: node.name.lexeme.toLowerCase(), path: [] });
    },
    indexAccess(node) {
      const chain = accessChain(node);
      if (chain === undefined) return true;
      usage.references.push({ context: chain.root.name.lexeme.toLowerCase(), path: literalPath(chain.indexes) });
      for (const index of chain.indexes) if (!(index instanceof Star)) collect(index, usage);
      return false;
    },
    functionCall(node) {
      const name = node.functionName.lexeme.toLowerCase();
      if (!usage.functions.includes(name)) usage.functions.push(name);
    },
  });
}

// `a.b[c].d` is nested IndexAccess nodes around a ContextAccess; unwind them, outermost last.
function accessChain(node: IndexAccess): { root: ContextAccess; indexes: Expr[] } | undefined {
  const indexes: Expr[] = [];
  let current: Expr = node;
  while (current instanceof IndexAccess) {
    indexes.unshift(current.index);
    current = current.expr;
  }
  return current instanceof ContextAccess ? { root: current, indexes } : undefined;
}

function literalPath(indexes: Expr[]): string[] {
  const path: string[] = [];
  for (const index of indexes) {
    if (!(index instanceof Literal) || index.literal.kind === data.Kind.Null) break;
    path.push(index.literal.coerceString());
  }
  return path;
}
