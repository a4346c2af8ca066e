/**
 * Builds a SourceNode tree from the stream of YAML events the parser's reader produces (scalar,
 * start/end of sequence or mapping). Fed by parser-adapter.ts while GitHub's template reader
 * consumes the same stream, so the file is parsed once and we keep the values as YAML read them.
 */
import type { Position, SourceMapping, SourceNode, SourceSequence } from './source-node.ts';

/** Nesting deeper than this is refused: no workflow needs it and deep recursion would overflow. */
export const MAX_NESTING = 64;

type Container = SourceSequence | SourceMapping;

/** Collects events into a tree; `root` is set once the top-level node is complete. */
export class TreeBuilder {
  root: SourceNode | undefined;
  /** Where nesting first went past MAX_NESTING, if it did. */
  tooDeep: Position | undefined;
  private readonly stack: Container[] = [];
  private pendingKey: { key: string; at: Position } | undefined;

  /** A scalar (a mapping key or a value). */
  scalar(value: string | number | boolean | null, at: Position): void {
    const top = this.stack.at(-1);
    if (top?.kind === 'mapping' && this.pendingKey === undefined) {
      this.pendingKey = { key: value === null ? '' : String(value), at };
      return;
    }
    this.add({ kind: 'scalar', value, ...at });
  }

  /** The start of a sequence or mapping. */
  open(kind: 'sequence' | 'mapping', at: Position): void {
    const node: Container = kind === 'sequence' ? { kind, items: [], ...at } : { kind, entries: [], ...at };
    this.add(node);
    this.stack.push(node);
    if (this.stack.length > MAX_NESTING && this.tooDeep === undefined) this.tooDeep = at;
  }

  /** The end of the innermost open sequence or mapping. */
  close(): void {
    this.stack.pop();
    this.pendingKey = undefined;
  }

  /** True when every opened collection was closed and a root was read. */
  get complete(): boolean {
    return this.root !== undefined && this.stack.length === 0;
  }

  private add(node: SourceNode): void {
    const top = this.stack.at(-1);
    if (top === undefined) this.root = node;
    else if (top.kind === 'sequence') top.items.push(node);
    else if (this.pendingKey !== undefined) {
      top.entries.push({ key: this.pendingKey.key, ...this.pendingKey.at, value: node });
      this.pendingKey = undefined;
    }
  }
}
