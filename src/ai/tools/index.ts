/** The coding agent's tools, independent of any model SDK. */
export { codingTools, type CodingToolsOptions } from './coding-tools.ts';
export { createFileTool } from './create-file.ts';
export { deleteFileTool } from './delete-file.ts';
export { editFileTool } from './edit-file.ts';
export { gitDiffTool } from './git-diff.ts';
export { gitStatusTool } from './git-status.ts';
export { globTool } from './glob.ts';
export { listFilesTool } from './list-files.ts';
export { readFileTool } from './read-file.ts';
export { estimateTokens, repositoryMap } from './repo-map.ts';
export { formatResult, runCommandTool } from './run-command.ts';
export { searchTool, type SearchToolOptions } from './search.ts';
export { defineTool, ToolFailure, type AgentTool, type ToolContext, type ToolSpec } from './tool.ts';
