/** The standard tool set of the coding agent. */
import { createFileTool } from './create-file.ts';
import { deleteFileTool } from './delete-file.ts';
import { editFileTool } from './edit-file.ts';
import { gitDiffTool } from './git-diff.ts';
import { gitStatusTool } from './git-status.ts';
import { globTool } from './glob.ts';
import { listFilesTool } from './list-files.ts';
import { readFileTool } from './read-file.ts';
import { runCommandTool } from './run-command.ts';
import { searchTool, type SearchToolOptions } from './search.ts';
import type { AgentTool } from './tool.ts';

/** Which tools to include and how they work. */
export interface CodingToolsOptions extends SearchToolOptions {
  /** Include run_command (default true; it still refuses when the context has no sandbox). */
  allowCommands?: boolean;
}

/** list_files, glob, read_file, search, edit_file, create_file, delete_file, run_command, git_status, git_diff. */
export function codingTools(options: CodingToolsOptions = {}): AgentTool[] {
  const tools: AgentTool[] = [listFilesTool, globTool, readFileTool, searchTool(options), editFileTool, createFileTool, deleteFileTool];
  if (options.allowCommands ?? true) tools.push(runCommandTool);
  tools.push(gitStatusTool, gitDiffTool);
  return tools;
}
