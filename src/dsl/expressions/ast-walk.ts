/**
 * A visit of every node of a parsed expression. The evaluator needs none of this; parsing uses it
 * to fix literals and find status functions, and validation uses it to list what an expression reads.
 */
import { Star } from '@actions/expressions/ast';
import type {
  Binary, ContextAccess, Expr, ExprVisitor, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary,
} from '@actions/expressions/ast';

/** Callbacks for the nodes a caller cares about; return false from `indexAccess` to skip its children. */
export interface ExpressionVisit {
  literal?(node: Literal): void;
  functionCall?(node: FunctionCall): void;
  contextAccess?(node: ContextAccess): void;
  indexAccess?(node: IndexAccess): boolean | void;
}

/** Calls `visit` for every node of `expr`, depth first. */
export function walkExpression(expr: Expr, visit: ExpressionVisit): void {
  expr.accept(new Walker(visit));
}

class Walker implements ExprVisitor<void> {
  readonly #visit: ExpressionVisit;

  constructor(visit: ExpressionVisit) {
    this.#visit = visit;
  }

  visitLiteral(node: Literal): void {
    this.#visit.literal?.(node);
  }

  visitUnary(node: Unary): void {
    node.expr.accept(this);
  }

  visitBinary(node: Binary): void {
    node.left.accept(this);
    node.right.accept(this);
  }

  visitLogical(node: Logical): void {
    for (const arg of node.args) arg.accept(this);
  }

  visitGrouping(node: Grouping): void {
    node.group.accept(this);
  }

  visitContextAccess(node: ContextAccess): void {
    this.#visit.contextAccess?.(node);
  }

  visitIndexAccess(node: IndexAccess): void {
    if (this.#visit.indexAccess?.(node) === false) return;
    node.expr.accept(this);
    if (!(node.index instanceof Star)) node.index.accept(this);
  }

  visitFunctionCall(node: FunctionCall): void {
    this.#visit.functionCall?.(node);
    for (const arg of node.args) arg.accept(this);
  }
}
