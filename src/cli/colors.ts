/** ANSI colours, or identity functions when colour is off. */

/** Colouring functions for terminal output. */
export interface Colors {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string): string => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string): string => text;

/** Colour functions; all identity when `enabled` is false. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) return { enabled, red: plain, green: plain, yellow: plain, cyan: plain, dim: plain, bold: plain };
  return { enabled, red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** Colour is on for a terminal unless NO_COLOR or --no-color says otherwise; FORCE_COLOR forces it. */
export function colorWanted(isTTY: boolean, env: Record<string, string | undefined>, noColorFlag: boolean): boolean {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

/** Removes ANSI escape sequences (for width computations and tests). */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
