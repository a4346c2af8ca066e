import { describe, expect, it } from 'vitest';
import { codingTools } from './coding-tools.ts';

describe('codingTools', () => {
  it('offers the coding tools, marking those that change things', () => {
    const tools = codingTools();
    expect(tools.map((t) => t.name)).toEqual(['list_files', 'glob', 'read_file', 'search', 'edit_file', 'create_file', 'delete_file', 'run_command', 'git_status', 'git_diff']);
    expect(tools.filter((t) => t.mutates).map((t) => t.name)).toEqual(['edit_file', 'create_file', 'delete_file', 'run_command']);
    for (const tool of tools) expect(tool.description.length, tool.name).toBeGreaterThan(20);
  });

  it('leaves run_command out when commands are not allowed', () => {
    expect(codingTools({ allowCommands: false }).map((t) => t.name)).not.toContain('run_command');
  });

  it('describes every input as a JSON schema a model can read', () => {
    for (const tool of codingTools()) expect(tool.input.toJSONSchema(), tool.name).toMatchObject({ type: 'object' });
  });
});
