/**
 * Splits a custom shell's argument string the way the GitHub runner's process launcher (.NET) does
 * on Linux: spaces and tabs separate arguments, double quotes group, backslashes escape only before
 * a double quote. Single quotes are ordinary characters there, so `pwsh -command ". '{0}'"` keeps
 * `. '{0}'` as one argument with its single quotes.
 */

/** The argument list for an argument string, by .NET's rules (see module comment). */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isBlank(text[i])) i++;
    if (i >= text.length) break;
    const next = readArgument(text, i);
    args.push(next.value);
    i = next.end;
  }
  return args;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function readArgument(text: string, start: number): { value: string; end: number } {
  let value = '';
  let inQuotes = false;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const run = readBackslashes(text, i);
      value += run.value;
      i = run.end;
    } else if (c === '"') {
      // `""` inside quotes is a literal quote and stays inside the quotes (CRT compatible).
      if (inQuotes && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else {
        inQuotes = !inQuotes;
        i++;
      }
    } else if (isBlank(c) && !inQuotes) {
      break;
    } else {
      value += c;
      i++;
    }
  }
  return { value, end: i };
}

/** Backslashes are literal unless they precede a quote: then pairs halve and an odd one escapes it. */
function readBackslashes(text: string, start: number): { value: string; end: number } {
  let i = start;
  while (text[i] === '\\') i++;
  const count = i - start;
  if (text[i] !== '"') return { value: '\\'.repeat(count), end: i };
  const halved = '\\'.repeat(Math.floor(count / 2));
  return count % 2 === 1 ? { value: `${halved}"`, end: i + 1 } : { value: halved, end: i };
}
