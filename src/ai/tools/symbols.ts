/**
 * Top-level symbols of a source file, found by a few regular expressions per language. Only
 * declarations that start a line (or sit one indent level into a Java class) count: that is what
 * tells an agent what a file offers, without the cost of a parser per language.
 */
import { posix } from 'node:path';

const tsJs = [
  /^export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|var|namespace)\s+[\w$]+/,
  /^export\s+default\s+/,
  /^(?:async\s+)?function\*?\s+[\w$]+/,
  /^(?:abstract\s+)?class\s+[\w$]+/,
  /^(?:interface|type|enum)\s+[\w$]+/,
];
const python = [/^(?:async\s+)?def\s+\w+/, /^class\s+\w+/];
const go = [/^func\s+(?:\([^)]*\)\s*)?\w+/, /^type\s+\w+/];
const rust = [/^(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:unsafe\s+)?(?:fn|struct|enum|trait|mod|type|union)\s+\w+/, /^impl\b/, /^(?:pub\s+)?(?:const|static)\s+\w+/];
const java = [
  /^(?:(?:public|protected|private|abstract|final|sealed|static)\s+)*(?:class|interface|enum|record|@interface)\s+\w+/,
  /^ {4}(?:(?:public|protected)\s+)(?:(?:static|final|abstract|synchronized)\s+)*[\w<>[\],.? ]+\s+\w+\s*\(/,
];
const shell = [/^(?:function\s+)?[\w-]+\s*\(\)/, /^function\s+[\w-]+/];

/** Patterns by file extension. */
const byExtension: Record<string, RegExp[]> = {
  '.ts': tsJs, '.tsx': tsJs, '.mts': tsJs, '.cts': tsJs, '.js': tsJs, '.jsx': tsJs, '.mjs': tsJs, '.cjs': tsJs,
  '.py': python, '.go': go, '.rs': rust, '.java': java, '.sh': shell, '.bash': shell,
};

/** Characters of a declaration line kept. */
const maxSignatureChars = 120;

/** True when symbols can be extracted from files named like `path`. */
export function hasSymbolSupport(path: string): boolean {
  return posix.extname(path) in byExtension;
}

/** Declaration lines (trimmed, without a trailing `{`, `{}` or `:`) of the top-level symbols of `text`. */
export function extractSymbols(path: string, text: string): string[] {
  const patterns = byExtension[posix.extname(path)] ?? [];
  const found: string[] = [];
  for (const line of text.split('\n')) {
    if (patterns.some((pattern) => pattern.test(line))) found.push(signature(line));
  }
  return found;
}

function signature(line: string): string {
  const text = line.trim().replace(/\s*\{\s*\}?$/, '').replace(/\s*:$/, '');
  return text.length <= maxSignatureChars ? text : `${text.slice(0, maxSignatureChars)}…`;
}
