/**
 * YAML aliases (`*name`) are expanded by the parser's reader each time they occur, with no limit,
 * so a "billion laughs" file (anchors of aliases of aliases) would take forever and exhaust memory.
 * This guard measures the expansion on the unexpanded document first and refuses files that
 * aliases would grow by more than MAX_ALIAS_NODES nodes. It also reports aliases whose anchor is
 * not defined before them, which the yaml library leaves silent until values are converted.
 */
import { isAlias, isCollection, isNode, isPair, isScalar, visit } from 'yaml';
import type { Alias, Document, Node } from 'yaml';
import type { Diagnostic } from '../core/errors.ts';

/** How many nodes aliases may add to a file; real workflows reuse small blocks far below this. */
export const MAX_ALIAS_NODES = 100_000;

/** Diagnostics for undefined aliases and alias expansion beyond the limit; [] when fine. */
export function checkAliases(doc: Document, file: string, text: string): Diagnostic[] {
  const { aliases, targets } = collectAliases(doc);
  if (aliases.length === 0) return [];
  const at = offsetToPosition(text);
  const undefinedAliases = aliases.filter((a) => !targets.has(a));
  if (undefinedAliases.length > 0) {
    return undefinedAliases.map((a) => ({
      location: { file, ...at(a.range?.[0]) },
      message: `The YAML alias '*${a.source}' has no anchor '&${a.source}' before it`,
    }));
  }
  return checkExpansion(doc, aliases, targets, file, at);
}

/** Every alias in document order, and the node each refers to (the nearest preceding anchor). */
function collectAliases(doc: Document): { aliases: Alias[]; targets: Map<Alias, Node> } {
  const anchors = new Map<string, Node>();
  const aliases: Alias[] = [];
  const targets = new Map<Alias, Node>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      aliases.push(node);
      const target = anchors.get(node.source);
      if (target !== undefined) targets.set(node, target);
    } else if (isNode(node) && node.anchor) {
      anchors.set(node.anchor, node);
    }
  });
  return { aliases, targets };
}

function checkExpansion(doc: Document, aliases: Alias[], targets: Map<Alias, Node>, file: string, at: PositionOf): Diagnostic[] {
  // Anchors precede their aliases, so memoised sizes are computed in document order and the
  // recursion only goes as deep as the nesting, which the yaml library already bounds.
  const sizes = new ExpandedSize(targets);
  const added = sizes.of(doc.contents) - countNodes(doc);
  if (added <= MAX_ALIAS_NODES) return [];
  const worst = aliases.reduce((best, a) => (sizes.of(a) > sizes.of(best) ? a : best));
  return [{
    location: { file, ...at(worst.range?.[0]) },
    message: `YAML aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (this alias alone adds ${sizes.of(worst)}); use fewer or smaller anchored blocks`,
  }];
}

/** Node counts with aliases expanded, memoised per node so that measuring stays linear. */
class ExpandedSize {
  private readonly memo = new Map<unknown, number>();
  private readonly inProgress = new Set<unknown>();
  private readonly targets: Map<Alias, Node>;

  constructor(targets: Map<Alias, Node>) {
    this.targets = targets;
  }

  of(node: unknown): number {
    const known = this.memo.get(node);
    if (known !== undefined) return known;
    // A self-referencing anchor is not expanded again by the reader, so it adds nothing.
    if (this.inProgress.has(node)) return 0;
    this.inProgress.add(node);
    const size = this.compute(node);
    this.inProgress.delete(node);
    this.memo.set(node, size);
    return size;
  }

  private compute(node: unknown): number {
    if (isAlias(node)) return this.of(this.targets.get(node));
    if (isPair(node)) return this.of(node.key) + this.of(node.value);
    if (isCollection(node)) return 1 + node.items.reduce<number>((sum, item) => sum + this.of(item), 0);
    return isScalar(node) ? 1 : 0;
  }
}

function countNodes(doc: Document): number {
  let count = 0;
  visit(doc, (_key, node) => {
    if (!isPair(node)) count++;
  });
  return count;
}

type PositionOf = (offset: number | undefined) => { line: number; column: number };

/** Maps a character offset to a 1-based line and column. */
function offsetToPosition(text: string): PositionOf {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    if (offset === undefined) return { line: 1, column: 1 };
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
