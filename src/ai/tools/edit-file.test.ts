import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { editFileTool } from './edit-file.ts';
import { context, tempRepo } from './testing/temp-repo.ts';

const source = [
  'function greet(name) {',
  '    const greeting = "Hello, " + name;',
  '    console.log(greeting);',
  '    return greeting;',
  '}',
  '',
  'function farewell(name) {',
  '    console.log("Bye, " + name);',
  '    return name;',
  '}',
  '',
].join('\n');

let repo: string;
const edit = (input: object) => editFileTool.execute(input as never, context(repo));
const content = (path = 'greet.js') => readFileSync(join(repo, path), 'utf8');

beforeEach(() => {
  repo = tempRepo({ 'greet.js': source, 'crlf.txt': 'a\r\nb\r\nc\r\n' });
  writeFileSync(join(repo, 'bin.dat'), Buffer.from([0, 1]));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('edit_file', () => {
  it('replaces a unique occurrence and shows the new region', async () => {
    const answer = await edit({ path: 'greet.js', old_text: 'return greeting;', new_text: 'return greeting.trim();' });
    expect(answer).toBe([
      'Edited greet.js: replaced 1 occurrence(s) at line 4.',
      '2\t    const greeting = "Hello, " + name;',
      '3\t    console.log(greeting);',
      '4\t    return greeting.trim();',
      '5\t}',
      '6\t',
    ].join('\n'));
    expect(content()).toBe(source.replace('return greeting;', 'return greeting.trim();'));
  });

  it('names the count and lines of an ambiguous old_text, changing nothing', async () => {
    const answer = await edit({ path: 'greet.js', old_text: 'console.log(', new_text: 'logger.info(' });
    expect(answer).toBe('Error: old_text occurs 2 times in greet.js (at lines 3, 8). Include more surrounding lines to make it unique, or set replace_all: true to change every one.');
    expect(content()).toBe(source);
  });

  it('replaces every occurrence with replace_all', async () => {
    const answer = await edit({ path: 'greet.js', old_text: 'console.log(', new_text: 'logger.info(', replace_all: true });
    expect(answer).toMatch(/^Edited greet\.js: replaced 2 occurrence\(s\) at lines 3, 8\.\n/);
    expect(content()).toBe(source.replaceAll('console.log(', 'logger.info('));
  });

  it('points at the region that matches when whitespace is ignored and says the indentation differs', async () => {
    const answer = await edit({ path: 'greet.js', old_text: '  console.log(greeting);\n  return greeting;', new_text: 'x' });
    expect(answer).toBe([
      'Error: old_text was not found in greet.js.',
      'Lines 3-4 match old_text when whitespace is ignored; the whitespace differs (indentation, tabs or spaces) on 2 line(s):',
      '  line 3: the file has "    console.log(greeting);", old_text has "  console.log(greeting);"',
      '  line 4: the file has "    return greeting;", old_text has "  return greeting;"',
      'Copy the exact text from here:',
      '1\tfunction greet(name) {',
      '2\t    const greeting = "Hello, " + name;',
      '3\t    console.log(greeting);',
      '4\t    return greeting;',
      '5\t}',
      '6\t',
    ].join('\n'));
    expect(content()).toBe(source);
  });

  it('shows the most similar region and the lines that differ when the text is not there', async () => {
    const answer = await edit({ path: 'greet.js', old_text: 'function farewell(person) {\n    console.log("Bye, " + name);', new_text: 'x' });
    expect(answer).toContain('The closest region is lines 7-8 (');
    expect(answer).toContain('1 line(s) differ, for example:\n  line 7: the file has "function farewell(name) {", old_text has "function farewell(person) {"');
    expect(answer).toContain(' 7\tfunction farewell(name) {\n 8\t    console.log("Bye, " + name);');
  });

  it('says when nothing similar exists', async () => {
    expect(await edit({ path: 'greet.js', old_text: 'SELECT * FROM users WHERE id = 1', new_text: 'x' })).toBe(
      'Error: old_text was not found in greet.js.\nNo similar region was found; the file may have changed. Read it again with read_file and copy old_text exactly.',
    );
    expect(await edit({ path: 'greet.js', old_text: '\n\n\n\n', new_text: 'x' })).toBe('Error: old_text was not found in greet.js.\nRead the file again with read_file and copy old_text exactly.');
  });

  it('edits CRLF files with LF texts, keeping CRLF', async () => {
    expect(await edit({ path: 'crlf.txt', old_text: 'a\nb', new_text: 'A\nB' })).toMatch(/^Edited crlf\.txt/);
    expect(content('crlf.txt')).toBe('A\r\nB\r\nc\r\n');
  });

  it('refuses what it cannot edit', async () => {
    expect(await edit({ path: 'greet.js', old_text: 'x', new_text: 'x' })).toBe('Error: old_text and new_text are the same; nothing would change.');
    expect(await edit({ path: 'nope.js', old_text: 'x', new_text: 'y' })).toBe('Error: nope.js does not exist; use create_file to create it.');
    expect(await edit({ path: '.', old_text: 'x', new_text: 'y' })).toBe('Error: . is not a regular file.');
    expect(await edit({ path: 'bin.dat', old_text: 'x', new_text: 'y' })).toBe('Error: bin.dat is a binary file; it cannot be edited as text.');
    expect(await edit({ path: '.git/config', old_text: 'x', new_text: 'y' })).toMatch(/^Error: .*inside \.git/);
    expect(await edit({ path: '../greet.js', old_text: 'x', new_text: 'y' })).toMatch(/^Error: .*outside the workspace/);
    expect(await edit({ path: 'greet.js', old_text: '', new_text: 'y' })).toMatch(/^Error: invalid input for edit_file/);
  });

  it('can empty a file', async () => {
    writeFileSync(join(repo, 'one.txt'), 'only');
    expect(await edit({ path: 'one.txt', old_text: 'only', new_text: '' })).toBe('Edited one.txt: replaced 1 occurrence(s) at line 1.\n(the file is now empty)');
  });
});
