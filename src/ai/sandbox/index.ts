/** The command sandbox of the AI agent: bubblewrap, or (only when allowed) none. */
export { openSandbox, type OpenSandboxOptions } from './open-sandbox.ts';
export { defaultEnvironment, type CommandResult, type RunOptions, type Sandbox, type SandboxPolicy } from './sandbox.ts';
