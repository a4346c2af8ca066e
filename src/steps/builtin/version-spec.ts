/**
 * Requested toolchain versions as the setup-* actions read them: semver ranges and partial versions
 * (`18`, `18.x`, `3.11`, `>=3.9 <3.13`, `^1.21`), PEP 440 specifiers from pyproject.toml, and the
 * version files (`.nvmrc`, `.python-version`, `go.mod`, `.java-version`, `.tool-versions`, …).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { permanent } from '../../core/failure.ts';

/** The tools whose version files we read. */
export type ToolName = 'node' | 'python' | 'go' | 'java';

/** A semver range for a version spec (a leading `v` and `.*` wildcards allowed); undefined when it is none. */
export function toRange(spec: string): string | undefined {
  const cleaned = spec.trim().replace(/(^|[\s=<>^~])v(?=\d)/g, '$1').replace(/^==\s*/, '');
  return semver.validRange(cleaned) ?? undefined;
}

/** Whether a found version satisfies the spec; a spec that is no range never does. */
export function satisfiesSpec(version: string, spec: string, includePrerelease = false): boolean {
  const range = toRange(spec);
  // Python and Go write pre-releases without a dash (3.13.0rc1, 1.22rc1); semver needs one.
  const found = semver.coerce(version.replace(/^v/, '').replace(/^(\d+(?:\.\d+)*)([a-z])/i, '$1-$2'), { includePrerelease: true }) ?? undefined;
  return range !== undefined && found !== undefined && semver.satisfies(found, range, { includePrerelease });
}

/** PEP 440 (`>=3.9,<3.13`, `~=3.10`, `==3.11.*`) or Poetry (`^3.9`) → a semver range; `!=` clauses are dropped. */
export function pep440ToRange(spec: string): string {
  const clauses = spec.split(',').map((c) => c.trim()).filter((c) => c !== '' && !c.startsWith('!='));
  return clauses.map((c) => {
    const compatible = /^~=\s*(\d+(?:\.\d+)*)$/.exec(c);
    if (!compatible) return c.replace(/^==\s*/, '').replace(/\s+/g, '');
    const parts = compatible[1]!.split('.');
    // ~=3.10 means >=3.10, ==3.*; ~=3.10.2 means >=3.10.2, ==3.10.*.
    const upper = parts.slice(0, Math.max(1, parts.length - 1)).map(Number);
    upper[upper.length - 1]! += 1;
    return `>=${compatible[1]} <${upper.join('.')}`;
  }).join(' ');
}

/** Reads the version a version file asks for, by the file's name. */
export async function readVersionFile(file: string, tool: ToolName): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw permanent(`The version file ${file} does not exist or cannot be read; check the *-version-file input (it is relative to the workspace)`);
  }
  const version = parseVersionFile(path.basename(file), text, tool);
  if (!version) throw permanent(`No ${tool} version was found in ${file}`);
  return version;
}

/** The version a version file's text asks for; undefined when it names none. */
export function parseVersionFile(name: string, text: string, tool: ToolName): string | undefined {
  if (name === 'package.json') return packageJsonNode(text);
  if (name === 'pyproject.toml') return pyprojectPython(text);
  if (name === 'go.mod' || name === 'go.work') return goModVersion(text);
  if (name === '.tool-versions') return toolVersions(text, tool);
  if (name === '.sdkmanrc') return /^\s*java\s*=\s*([\d.]+)/m.exec(text)?.[1];
  const line = text.split('\n').map((l) => l.replace(/#.*/, '').trim()).find((l) => l !== '');
  return line?.replace(/^v(?=\d)/, '');
}

function packageJsonNode(text: string): string | undefined {
  let pkg: { volta?: { node?: string }; devEngines?: { runtime?: { name?: string; version?: string } }; engines?: { node?: string } };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  const runtime = pkg.devEngines?.runtime;
  return pkg.volta?.node ?? (runtime?.name === 'node' ? runtime.version : undefined) ?? pkg.engines?.node;
}

function pyprojectPython(text: string): string | undefined {
  const spec = /^\s*requires-python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? /^\s*python\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
  return spec === undefined ? undefined : pep440ToRange(spec);
}

/** `go 1.21` is a minimum: a newer Go builds the module (Go's forward compatibility), so it becomes `>=1.21`. */
function goModVersion(text: string): string | undefined {
  const version = /^\s*toolchain\s+go(\d[\w.]*)/m.exec(text)?.[1] ?? /^\s*go\s+(\d[\w.]*)/m.exec(text)?.[1];
  return version === undefined ? undefined : `>=${version}`;
}

const toolVersionNames: Record<ToolName, string[]> = { node: ['nodejs', 'node'], python: ['python'], go: ['golang', 'go'], java: ['java'] };

function toolVersions(text: string, tool: ToolName): string | undefined {
  for (const line of text.split('\n')) {
    const [name, version] = line.replace(/#.*/, '').trim().split(/\s+/);
    // asdf's Java versions carry the distribution: temurin-17.0.1+12.
    if (name && version && toolVersionNames[tool].includes(name)) return tool === 'java' ? version.replace(/^[a-z]+-(?=\d)/i, '') : version;
  }
  return undefined;
}
