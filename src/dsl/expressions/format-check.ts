/**
 * format() strings checked when the expression is parsed, as GitHub's own tooling does
 * (actions/languageservices, validate-format): a literal format string with an unmatched brace, or
 * one that names more arguments than the call passes, is a syntax error, so the workflow is
 * rejected before a run exists instead of failing when the step gets there. The rules are those of
 * format() at run time: `{N}` is argument N, `{{` and `}}` write one brace, any other brace is invalid.
 */

/** The highest `{N}` a format string uses (-1 for none), or undefined when the string is invalid. */
export function highestFormatIndex(format: string): number | undefined {
  let highest = -1;
  for (let i = 0; i < format.length; ) {
    const c = format[i];
    if (c !== '{' && c !== '}') {
      i++;
      continue;
    }
    if (format[i + 1] === c) {
      i += 2;
      continue;
    }
    if (c === '}') return undefined;
    // As format() reads it: digits right after the brace; anything else up to the `}` is ignored.
    const close = format.indexOf('}', i + 1);
    const digits = close < 0 ? undefined : /^[0-9]+/.exec(format.slice(i + 1, close))?.[0];
    if (digits === undefined) return undefined;
    highest = Math.max(highest, Number(digits));
    i = close + 1;
  }
  return highest;
}

/** Why `format(<format>, …args)` cannot succeed, or undefined when it can. */
export function formatStringProblem(format: string, argumentCount: number): string | undefined {
  const highest = highestFormatIndex(format);
  if (highest === undefined) {
    return `Invalid format string '${format}': the format string is invalid (write '{{' and '}}' for literal braces)`;
  }
  if (highest < argumentCount) return undefined;
  return `Format string references {${highest}} but only ${argumentCount} argument(s) provided `
    + `(the format string references more arguments than were supplied)`;
}
