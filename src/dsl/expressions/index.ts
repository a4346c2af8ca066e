/**
 * The expression layer: GitHub Actions `${{ }}` expressions and `if:` conditions, evaluated with
 * GitHub's own parser and evaluator (@actions/expressions) plus the status functions and hashFiles().
 */
export {
  evaluateCondition, evaluateExpression, evaluateString, evaluateTemplate, evaluateValue, validateCondition, validateExpression, validateTemplate,
} from './evaluate.ts';
export type { ExpressionOptions } from './evaluate.ts';
export type { ExpressionContexts } from './evaluator.ts';
export type { StatusState } from './status.ts';
export { ExpressionError, isExpressionError } from './errors.ts';
export { expressionReferences } from './references.ts';
export type { ContextReference, ExpressionUsage } from './references.ts';
export { contextNames } from './parse.ts';
export { statusFunctionNames } from './status.ts';
export type { ContextName } from './parse.ts';
export { isTemplate } from './template.ts';
export { formatNumber } from './number-format.ts';
export { hashFiles } from './hash-files.ts';
