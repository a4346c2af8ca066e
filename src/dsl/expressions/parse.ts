/**
 * Expression text → syntax tree, through GitHub's own lexer and parser, cached by text. Two fixes
 * are applied to the package's output so values match the runner: a string literal unescapes every
 * `''` (the package's lexer unescapes only the first), and number literals print like the runner.
 */
import { Lexer, Parser } from '@actions/expressions';
import { Literal } from '@actions/expressions/ast';
import type { Expr, FunctionCall } from '@actions/expressions/ast';
import type { FunctionInfo } from '@actions/expressions/funcs/info';
import { TokenType } from '@actions/expressions/lexer';
import type { Token } from '@actions/expressions/lexer';
import { walkExpression } from './ast-walk.ts';
import { BoundedCache } from './bounded-cache.ts';
import { GitHubNumber } from './context-data.ts';
import { ExpressionError, messageOf } from './errors.ts';
import { formatStringProblem } from './format-check.ts';
import { propertyPathOf } from './property-path.ts';
import { isStatusFunction, statusFunctionNames } from './status.ts';

/** The contexts an expression may name. */
export const contextNames = [
  'github', 'env', 'vars', 'secrets', 'inputs', 'matrix', 'strategy', 'needs', 'steps', 'job', 'jobs', 'runner',
] as const;

/** One of the contexts an expression may name. */
export type ContextName = (typeof contextNames)[number];

/** Functions beyond the package's built-ins, with their arities (checked at parse time). */
export const extensionFunctions: readonly FunctionInfo[] = [
  ...statusFunctionNames.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];

/** A parsed expression and what evaluation needs to know about it. */
export interface ParsedExpression {
  /** The text as written, trimmed. */
  text: string;
  ast: Expr;
  /** True when it calls success(), failure(), always() or cancelled(). */
  usesStatusFunction: boolean;
  /** For an expression that only reads a value (`steps.a.outputs.b`): the context and property names. */
  path?: readonly string[];
}

const cache = new BoundedCache<string, ParsedExpression | ExpressionError>(4096);
const contextList = [...contextNames];
const functionList = [...extensionFunctions];

/**
 * Parses a bare expression (no `${{ }}`); throws ExpressionError. Results, errors included, are
 * cached. `names` replaces the workflow context names (other hosts of the language, conformance tests).
 */
export function parseExpression(text: string, names?: readonly string[]): ParsedExpression {
  const key = names === undefined ? text : `${names.join(',')}\0${text}`;
  const result = cache.getOrCreate(key, () => parseUncached(text, names ?? contextList));
  if (result instanceof ExpressionError) throw result;
  return result;
}

function parseUncached(raw: string, names: readonly string[]): ParsedExpression | ExpressionError {
  const text = raw.trim();
  if (text === '') return new ExpressionError(text, 'an expression was expected');
  try {
    const tokens = new Lexer(text).lex().tokens;
    for (const token of tokens) fixToken(token);
    const ast = new Parser(tokens, [...names], functionList).parse();
    const path = propertyPathOf(ast);
    return { text, ast, usesStatusFunction: fixLiterals(ast), ...(path && { path }) };
  } catch (e) {
    return new ExpressionError(text, describeParseError(e), { cause: e });
  }
}

function fixToken(token: Token): void {
  if (token.type === TokenType.STRING) token.value = token.lexeme.slice(1, -1).replaceAll("''", "'");
}

/**
 * Swaps number literals for GitHubNumber and checks literal format() strings; returns whether a
 * status function is called.
 */
function fixLiterals(ast: Expr): boolean {
  let usesStatus = false;
  walkExpression(ast, {
    literal(node: Literal) {
      if (node.token.type === TokenType.NUMBER) node.literal = new GitHubNumber(node.literal.number());
    },
    functionCall(node) {
      const name = node.functionName.lexeme.toLowerCase();
      if (isStatusFunction(name)) usesStatus = true;
      if (name === 'format') checkFormatCall(node);
    },
  });
  return usesStatus;
}

function checkFormatCall(node: FunctionCall): void {
  const [first] = node.args;
  if (!(first instanceof Literal) || first.token.type !== TokenType.STRING) return;
  const problem = formatStringProblem(first.literal.coerceString(), node.args.length - 1);
  if (problem !== undefined) throw new Error(problem);
}

function describeParseError(e: unknown): string {
  const message = messageOf(e);
  const pos = (e as { pos?: { line: number; column: number } }).pos;
  if (pos === undefined) {
    return message.replace(/\. Located at position (\d+) within expression: .*$/s, ' at position $1')
      .replace('ErrorExceededMaxLength', 'it is longer than 21000 characters');
  }
  const where = pos.line === 0 ? `position ${pos.column + 1}` : `line ${pos.line + 1}, column ${pos.column + 1}`;
  return `${message} at ${where}`;
}
