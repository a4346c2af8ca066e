/**
 * The command that runs a repository's tests, guessed from the files it has (for `autodevops do`
 * when `--test-command` is not given). Undefined when nothing is recognised: the run then skips the
 * test and fix steps and says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function npmTest(repo: string): boolean {
  try {
    const pkg = JSON.parse(readText(path.join(repo, 'package.json')) ?? '{}') as { scripts?: Record<string, string> };
    return pkg.scripts?.test !== undefined && !pkg.scripts.test.includes('no test specified');
  } catch {
    return false;
  }
}

function pythonTests(repo: string): string | undefined {
  if (['pytest.ini', 'conftest.py'].some((f) => existsSync(path.join(repo, f))) || /\[tool\.pytest/.test(readText(path.join(repo, 'pyproject.toml')) ?? '')) {
    return 'python3 -m pytest -q';
  }
  const names = [...readdirSync(repo), ...(existsSync(path.join(repo, 'tests')) ? readdirSync(path.join(repo, 'tests')) : [])];
  return names.some((n) => /^test_\w*\.py$/.test(n)) ? 'python3 -m unittest discover -v' : undefined;
}

/** The repository's test command, or undefined when none is recognised. */
export function detectTestCommand(repo: string): string | undefined {
  if (npmTest(repo)) return 'npm test';
  if (/^test\s*:/m.test(readText(path.join(repo, 'Makefile')) ?? '')) return 'make test';
  if (existsSync(path.join(repo, 'go.mod'))) return 'go test ./...';
  if (existsSync(path.join(repo, 'Cargo.toml'))) return 'cargo test';
  return pythonTests(repo);
}
