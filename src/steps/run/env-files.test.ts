import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnvFiles, envFilePaths, envFileVariables, parseKeyValueFile, parsePathFile, readEnvFiles, summarySizeLimit, type EnvFilePaths } from './env-files.ts';

describe('parseKeyValueFile', () => {
  it('reads KEY=value lines, keeping every = after the first and skipping empty lines', () => {
    expect(parseKeyValueFile('a=1\n\nb=x=y\nc=\n')).toEqual({ pairs: [['a', '1'], ['b', 'x=y'], ['c', '']] });
  });

  it('reads KEY<<DELIM blocks up to a line that is exactly the delimiter', () => {
    const text = 'multi<<EOF\nline 1\n EOF\nEOF \nline 4\nEOF\nafter=yes\n';
    expect(parseKeyValueFile(text)).toEqual({ pairs: [['multi', 'line 1\n EOF\nEOF \nline 4'], ['after', 'yes']] });
    expect(parseKeyValueFile('empty<<X\nX\n')).toEqual({ pairs: [['empty', '']] });
    expect(parseKeyValueFile('last<<X\nvalue\nX')).toEqual({ pairs: [['last', 'value']] });
  });

  it('picks the form by whichever of = and << comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n')).toEqual({ pairs: [['a', 'b<<c']] });
    expect(parseKeyValueFile('a<<b=c\nx\nb=c\n')).toEqual({ pairs: [['a', 'x']] });
  });

  it('tolerates CRLF line ends, in plain and delimited values', () => {
    expect(parseKeyValueFile('a=1\r\nm<<E\r\nx\r\ny\r\nE\r\n')).toEqual({ pairs: [['a', '1'], ['m', 'x\r\ny']] });
  });

  it('ignores a byte order mark', () => {
    expect(parseKeyValueFile('\uFEFFa=1\n')).toEqual({ pairs: [['a', '1']] });
  });

  it('reports malformed lines with the runner\'s messages, keeping the pairs before them', () => {
    expect(parseKeyValueFile('ok=1\njust text\nlater=2\n')).toEqual({ pairs: [['ok', '1']], error: "Invalid format 'just text'" });
    expect(parseKeyValueFile('=value\n').error).toBe("Invalid format '=value'. Name must not be empty");
    expect(parseKeyValueFile('<<EOF\nx\nEOF\n').error).toBe("Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty");
    expect(parseKeyValueFile('k<<\nx\n').error).toBe("Invalid format 'k<<'. Name must not be empty and delimiter must not be empty");
    expect(parseKeyValueFile('k<<EOF\nx\nEOFX\n').error).toBe("Invalid value. Matching delimiter not found 'EOF'");
    expect(parseKeyValueFile('k<<EOF\nx').error).toBe('Invalid value. EOF marker missing new line.');
  });
});

describe('parsePathFile', () => {
  it('returns directories first-wins: later lines take precedence, duplicates move up', () => {
    expect(parsePathFile('/a\n\n/b\r\n/c\r/a\n')).toEqual(['/a', '/c', '/b']);
    expect(parsePathFile('')).toEqual([]);
  });
});

describe('environment files on disk', () => {
  let dir: string;
  let paths: EnvFilePaths;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ado-envfiles-'));
    paths = envFilePaths((name) => join(dir, name));
    await createEnvFiles(paths);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates five empty files named by the GITHUB_* variables', async () => {
    const vars = envFileVariables(paths);
    expect(Object.keys(vars).sort()).toEqual(['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']);
    for (const file of Object.values(vars)) expect(await readFile(file, 'utf8')).toBe('');
    expect(await readEnvFiles(paths)).toEqual({ outputs: {}, env: {}, path: [], state: {}, problems: [] });
  });

  it('empties files left from an earlier attempt', async () => {
    await writeFile(paths.output, 'old=1\n');
    await createEnvFiles(paths);
    expect((await readEnvFiles(paths)).outputs).toEqual({});
  });

  it('collects outputs, env, path, state and summary', async () => {
    await writeFile(paths.output, 'out=1\njson<<EOF\n{\n  "a": 1\n}\nEOF\n');
    await writeFile(paths.env, 'GREETING=hello\n');
    await writeFile(paths.path, '/opt/one\n/opt/two\n');
    await writeFile(paths.state, 'pid=42\n');
    await writeFile(paths.summary, '# Title\n');
    expect(await readEnvFiles(paths)).toEqual({
      outputs: { out: '1', json: '{\n  "a": 1\n}' }, env: { GREETING: 'hello' }, path: ['/opt/two', '/opt/one'],
      state: { pid: '42' }, summary: '# Title\n', problems: [],
    });
  });

  it('keeps a key named __proto__ as plain data', async () => {
    await writeFile(paths.output, '__proto__=x\n');
    const { outputs } = await readEnvFiles(paths);
    expect(Object.getOwnPropertyDescriptor(outputs, '__proto__')?.value).toBe('x');
  });

  it('refuses NODE_OPTIONS in $GITHUB_ENV with an error, without failing', async () => {
    await writeFile(paths.env, 'node_options=--inspect\nOTHER=1\n');
    const results = await readEnvFiles(paths);
    expect(results.env).toEqual({ OTHER: '1' });
    expect(results.problems).toEqual([{ level: 'error', message: "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command." }]);
    expect(results.failure).toBeUndefined();
  });

  it('fails on a malformed file but keeps what came before the bad line', async () => {
    await writeFile(paths.output, 'good=1\nbad line\n');
    await writeFile(paths.state, 's<<END\nnever closed\n');
    const results = await readEnvFiles(paths);
    expect(results.outputs).toEqual({ good: '1' });
    expect(results.failure).toBe("Unable to process file command 'state' successfully. Invalid value. Matching delimiter not found 'END'");
    expect(results.problems.map((p) => p.message)).toEqual([
      "Unable to process file command 'state' successfully.", "Invalid value. Matching delimiter not found 'END'",
      "Unable to process file command 'output' successfully.", "Invalid format 'bad line'",
    ]);
  });

  it('drops a summary over 1 MiB with GitHub\'s error', async () => {
    await writeFile(paths.summary, 'x'.repeat(summarySizeLimit + 2048));
    const results = await readEnvFiles(paths);
    expect(results.summary).toBeUndefined();
    expect(results.problems[0]!.message).toMatch(/^\$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1026k\./);
    expect(results.failure).toBeUndefined();
  });

  it('treats files the step deleted as empty', async () => {
    await rm(paths.output);
    await rm(paths.summary);
    expect(await readEnvFiles(paths)).toEqual({ outputs: {}, env: {}, path: [], state: {}, problems: [] });
  });
});
