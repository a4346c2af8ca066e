import { describe, expect, it } from 'vitest';
import { LineSplitter, maxLineLength } from './line-splitter.ts';
import { parseWorkflowCommand } from './workflow-command-parse.ts';
import { WorkflowCommandProcessor, type OutputStream, type WorkflowCommandOptions } from './workflow-commands.ts';

/** A sink that masks like the engine does and records each log call. */
function recorder(options: WorkflowCommandOptions = {}) {
  const logs: Array<{ stream: OutputStream; text: string }> = [];
  const masks: string[] = [];
  const sink = {
    log: (stream: OutputStream, text: string) => logs.push({ stream, text: masks.reduce((t, m) => t.replaceAll(m, '***'), text) }),
    addMask: (value: string) => masks.push(value),
  };
  const processor = new WorkflowCommandProcessor(sink, options);
  const run = (...chunks: string[]) => {
    for (const c of chunks) processor.write('stdout', c);
    processor.end();
    return processor.results();
  };
  return { processor, logs, masks, run, text: () => logs.map((l) => l.text).join('') };
}

const any = (): boolean => true;

describe('parseWorkflowCommand', () => {
  it('parses name, properties and data, after leading whitespace, case-insensitively', () => {
    const c = parseWorkflowCommand('  ::Warning File=a.ts,line=3 , title=T::message', any)!;
    expect(c.name).toBe('warning');
    expect([...c.properties]).toEqual([['file', 'a.ts'], ['line', '3 '], [' title', 'T']]);
    expect(c.data).toBe('message');
  });

  it('unescapes data and properties in the runner\'s order', () => {
    const c = parseWorkflowCommand('::error title=a%3Ab%2Cc%0Dd%0Ae%25,x=%250A::1%0A2%0D3%25%3A%250A', any)!;
    expect(c.properties.get('title')).toBe('a:b,c\rd\ne%');
    expect(c.properties.get('x')).toBe('%0A');
    expect(c.data).toBe('1\n2\r3%%3A%0A');
  });

  it('ignores properties without a key or value, and keeps = inside values', () => {
    const c = parseWorkflowCommand('::error =a,b=,,c==d::x', any)!;
    expect([...c.properties]).toEqual([['c', '=d']]);
  });

  it('parses the legacy ##[name k=v;k=v]data form anywhere in a line', () => {
    const c = parseWorkflowCommand('prefix ##[set-output name=a%3Bb;x=%5D]v%3B%5D', any)!;
    expect(c).toEqual({ name: 'set-output', properties: new Map([['name', 'a;b'], ['x', ']']]), data: 'v;]' });
  });

  it('returns undefined for ordinary lines and unregistered names', () => {
    const only = (n: string) => n.toLowerCase() === 'error';
    for (const line of ['plain', 'a ::error::x', '::error', '::::x', ':: error::x', '##[error', 'x ::nope::y']) {
      expect(parseWorkflowCommand(line, only)).toBeUndefined();
    }
    expect(parseWorkflowCommand('::nope::x', only)).toBeUndefined();
    expect(parseWorkflowCommand('::ERROR::x', only)?.data).toBe('x');
  });
});

describe('LineSplitter', () => {
  it('splits on \\n, \\r\\n and lone \\r, across chunk boundaries', () => {
    const s = new LineSplitter();
    expect(s.push('a\nb')).toEqual(['a']);
    expect(s.push('c\r')).toEqual(['bc']);
    expect(s.push('\nd\re\r\n\n')).toEqual(['d', 'e', '']);
    expect(s.push('')).toEqual([]);
    expect(s.push('tail')).toEqual([]);
    expect(s.end()).toEqual(['tail']);
    expect(s.end()).toEqual([]);
  });

  it('joins UTF-8 characters split between chunks', () => {
    const bytes = Buffer.from('é€😀\n');
    const s = new LineSplitter();
    const lines = [...bytes].flatMap((b) => s.push(Buffer.from([b])));
    expect(lines).toEqual(['é€😀']);
  });

  it('replaces a truncated character at the end of the stream', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from([0x61, 0xe2, 0x82]))).toEqual([]);
    expect(s.end()).toEqual(['a\uFFFD']);
  });

  it('cuts lines longer than the limit', () => {
    const s = new LineSplitter();
    expect(s.push('x'.repeat(maxLineLength + 1))).toEqual(['x'.repeat(maxLineLength + 1)]);
  });
});

describe('WorkflowCommandProcessor', () => {
  it('logs plain output line by line and consumes commands, even split across chunks', () => {
    const r = recorder();
    const results = r.run('hello\n::set-out', 'put name=a::1\n::save-state na', 'me=s::2\r\n', 'bye');
    expect(r.text()).toContain('hello\n');
    expect(r.text()).toContain('bye\n');
    expect(r.text()).not.toContain('::set-output');
    expect(results.outputs).toEqual({ a: '1' });
    expect(results.state).toEqual({ s: '2' });
  });

  it('warns that set-output and save-state are deprecated, once per use', () => {
    const r = recorder();
    const results = r.run('::set-output name=a::1\n::set-output name=b::2\n');
    expect(results.annotations.filter((a) => a.level === 'warning')).toHaveLength(2);
    expect(results.annotations[0]!.message).toMatch(/^The `set-output` command is deprecated and will be disabled soon/);
    expect(r.text()).toMatch(/^##\[warning\]The `set-output` command is deprecated/);
  });

  it('fails on set-output without a name, naming the command line', () => {
    const r = recorder();
    const results = r.run('::set-output::v\n');
    expect(results.failure).toBe("Unable to process command '::set-output::v' successfully. Required field 'name' is missing in ##[set-output] command.");
    expect(results.annotations.map((a) => a.message).slice(1)).toEqual([
      "Unable to process command '::set-output::v' successfully.", "Required field 'name' is missing in ##[set-output] command.",
    ]);
  });

  it('registers add-mask values before later text is logged, and never logs the command', () => {
    const r = recorder();
    r.run('before s3cr3t\n::add-mask::s3cr3t\nafter s3cr3t\n', 'later s3cr3t\n');
    expect(r.masks).toEqual(['s3cr3t']);
    expect(r.text()).not.toContain('s3cr3t');
    expect(r.text()).toContain('after ***\nlater ***\n');
    expect(r.text()).not.toContain('add-mask');
  });

  it('masks a value registered in an earlier chunk even when the secret is split across chunks', () => {
    const r = recorder();
    r.run('::add-mask::topsecret\n', 'the top', 'secret value\n');
    expect(r.text()).toBe('the *** value\n');
  });

  it('warns about an empty add-mask', () => {
    const results = recorder().run('::add-mask::  \n');
    expect(results.annotations).toEqual([{ level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command." }]);
  });

  it('turns error, warning and notice into annotations with their location', () => {
    const r = recorder({ workspace: '/ws' });
    const results = r.run(
      '::error file=/ws/src/a.ts,line=3,endLine=3,col=5,endColumn=9,title=Bad%3A thing::it broke%0Ahere\n',
      '::warning::careful\n::notice file=/elsewhere/b.ts,line=x::fyi\n',
    );
    expect(results.annotations).toEqual([
      { level: 'error', message: 'it broke\nhere', file: 'src/a.ts', line: 3, endLine: 3, col: 5, endColumn: 9, title: 'Bad: thing' },
      { level: 'warning', message: 'careful' },
      { level: 'notice', message: 'fyi', file: '/elsewhere/b.ts' },
    ]);
    expect(r.text()).toBe('##[error]it broke\nhere\n##[warning]careful\n##[notice]fyi\n');
  });

  it('keeps file paths outside the workspace, and accepts a workspace with a trailing slash', () => {
    const files = recorder({ workspace: '/ws/' }).run('::error file=/ws/a.ts::x\n::error file=/ws/::y\n::error file=rel.ts::z\n').annotations.map((a) => a.file);
    expect(files).toEqual(['a.ts', '/ws/', 'rel.ts']);
  });

  it('applies the runner\'s line and column rules', () => {
    const at = (props: string) => {
      const { line, endLine, col, endColumn } = recorder().run(`::error ${props}::m\n`).annotations[0]!;
      return { line, endLine, col, endColumn };
    };
    expect(at('endLine=4')).toEqual({ line: 4, endLine: 4, col: undefined, endColumn: undefined });
    expect(at('line=2,endColumn=7')).toEqual({ line: 2, endLine: undefined, col: 7, endColumn: 7 });
    expect(at('col=1,endColumn=2')).toEqual({ line: undefined, endLine: undefined, col: undefined, endColumn: undefined });
    expect(at('line=1,endLine=2,col=1,endColumn=2')).toEqual({ line: 1, endLine: 2, col: undefined, endColumn: undefined });
    expect(at('line=5,endLine=2')).toEqual({ line: undefined, endLine: undefined, col: undefined, endColumn: undefined });
    expect(at('line=5,col=9,endColumn=2')).toEqual({ line: 5, endLine: undefined, col: undefined, endColumn: undefined });
    expect(at('line= +7 ,col=99999999999')).toEqual({ line: 7, endLine: undefined, col: undefined, endColumn: undefined });
  });

  it('shows groups in the runner\'s ##[group] form', () => {
    const r = recorder();
    r.run('::group::Build step\ninside\n::endgroup::\n');
    expect(r.text()).toBe('##[group]Build step\ninside\n##[endgroup]\n');
  });

  it('shows ::debug:: only with step debug, which also echoes commands', () => {
    expect(recorder().run('::debug::hidden\n').annotations).toEqual([]);
    const quiet = recorder();
    quiet.run('::debug::hidden\n');
    expect(quiet.text()).toBe('');
    const loud = recorder({ debug: true });
    loud.run('::debug::shown\n::set-output name=a::1\n::add-mask::pw\n::error::e\n');
    expect(loud.text()).toBe('##[debug]shown\n::set-output name=a::1\n##[warning]' +
      'The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/\n' +
      '::add-mask::***\n##[error]e\n');
  });

  it('switches echo with ::echo::on and ::echo::off, and rejects other values', () => {
    const r = recorder();
    const results = r.run('::echo::on\n::save-state name=x::1\n::echo:: OFF \n::save-state name=y::2\n::echo::maybe\n::echo::\n');
    const lines = r.text().split('\n');
    expect(lines).toContain('::save-state name=x::1');
    expect(lines).toContain('::echo:: OFF ');
    expect(lines).not.toContain('::save-state name=y::2');
    expect(results.failure).toMatch(/Invalid echo command value\. Possible values can be: 'on', 'off'\. Current value is: 'maybe'\./);
    expect(results.annotations.map((a) => a.message)).toContain("Value cannot be null. (Parameter 'value')");
  });

  it('ignores commands between ::stop-commands::TOKEN and ::TOKEN::, logging them as text', () => {
    const r = recorder();
    const results = r.run('::stop-commands::pause123\n::set-output name=a::1\n::error::not an error\n::PAUSE123::\n::set-output name=b::2\n');
    expect(results.outputs).toEqual({ b: '2' });
    expect(r.masks).toEqual(['pause123']);
    // The token resumes case-insensitively; the mask (like GitHub's) is case-sensitive.
    expect(r.text()).toContain('::stop-commands::***\n::set-output name=a::1\n::error::not an error\n::PAUSE123::\n');
    expect(results.annotations.filter((a) => a.level === 'error')).toEqual([]);
  });

  it('refuses unsafe stop tokens unless allowed', () => {
    for (const token of ['', 'pause-logging', 'error', 'stop-commands']) {
      const results = recorder().run(`::stop-commands::${token}\n::set-output name=a::1\n`);
      expect(results.outputs).toEqual({ a: '1' });
      expect(results.annotations[0]!.message).toMatch(/^You cannot use a endToken/);
      expect(results.failure).toBeUndefined();
    }
    const allowed = recorder({ allowUnsecureStopTokens: true }).run('::stop-commands::error\n::set-output name=a::1\n::error::\n::set-output name=b::2\n');
    expect(allowed.outputs).toEqual({ b: '2' });
    expect(allowed.annotations.filter((a) => a.level === 'error')).toEqual([]);
    const forever = recorder({ allowUnsecureStopTokens: true });
    expect(forever.run('::stop-commands::\n::set-output name=a::1\n').outputs).toEqual({});
  });

  it('refuses set-env and add-path unless unsecure commands are allowed', () => {
    expect(recorder().run('::add-path::/x\n').failure).toMatch(/The `add-path` command is disabled/);
    const refused = recorder().run('::set-env name=A::1\n');
    expect(refused.env).toEqual({});
    expect(refused.failure).toMatch(/^Unable to process command '::set-env name=A::1' successfully\. The `set-env` command is disabled\./);
    const allowed = recorder({ allowUnsecureCommands: true }).run(
      '::set-env name=A::1\n::set-env name=NODE_OPTIONS::x\n::add-path::/a\n::add-path::/b\n::add-path::/a\n::set-env::nameless\n::add-path::\n',
    );
    expect(allowed.env).toEqual({ A: '1' });
    expect(allowed.path).toEqual(['/a', '/b']);
    expect(allowed.annotations.map((a) => a.message)).toEqual([
      "Can't update NODE_OPTIONS environment variable using ::set-env:: command.",
      "Unable to process command '::set-env::nameless' successfully.", "Required field 'name' is missing in ##[set-env] command.",
      "Unable to process command '::add-path::' successfully.", "Value cannot be null. (Parameter 'path')",
    ]);
  });

  it('warns that problem matchers are not supported', () => {
    const results = recorder().run('::add-matcher::.github/m.json\n::remove-matcher owner=x::\n');
    expect(results.annotations.map((a) => a.level)).toEqual(['warning', 'warning']);
    expect(results.failure).toBeUndefined();
  });

  it('leaves unknown commands and text that merely contains :: as output', () => {
    const r = recorder();
    r.run('::unknown::x\nC++ std::vector\n##[notacommand]y\n');
    expect(r.text()).toBe('::unknown::x\nC++ std::vector\n##[notacommand]y\n');
  });

  it('processes commands on stderr too and logs each stream in order', () => {
    const r = recorder();
    r.processor.write('stdout', 'out 1\n');
    r.processor.write('stderr', 'err 1\n::error::bad\n');
    r.processor.write('stdout', 'out 2');
    r.processor.end();
    expect(r.logs).toEqual([
      { stream: 'stdout', text: 'out 1\n' },
      { stream: 'stderr', text: 'err 1\n##[error]bad\n' },
      { stream: 'stdout', text: 'out 2\n' },
    ]);
    expect(r.processor.results().annotations).toEqual([{ level: 'error', message: 'bad' }]);
  });

  it('handles a command that arrives one byte at a time', () => {
    const r = recorder();
    const line = Buffer.from('::set-output name=ü::värde\n');
    for (const b of line) r.processor.write('stdout', Buffer.from([b]));
    r.processor.end();
    expect(r.processor.results().outputs).toEqual({ ü: 'värde' });
  });
});
