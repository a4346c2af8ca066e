/**
 * The one module that imports GitHub's `@actions/workflow-parser` (pinned to an exact version in
 * package.json): everything else sees plain data and positioned diagnostics.
 *
 * It does what the package's `parseWorkflow` does (YAML reader → schema-driven template reader →
 * `convertWorkflowTemplate`) with one addition: the YAML reader is wrapped so that the values it
 * produces are also recorded as a SourceNode tree. The template reader rewrites strings holding
 * `${{ }}` into `format(...)` expressions (built from the raw block text for multi-line strings),
 * which cannot be turned back into the string the user wrote; the recorded tree keeps it.
 */
import { NoOperationTraceWriter, convertWorkflowTemplate, isBoolean, isNumber, isString } from '@actions/workflow-parser';
import { ACTION_ROOT } from '@actions/workflow-parser/actions/action-constants';
import { getActionSchema } from '@actions/workflow-parser/actions/action-schema';
import { convertActionTemplate } from '@actions/workflow-parser/actions/action-template';
import type { ActionTemplate } from '@actions/workflow-parser/actions/action-template';
import { ErrorPolicy } from '@actions/workflow-parser/model/convert';
import type { WorkflowTemplate } from '@actions/workflow-parser/model/workflow-template';
import type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
import { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context';
import { readTemplate } from '@actions/workflow-parser/templates/template-reader';
import type { LiteralToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import type { TemplateValidationError } from '@actions/workflow-parser/templates/template-validation-error';
import { WORKFLOW_ROOT } from '@actions/workflow-parser/workflows/workflow-constants';
import { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema';
import type { Diagnostic } from '../core/errors.ts';
import { checkAliases } from './alias-guard.ts';
import type { Position, SourceNode } from './source-node.ts';
import { MAX_NESTING, TreeBuilder } from './tree-builder.ts';
import { YamlEventReader } from './yaml-event-reader.ts';

/** The `if:` conditions of one job and its steps, as GitHub's converter resolved them. */
export interface JobConditions {
  if: string;
  steps: string[];
}

/** What the parser made of one file. */
export interface ParsedWorkflow {
  /** The document as YAML read it; undefined when the YAML itself could not be read. */
  root: SourceNode | undefined;
  /** Job and step conditions by job id (meaningful only when there are no diagnostics). */
  conditions: Map<string, JobConditions>;
  /** Every problem the parser found, positioned (1:1 when the parser gave no position). */
  diagnostics: Diagnostic[];
}

/** The `if:` conditions of an action's composite steps, and its `pre-if` / `post-if` as written. */
export interface ActionConditions {
  steps: string[];
  preIf?: string;
  postIf?: string;
}

/** What the parser made of one action metadata file (`action.yml`). */
export interface ParsedAction {
  /** The document as YAML read it; undefined when the YAML itself could not be read. */
  root: SourceNode | undefined;
  /** Conditions as GitHub's converter resolved them (meaningful only when there are no diagnostics). */
  conditions: ActionConditions;
  /** Every problem the parser found, positioned, against the strict action schema. */
  diagnostics: Diagnostic[];
}

/** Parses and schema-validates an action's metadata file with GitHub's parser. Never throws for bad input. */
export function parseActionWithGitHubParser(file: string, text: string): ParsedAction {
  const context = new TemplateContext(new TemplateValidationErrors(), getActionSchema(), new NoOperationTraceWriter());
  const fileId = context.getFileId(file);
  const none: ActionConditions = { steps: [] };
  const yaml = readYaml(fileId, text, file);
  if ('diagnostics' in yaml) return { root: undefined, conditions: none, diagnostics: yaml.diagnostics };
  for (const err of yaml.reader.errors) context.error(fileId, err.message, err.range);
  if (yaml.reader.errors.length > 0) return { root: undefined, conditions: none, diagnostics: toDiagnostics(file, context) };
  const recorder = new RecordingReader(yaml.reader);
  // readTemplate reports its own failures (a stack overflow included) through the context.
  const token = readTemplate(context, ACTION_ROOT, recorder, fileId);
  const template = token === undefined ? undefined : convertAction(context, token);
  const diagnostics = toDiagnostics(file, context);
  const tooDeep = recorder.tree.tooDeep;
  if (tooDeep) diagnostics.push({ location: { file, ...tooDeep }, message: `Values are nested more than ${MAX_NESTING} levels deep` });
  const root = recorder.tree.complete && !tooDeep ? recorder.tree.root : undefined;
  return { root, conditions: template ? actionConditionsOf(template) : none, diagnostics };
}

function convertAction(context: TemplateContext, token: TemplateToken): ActionTemplate | undefined {
  try {
    return convertActionTemplate(context, token, { errorPolicy: ErrorPolicy.TryConversion });
  } catch {
    // The converter asserts shapes the schema has already reported as errors; those stand.
    return undefined;
  }
}

function actionConditionsOf(template: ActionTemplate): ActionConditions {
  const runs = template.runs as { steps?: Array<{ if?: { expression: string } }>; preIf?: string; postIf?: string } | undefined;
  const conditions: ActionConditions = { steps: (runs?.steps ?? []).map((s) => s.if?.expression ?? 'success()') };
  if (runs?.preIf !== undefined) conditions.preIf = runs.preIf;
  if (runs?.postIf !== undefined) conditions.postIf = runs.postIf;
  return conditions;
}

/** Parses and schema-validates a workflow with GitHub's parser. Never throws for bad input. */
export async function parseWithGitHubParser(file: string, text: string): Promise<ParsedWorkflow> {
  const context = new TemplateContext(new TemplateValidationErrors(), getWorkflowSchema(), new NoOperationTraceWriter());
  const fileId = context.getFileId(file);
  const yaml = readYaml(fileId, text, file);
  if ('diagnostics' in yaml) return { root: undefined, conditions: new Map(), diagnostics: yaml.diagnostics };
  for (const err of yaml.reader.errors) context.error(fileId, err.message, err.range);
  if (yaml.reader.errors.length > 0) return { root: undefined, conditions: new Map(), diagnostics: toDiagnostics(file, context) };
  const recorder = new RecordingReader(yaml.reader);
  const template = await readAndConvert(context, recorder, fileId);
  const diagnostics = toDiagnostics(file, context);
  const tooDeep = recorder.tree.tooDeep;
  if (tooDeep) diagnostics.push({ location: { file, ...tooDeep }, message: `Values are nested more than ${MAX_NESTING} levels deep` });
  const root = recorder.tree.complete && !tooDeep ? recorder.tree.root : undefined;
  return { root, conditions: template ? conditionsOf(template) : new Map(), diagnostics };
}

/** The YAML reader, or diagnostics when its aliases make it unsafe to read. */
function readYaml(fileId: number, text: string, file: string): { reader: YamlEventReader } | { diagnostics: Diagnostic[] } {
  // The yaml library reports syntax errors and too-deep nesting as errors; it does not throw.
  const reader = new YamlEventReader(fileId, text);
  // An alias is written `*name`; without a `*` there is nothing to check.
  const aliasProblems = reader.errors.length === 0 && text.includes('*') ? checkAliases(reader.doc, file, text) : [];
  return aliasProblems.length > 0 ? { diagnostics: aliasProblems } : { reader };
}

async function readAndConvert(context: TemplateContext, reader: ObjectReader, fileId: number): Promise<WorkflowTemplate | undefined> {
  // readTemplate reports its own failures (a stack overflow included) through the context.
  const root = readTemplate(context, WORKFLOW_ROOT, reader, fileId);
  if (root === undefined) return undefined;
  return convertWorkflowTemplate(context, root, undefined, { errorPolicy: ErrorPolicy.TryConversion });
}

function conditionsOf(template: WorkflowTemplate): Map<string, JobConditions> {
  const result = new Map<string, JobConditions>();
  for (const job of template.jobs ?? []) {
    const steps = job.type === 'job' ? job.steps.map((s) => ('if' in s && s.if ? s.if.expression : 'success()')) : [];
    result.set(job.id.value, { if: job.if.expression, steps });
  }
  return result;
}

function toDiagnostics(file: string, context: TemplateContext): Diagnostic[] {
  return context.errors.getErrors().map((e) => toDiagnostic(file, e));
}

function toDiagnostic(file: string, e: TemplateValidationError): Diagnostic {
  const start = e.range?.start;
  const line = Math.max(1, start?.line ?? 1);
  const column = Math.max(1, start?.column ?? 1);
  return { location: { file, line, column }, message: cleanMessage(e.rawMessage, start === undefined) };
}

const tokenNames: Record<string, string> = {
  StringToken: 'string', NumberToken: 'number', BooleanToken: 'boolean', NullToken: 'null',
  SequenceToken: 'sequence', MappingToken: 'mapping', BasicExpressionToken: 'expression',
};

/** Parser messages made readable: yaml's source excerpt dropped, token class names in words. */
export function cleanMessage(raw: string, unpositioned = false): string {
  if (unpositioned && raw === 'Expected a scalar value, a sequence, or a mapping') {
    return 'The file holds no YAML value; a workflow is a mapping with `on:` and `jobs:`';
  }
  if (raw.startsWith('Maximum call stack size exceeded')) return 'The YAML is nested too deeply to read';
  const firstLine = raw.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return firstLine.replace(/'(\w+Token)'/g, (m, name: string) => (tokenNames[name] ? `'${tokenNames[name]}'` : m)) || 'Invalid workflow';
}

/** Passes the YAML reader's events to the template reader and records them as a tree. */
class RecordingReader implements ObjectReader {
  readonly tree = new TreeBuilder();
  private readonly inner: ObjectReader;

  constructor(inner: ObjectReader) {
    this.inner = inner;
  }

  allowLiteral(): LiteralToken | undefined {
    const token = this.inner.allowLiteral();
    if (token) this.tree.scalar(literalValue(token), startOf(token));
    return token;
  }

  allowSequenceStart(): ReturnType<ObjectReader['allowSequenceStart']> {
    const token = this.inner.allowSequenceStart();
    if (token) this.tree.open('sequence', startOf(token));
    return token;
  }

  allowSequenceEnd(): boolean {
    const end = this.inner.allowSequenceEnd();
    if (end) this.tree.close();
    return end;
  }

  allowMappingStart(): ReturnType<ObjectReader['allowMappingStart']> {
    const token = this.inner.allowMappingStart();
    if (token) this.tree.open('mapping', startOf(token));
    return token;
  }

  allowMappingEnd(): boolean {
    const end = this.inner.allowMappingEnd();
    if (end) this.tree.close();
    return end;
  }

  validateStart(): void {
    this.inner.validateStart();
  }

  validateEnd(): void {
    this.inner.validateEnd();
  }
}

function literalValue(token: LiteralToken): string | number | boolean | null {
  if (isString(token)) return token.value ?? null;
  if (isNumber(token) || isBoolean(token)) return token.value;
  return null;
}

function startOf(token: TemplateToken): Position {
  const start = token.range?.start;
  return { line: Math.max(1, start?.line ?? 1), column: Math.max(1, start?.column ?? 1) };
}
