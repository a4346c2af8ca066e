/**
 * Reads and writes Task Master's `tasks.json` without losing anything we do not understand.
 *
 * Two layouts exist: the legacy one, `{ "tasks": [...], "metadata"?: {...} }`, and the tagged one
 * Task Master writes today, `{ "<tag>": { "tasks": [...], "metadata": {...} }, ... }` (tag `master`
 * by default). A document remembers the whole file it came from, so writing it back changes only
 * the selected tag's tasks and metadata; other tags, unknown fields and key order stay as read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AutodevopsError } from '../../core/errors.ts';
import { TaskSchema, type Task } from './task-schema.ts';

/** Which of Task Master's two file layouts a document was read in (and will be written in). */
export type TasksLayout = 'legacy' | 'tagged';

/** Task Master's default tag. */
export const defaultTag = 'master';

/** One tag's tasks out of a tasks.json file, plus what is needed to write the file back. */
export interface TasksDocument {
  readonly path: string;
  readonly layout: TasksLayout;
  readonly tag: string;
  readonly tasks: Task[];
  /** The tag's metadata object, if it has one. */
  readonly metadata: Record<string, unknown> | undefined;
  /** The file's top-level object as read: other tags and unknown keys are written back from it. */
  readonly file: Readonly<Record<string, unknown>>;
}

/** Options of {@link readTasksFile}. */
export interface ReadTasksOptions {
  /** The tag to work on; default `master`. A legacy-layout file holds only `master`. */
  tag?: string;
}

/** Options of {@link writeTasksFile}. */
export interface WriteTasksOptions {
  /** When given, the tag's `metadata.updated` is set to this time, as Task Master does on a change. */
  now?: Date;
}

const SectionSchema = z.looseObject({ tasks: z.array(TaskSchema), metadata: z.record(z.string(), z.unknown()).optional() });

/**
 * Reads one tag of a tasks.json file. A missing file is an empty document in the tagged layout.
 * @throws AutodevopsError ADO_CONFIG_INVALID naming the file and the JSON path of the bad field.
 */
export async function readTasksFile(path: string, options: ReadTasksOptions = {}): Promise<TasksDocument> {
  const tag = options.tag ?? defaultTag;
  const text = await readText(path);
  if (text === undefined) return emptyTasksDocument(path, { tag });
  const file = parseTopLevel(path, text);
  if ('tasks' in file) return legacyDocument(path, file, tag);
  return taggedDocument(path, file, tag);
}

/** A document for a file that does not exist yet, in the tagged layout with fresh metadata. */
export function emptyTasksDocument(path: string, options: ReadTasksOptions & { now?: Date } = {}): TasksDocument {
  const tag = options.tag ?? defaultTag;
  return { path, layout: 'tagged', tag, tasks: [], metadata: freshMetadata(tag, options.now ?? new Date()), file: {} };
}

/** Writes the document back in the layout it was read in: 2-space JSON, trailing newline, atomically. */
export async function writeTasksFile(doc: TasksDocument, options: WriteTasksOptions = {}): Promise<void> {
  const metadata = options.now && doc.metadata ? { ...doc.metadata, updated: options.now.toISOString() } : doc.metadata;
  const section = { tasks: doc.tasks, ...(metadata ? { metadata } : {}) };
  const file = doc.layout === 'legacy'
    ? { ...doc.file, ...section }
    : { ...doc.file, [doc.tag]: { ...asObject(doc.file[doc.tag]), ...section } };
  await writeAtomically(doc.path, `${JSON.stringify(file, null, 2)}\n`);
}

/** The text of the file, or undefined when it does not exist. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalid(path, `cannot be read (${(e as Error).message})`, e);
  }
}

function parseTopLevel(path: string, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalid(path, `not valid JSON: ${(e as Error).message}`, e);
  }
  if (!isObject(json)) throw invalid(path, 'the top level must be one JSON object');
  return json;
}

function legacyDocument(path: string, file: Record<string, unknown>, tag: string): TasksDocument {
  if (tag !== defaultTag) {
    throw invalid(path, `the legacy layout holds only the "${defaultTag}" tag, not "${tag}"`, undefined,
      'Let Task Master migrate the file to tagged lists (any task-master command does), or use the master tag.');
  }
  const section = validateSection(path, file, []);
  return { path, layout: 'legacy', tag, tasks: section.tasks, metadata: section.metadata, file };
}

function taggedDocument(path: string, file: Record<string, unknown>, tag: string): TasksDocument {
  const raw = file[tag];
  if (raw === undefined) return { ...emptyTasksDocument(path, { tag }), file };
  const section = validateSection(path, raw, [tag]);
  return { path, layout: 'tagged', tag, tasks: section.tasks, metadata: section.metadata, file };
}

/** Validates one tag's object and returns it as read (the schema has no defaults, so nothing is lost). */
function validateSection(path: string, raw: unknown, prefix: PropertyKey[]): { tasks: Task[]; metadata?: Record<string, unknown> } {
  const result = SectionSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 5).map((i) => `${jsonPath([...prefix, ...i.path])}: ${i.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw invalid(path, `${problems.join('; ')}${more}`);
  }
  const section = raw as { tasks: Task[]; metadata?: Record<string, unknown> };
  checkUniqueIds(path, section.tasks, prefix);
  return section;
}

/** Duplicate ids would make dependencies ambiguous, so they are refused like a bad field. */
function checkUniqueIds(path: string, tasks: readonly Task[], prefix: PropertyKey[]): void {
  const duplicate = (ids: readonly (string | number)[]): number => ids.findIndex((id, i) => ids.slice(0, i).some((o) => String(o) === String(id)));
  const top = duplicate(tasks.map((t) => t.id));
  if (top >= 0) throw invalid(path, `${jsonPath([...prefix, 'tasks', top, 'id'])}: task id ${String(tasks[top]!.id)} is used twice`);
  tasks.forEach((task, t) => {
    const sub = duplicate((task.subtasks ?? []).map((s) => s.id));
    if (sub >= 0) throw invalid(path, `${jsonPath([...prefix, 'tasks', t, 'subtasks', sub, 'id'])}: subtask id is used twice in task ${String(task.id)}`);
  });
}

/** `master.tasks[2].status` from `['master', 'tasks', 2, 'status']`. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
}

function freshMetadata(tag: string, now: Date): Record<string, unknown> {
  return { created: now.toISOString(), updated: now.toISOString(), description: `Tasks for ${tag} context` };
}

/** Writes a sibling temporary file and renames it over the target, so readers never see half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw new AutodevopsError('ADO_CONFIG_INVALID', `${path}: cannot be written (${(e as Error).message})`, {
      cause: e, hint: 'Check that the directory exists and is writable.',
    });
  }
}

function invalid(path: string, what: string, cause?: unknown, hint?: string): AutodevopsError {
  return new AutodevopsError('ADO_CONFIG_INVALID', `${path}: ${what}`, {
    cause, hint: hint ?? 'Fix the field named in the message (Task Master\'s tasks.json format), or restore the file from version control.',
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
