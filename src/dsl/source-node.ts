/**
 * The workflow file as YAML read it: plain values with 1-based positions, detached from the
 * parser's token classes so that normalisation and validation never depend on
 * `@actions/workflow-parser` (only `parser-adapter.ts` does). Strings are exactly the YAML values,
 * so `${{ }}` templates survive as written.
 */
import type { SourceLocation } from '../core/errors.ts';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A YAML scalar. */
export interface SourceScalar extends Position {
  kind: 'scalar';
  value: string | number | boolean | null;
}

/** A YAML sequence. */
export interface SourceSequence extends Position {
  kind: 'sequence';
  items: SourceNode[];
}

/** One `key: value` pair of a mapping; the position is the key's. */
export interface SourceEntry extends Position {
  key: string;
  value: SourceNode;
}

/** A YAML mapping, entries in file order. */
export interface SourceMapping extends Position {
  kind: 'mapping';
  entries: SourceEntry[];
}

/** Any YAML node. */
export type SourceNode = SourceScalar | SourceSequence | SourceMapping;

/** The value of `key` in `node` when `node` is a mapping that has it. */
export function field(node: SourceNode | undefined, key: string): SourceNode | undefined {
  if (node?.kind !== 'mapping') return undefined;
  return node.entries.find((e) => e.key === key)?.value;
}

/** The entries of a mapping; none for anything else. */
export function entriesOf(node: SourceNode | undefined): SourceEntry[] {
  return node?.kind === 'mapping' ? node.entries : [];
}

/** A scalar's value as text (`null` reads as ''); undefined for collections and absent nodes. */
export function scalarText(node: SourceNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  return node.value === null ? '' : String(node.value);
}

/** The location of a node in `file`. */
export function locate(file: string, at: Position): SourceLocation {
  return { file, line: at.line, column: at.column };
}
