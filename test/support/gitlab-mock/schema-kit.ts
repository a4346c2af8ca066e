/**
 * The zod pieces the GitLab mock's request schemas are built from, one per type of GitLab's
 * description. Query strings and forms carry text, so integers and booleans also accept their
 * text; Grape splits a comma-separated text into an array, so arrays accept one too.
 */
import { z } from 'zod';

/** `type: integer` (JSON number, or its digits in a query or form). */
export const int = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'must be an integer').transform(Number)]);

/** `type: number` (a float, such as a coverage). */
export const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number)]);

/** `type: boolean`. */
export const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** `type: string`. */
export const text = z.string();

/** `type: string, format: date-time` (GitLab also takes a bare date). */
export const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO 8601 date-time');

/** `type: array, items: string`: a list, or one comma-separated text. */
export const texts = z.union([z.array(text), text.transform((v) => v.split(','))]);

/** `type: array, items: integer`: a list, or one comma-separated text of integers. */
export const ints = z.union([z.array(int), z.string().regex(/^-?\d+(,-?\d+)*$/, 'must be integers separated by commas').transform((v) => v.split(',').map(Number))]);

/** The `page` and `per_page` query parameters every paginated operation takes. */
export const page = { page: int.optional(), per_page: int.optional() };

/**
 * Path parameters by name. The description types `id` and `sha` as any text (a project path,
 * or a commit SHA or ref) and the iids as integers.
 */
export const pathParams: Record<string, z.ZodType> = {
  id: z.string().min(1),
  merge_request_iid: int,
  issue_iid: int,
  sha: z.string().min(1),
};

/** An operation without query parameters. */
export const noQuery = z.strictObject({});

/** GitLab's update operations refuse a request that changes nothing ("at least one parameter"); the description cannot say so. */
export function atLeastOne<T extends z.ZodObject>(schema: T): T {
  return schema.refine((body) => Object.keys(body).length > 0, 'at least one attribute must be given');
}
