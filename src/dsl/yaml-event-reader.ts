/**
 * GitHub's template reader pulls a workflow as a stream of YAML events through the ObjectReader
 * interface. The package's own YamlObjectReader produces that stream with one generator per level
 * of nesting and an event object per value, which is most of what reading a large workflow
 * allocates besides the YAML library itself. This reader yields the same events, with the same
 * tokens in the same order, from an explicit stack, and lets the YAML library's syntax tree go as
 * soon as the document is composed, so it no longer lives through the template read.
 */
import { BooleanToken, MappingToken, NullToken, NumberToken, SequenceToken, StringToken } from '@actions/workflow-parser/templates/tokens/index';
import type { LiteralToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
import type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range';
import { LineCounter, isAlias, isCollection, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Scalar, YAMLError } from 'yaml';

/** A problem the YAML library reported, positioned as the template reader's errors are. */
export interface YamlError {
  message: string;
  range: TokenRange | undefined;
}

const EVENT = { documentStart: 0, literal: 1, sequenceStart: 2, sequenceEnd: 3, mappingStart: 4, mappingEnd: 5, documentEnd: 6, done: 7 } as const;
type EventType = (typeof EVENT)[keyof typeof EVENT];

/** One open collection (or the document): its items, the next to visit, the event that closes it. */
interface Frame {
  items: readonly unknown[];
  next: number;
  end: EventType;
  aliases: ReadonlySet<unknown>;
}

/** Reads one YAML document as the ObjectReader events GitHub's template reader expects. */
export class YamlEventReader implements ObjectReader {
  /** The composed document (the alias guard inspects it before any alias is expanded). */
  readonly doc: Document.Parsed;
  readonly errors: YamlError[] = [];
  private readonly fileId: number;
  private readonly lines = new LineCounter();
  private readonly stack: Frame[] = [];
  private pending: { node: unknown; aliases: ReadonlySet<unknown> } | undefined;
  private started = false;
  private type: EventType = EVENT.documentStart;
  private token: TemplateToken | undefined;
  /** The token of the event `take` last consumed. */
  private consumed: TemplateToken | undefined;

  constructor(fileId: number, text: string) {
    this.fileId = fileId;
    // Source tokens give multi-line strings their raw text (the template reader positions
    // expressions inside them with it); uniqueness of keys is the template reader's to check.
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true, uniqueKeys: false });
    for (const err of this.doc.errors) this.errors.push({ message: err.message, range: rangeOfLinePos(err.linePos) });
    releaseCollectionSources(this.doc);
  }

  allowLiteral(): LiteralToken | undefined {
    return this.take(EVENT.literal) ? (this.consumed as LiteralToken) : undefined;
  }

  allowSequenceStart(): SequenceToken | undefined {
    return this.take(EVENT.sequenceStart) ? (this.consumed as SequenceToken) : undefined;
  }

  allowSequenceEnd(): boolean {
    return this.take(EVENT.sequenceEnd);
  }

  allowMappingStart(): MappingToken | undefined {
    return this.take(EVENT.mappingStart) ? (this.consumed as MappingToken) : undefined;
  }

  allowMappingEnd(): boolean {
    return this.take(EVENT.mappingEnd);
  }

  validateStart(): void {
    if (!this.started) {
      this.started = true;
      this.stack.push({ items: [this.doc.contents], next: 0, end: EVENT.documentEnd, aliases: new Set() });
    }
    if (!this.take(EVENT.documentStart)) throw new Error('Expected start of reader');
  }

  validateEnd(): void {
    if (!this.take(EVENT.documentEnd)) throw new Error('Expected end of reader');
  }

  /** Consumes the current event when it is of `type`, and moves to the next one. */
  private take(type: EventType): boolean {
    if (!this.started || this.type !== type) return false;
    this.consumed = this.token;
    this.advance();
    return true;
  }

  private advance(): void {
    this.token = undefined;
    for (;;) {
      const pending = this.pending;
      if (pending !== undefined) {
        this.pending = undefined;
        if (this.visit(pending.node, pending.aliases)) return;
        continue;
      }
      const top = this.stack.at(-1);
      if (top === undefined) {
        this.type = EVENT.done;
        return;
      }
      if (top.next < top.items.length) {
        if (this.visit(top.items[top.next++], top.aliases)) return;
        continue;
      }
      this.stack.pop();
      this.type = top.end;
      return;
    }
  }

  /** Makes `node` the current event (true), or queues what it stands for (false: no event of its own). */
  private visit(node: unknown, aliases: ReadonlySet<unknown>): boolean {
    if (isCollection(node)) {
      const seq = isSeq(node);
      this.stack.push({ items: node.items, next: 0, end: seq ? EVENT.sequenceEnd : EVENT.mappingEnd, aliases });
      this.type = seq ? EVENT.sequenceStart : EVENT.mappingStart;
      this.token = seq ? new SequenceToken(this.fileId, this.rangeOf(node), undefined) : new MappingToken(this.fileId, this.rangeOf(node), undefined);
      return true;
    }
    if (isScalar(node)) {
      this.type = EVENT.literal;
      this.token = literalToken(this.fileId, this.rangeOf(node), node);
      return true;
    }
    if (isAlias(node)) {
      // An alias reads as its anchored value; a circular one reads as nothing (the schema then
      // reports what is missing), as in GitHub's reader.
      const resolved = node.resolve(this.doc);
      if (resolved !== undefined && !aliases.has(resolved)) this.pending = { node: resolved, aliases: new Set(aliases).add(resolved) };
      return false;
    }
    if (isPair(node)) {
      const key = node.key as Scalar;
      this.type = EVENT.literal;
      this.token = new StringToken(this.fileId, this.rangeOf(key), key.value as string, undefined);
      this.pending = { node: node.value, aliases };
      return true;
    }
    return false;
  }

  private rangeOf(node: Node | null): TokenRange | undefined {
    const range = node?.range;
    if (range?.[0] === undefined || range[1] === undefined) return undefined;
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(range[1]);
    return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
  }
}

/** A scalar as the template reader's literal token, with the raw source of a string. */
function literalToken(fileId: number, range: TokenRange | undefined, node: Scalar): LiteralToken {
  const value = node.value;
  if (value === null || value === undefined) return new NullToken(fileId, range, undefined);
  switch (typeof value) {
    case 'number':
      return new NumberToken(fileId, range, value, undefined);
    case 'boolean':
      return new BooleanToken(fileId, range, value, undefined);
    case 'string': {
      const src = node.srcToken;
      if (src === undefined || !('source' in src)) return new StringToken(fileId, range, value, undefined);
      // A block scalar's header (`|-`, `>+`) tells how its lines were folded and chomped.
      const header = src.type === 'block-scalar' ? src.props.find((p) => p.type === 'block-scalar-header') : undefined;
      const headerText = header !== undefined && 'source' in header ? header.source : undefined;
      return new StringToken(fileId, range, value, undefined, src.source, headerText || undefined);
    }
    default:
      throw new Error(`Unexpected value type '${typeof value}' when reading object`);
  }
}

/**
 * Only scalars' source tokens are read; a collection's (and a pair's) holds the syntax tree of
 * everything inside it, which would otherwise stay alive as long as the document.
 */
function releaseCollectionSources(doc: Document.Parsed): void {
  visit(doc, {
    Collection: (_key, node) => void (node.srcToken = undefined),
    Pair: (_key, node) => void ((node as { srcToken?: unknown }).srcToken = undefined),
  });
}

function rangeOfLinePos(linePos: YAMLError['linePos']): TokenRange | undefined {
  if (linePos === undefined) return undefined;
  const start = { line: linePos[0].line, column: linePos[0].col };
  const end = linePos.length === 2 ? { line: linePos[1].line, column: linePos[1].col } : start;
  return { start, end };
}
