/**
 * GitHub's Evaluator with our functions added: the status functions read a StatusState, and
 * hashFiles() and fromJSON() are ours (fromJSON so that parsed numbers print like GitHub's). Any
 * error raised while evaluating becomes an ExpressionError naming the expression.
 */
import { Evaluator, data } from '@actions/expressions';
import type { ContextAccess, FunctionCall } from '@actions/expressions/ast';
import { toData } from './context-data.ts';
import { ExpressionError, isExpressionError, messageOf } from './errors.ts';
import { hashFiles } from './hash-files.ts';
import type { ParsedExpression } from './parse.ts';
import { notAPath, readPropertyPath } from './property-path.ts';
import { isStatusFunction, statusFunction } from './status.ts';
import type { StatusState } from './status.ts';

/**
 * The contexts an expression reads, by name (`github`, `env`, `vars`, `secrets`, `inputs`, `matrix`,
 * `strategy`, `needs`, `steps`, `job`, `jobs`, `runner`), as plain JS data. A missing one reads as null.
 * The objects are read live and never copied or changed.
 */
export type ExpressionContexts = Readonly<Record<string, unknown>>;

type Data = data.ExpressionData;

class GitHubEvaluator extends Evaluator {
  readonly #contexts: ExpressionContexts;
  readonly #root: data.Dictionary;
  readonly #status: StatusState | undefined;

  constructor(parsed: ParsedExpression, contexts: ExpressionContexts, status: StatusState | undefined) {
    const root = toData(contexts) as data.Dictionary;
    super(parsed.ast, root);
    this.#contexts = contexts;
    this.#root = root;
    this.#status = status;
  }

  override visitContextAccess(node: ContextAccess): Data {
    return this.#root.get(node.name.lexeme) ?? new data.Null();
  }

  override visitFunctionCall(node: FunctionCall): Data {
    const name = node.functionName.lexeme.toLowerCase();
    if (name === 'hashfiles') return new data.StringData(hashFiles(this.#workspace(), this.#stringArgs(node)));
    if (name === 'fromjson') return fromJson(this.#args(node)[0]!.coerceString());
    if (isStatusFunction(name)) {
      if (this.#status === undefined) throw new Error(`${node.functionName.lexeme}() can only be used in an if: condition`);
      return new data.BooleanData(statusFunction(name, this.#status));
    }
    return super.visitFunctionCall(node);
  }

  #args(node: FunctionCall): Data[] {
    return node.args.map((arg) => this.eval(arg));
  }

  #stringArgs(node: FunctionCall): string[] {
    return this.#args(node).map((arg) => arg.coerceString());
  }

  #workspace(): string {
    const workspace = (this.#contexts.github as { workspace?: unknown } | undefined)?.workspace;
    if (typeof workspace !== 'string' || workspace === '') throw new Error('hashFiles() needs github.workspace, which is not set');
    return workspace;
  }
}

function fromJson(text: string): Data {
  if (text.trim() === '') throw new Error('fromJSON() was given an empty string, which is not JSON');
  try {
    return toData(JSON.parse(text));
  } catch (e) {
    const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
    throw new Error(`fromJSON() was given text that is not JSON (${messageOf(e)}): ${shown}`, { cause: e });
  }
}

/** Evaluates a parsed expression; status functions are available only when `status` is given. */
export function evaluateParsed(parsed: ParsedExpression, contexts: ExpressionContexts, status?: StatusState): Data {
  if (parsed.path !== undefined) {
    const value = readPropertyPath(contexts, parsed.path);
    if (value !== notAPath) return toData(value);
  }
  try {
    return new GitHubEvaluator(parsed, contexts, status).evaluate();
  } catch (e) {
    if (isExpressionError(e)) throw e;
    throw new ExpressionError(parsed.text, messageOf(e), { cause: e });
  }
}
