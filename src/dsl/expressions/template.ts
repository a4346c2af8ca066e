/**
 * A template split into literal text and `${{ }}` expressions, the way the runner's template
 * reader does it: an expression ends at the first `}}` outside a single-quoted string, so
 * `${{ format('{0}}}', x) }}` is one expression. There is no escape for a literal `${{`; write
 * `${{ '${{' }}`.
 */
import { BoundedCache } from './bounded-cache.ts';
import { ExpressionError } from './errors.ts';
import { parseExpression } from './parse.ts';
import type { ParsedExpression } from './parse.ts';

/** Literal text, or a parsed expression. */
export type TemplatePart = string | ParsedExpression;

const open = '${{';
const cache = new BoundedCache<string, TemplatePart[] | ExpressionError>(4096);

/** Whether `text` holds any `${{`. */
export function isTemplate(text: string): boolean {
  return text.includes(open);
}

/** The parts of a template, expressions parsed; throws ExpressionError. Cached by text. */
export function splitTemplate(template: string): TemplatePart[] {
  const result = cache.getOrCreate(template, () => {
    try {
      return splitUncached(template);
    } catch (e) {
      return e as ExpressionError;
    }
  });
  if (result instanceof ExpressionError) throw result;
  return result;
}

function splitUncached(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (let start = template.indexOf(open); start >= 0; start = template.indexOf(open, from)) {
    if (start > from) parts.push(template.slice(from, start));
    const end = closingBraces(template, start + open.length);
    if (end < 0) throw new ExpressionError(template.slice(start), "the ${{ is not closed: no '}}' follows it outside a string");
    parts.push(parseExpression(template.slice(start + open.length, end - 1)));
    from = end + 1;
  }
  if (from < template.length) parts.push(template.slice(from));
  return parts;
}

// The index of the second `}` of the closing `}}`, or -1. A `'` toggles string mode, which also
// handles the `''` escape inside strings.
function closingBraces(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "'") inString = !inString;
    else if (!inString && c === '}' && text[i - 1] === '}' && i - 1 >= from) return i;
  }
  return -1;
}
