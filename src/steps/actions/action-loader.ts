/**
 * Reading an action's metadata from its directory: `action.yml`, else `action.yaml`, else a bare
 * `Dockerfile` (a Docker action without metadata), as GitHub's runner looks for them. Parsed
 * metadata is kept by content, so a job that uses an action in many steps parses it once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDiagnostic, isAutodevopsError } from '../../core/errors.ts';
import { permanent } from '../../core/failure.ts';
import type { ActionManifest, ParseAction } from './action-manifest.ts';

const parsedByText = new Map<string, ActionManifest>();

/**
 * The metadata in `dir`. `shownAs` names the directory in messages and diagnostics (a remote
 * action's `owner/repo/path@ref` rather than its cache directory); `local` picks GitHub's hint.
 */
export async function loadManifest(dir: string, shownAs: string, parse: ParseAction, local: boolean): Promise<ActionManifest> {
  for (const name of ['action.yml', 'action.yaml']) {
    const text = await readFile(join(dir, name), 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw permanent(`Cannot read ${join(shownAs, name)}: ${e.message}`, e);
    });
    if (text !== undefined) return parseCached(`${shownAs.replace(/\/$/, '')}/${name}`, text, parse);
  }
  if (existsSync(join(dir, 'Dockerfile'))) return { name: shownAs, inputs: {}, outputs: {}, runs: { using: 'docker', image: 'Dockerfile' } };
  const hint = local ? " Did you forget to run actions/checkout before running your local action?" : '';
  throw permanent(`Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '${dir}'.${hint}`);
}

function parseCached(file: string, text: string, parse: ParseAction): ActionManifest {
  const key = `${file}\0${text}`;
  let manifest = parsedByText.get(key);
  if (!manifest) {
    manifest = parseOrFail(file, text, parse);
    if (parsedByText.size >= 128) parsedByText.delete(parsedByText.keys().next().value!);
    parsedByText.set(key, manifest);
  }
  return manifest;
}

function parseOrFail(file: string, text: string, parse: ParseAction): ActionManifest {
  try {
    return parse(file, text);
  } catch (e) {
    if (!isAutodevopsError(e)) throw e;
    // The step's error is all a user sees of it: carry every positioned problem in it.
    throw permanent([e.message, ...e.diagnostics.map(formatDiagnostic)].join('\n'), e);
  }
}
