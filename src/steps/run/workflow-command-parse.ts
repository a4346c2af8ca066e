/**
 * Parses one output line as a workflow command, exactly as GitHub's runner (ActionCommand.TryParseV2,
 * then the legacy TryParse): `::name k=v,k=v::data` after leading whitespace, or `##[name k=v;k=v]data`
 * anywhere in the line. Only registered names count; names and property keys are case-insensitive
 * (returned lower-cased). Escapes: `%25 %0D %0A` in data, plus `%3A %2C` in properties (`%3B %5D` legacy).
 */

/** A recognised command line. */
export interface WorkflowCommand {
  /** Lower-cased command name. */
  name: string;
  /** Properties by lower-cased key, values unescaped. */
  properties: Map<string, string>;
  data: string;
}

type Escapes = ReadonlyArray<readonly [string, string]>;

// Order matters: `%25` is undone last, so `%250A` becomes the text `%0A`, not a newline.
const dataEscapes: Escapes = [['%0D', '\r'], ['%0A', '\n'], ['%25', '%']];
const propertyEscapes: Escapes = [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']];
const legacyEscapes: Escapes = [['%3B', ';'], ['%0D', '\r'], ['%0A', '\n'], ['%5D', ']'], ['%25', '%']];

/** The command on this line, or undefined when the line is ordinary output. */
export function parseWorkflowCommand(line: string, isRegistered: (name: string) => boolean): WorkflowCommand | undefined {
  return parseCurrent(line, isRegistered) ?? parseLegacy(line, isRegistered);
}

function parseCurrent(line: string, isRegistered: (name: string) => boolean): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  return build(message.slice(2, end), message.slice(end + 2), isRegistered, { separator: ',', escapes: propertyEscapes, dataEscapes });
}

function parseLegacy(line: string, isRegistered: (name: string) => boolean): WorkflowCommand | undefined {
  const start = line.indexOf('##[');
  if (start < 0) return undefined;
  const end = line.indexOf(']', start);
  if (end < 0) return undefined;
  return build(line.slice(start + 3, end), line.slice(end + 1), isRegistered, { separator: ';', escapes: legacyEscapes, dataEscapes: legacyEscapes });
}

interface Syntax {
  separator: string;
  escapes: Escapes;
  dataEscapes: Escapes;
}

function build(info: string, rawData: string, isRegistered: (name: string) => boolean, syntax: Syntax): WorkflowCommand | undefined {
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (name === '' || !isRegistered(name)) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1), syntax) : new Map<string, string>();
  return { name: name.toLowerCase(), properties, data: unescape(rawData, syntax.dataEscapes) };
}

function parseProperties(text: string, syntax: Syntax): Map<string, string> {
  const properties = new Map<string, string>();
  const source = syntax.separator === ',' ? text.trim() : text;
  for (const entry of source.split(syntax.separator)) {
    const eq = entry.indexOf('=');
    // Like .NET's Split('=', 2, RemoveEmptyEntries): a pair needs a non-empty key and value.
    if (eq <= 0 || eq === entry.length - 1) continue;
    properties.set(entry.slice(0, eq).toLowerCase(), unescape(entry.slice(eq + 1), syntax.escapes));
  }
  return properties;
}

function unescape(text: string, escapes: Escapes): string {
  if (!text.includes('%')) return text;
  let out = text;
  for (const [escaped, plain] of escapes) out = out.replaceAll(escaped, plain);
  return out;
}
