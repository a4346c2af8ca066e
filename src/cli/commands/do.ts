/**
 * `autodevops do "<instruction>"`: starts the shipped plan → code → test → fix → review workflow,
 * shows it live, and ends by stating its one outcome.
 */
import type { DoOutcome } from '../../app-api.ts';
import type { CommandHandler, CommandContext } from '../context.ts';
import { watchRuns } from '../watch-runs.ts';

function describe(ctx: CommandContext, outcome: DoOutcome, runId: string): string {
  const { green, red, yellow, bold } = ctx.colors;
  switch (outcome.kind) {
    case 'passing-branch':
      return `${green('✓')} ${bold(`branch ${outcome.branch}`)}: ${outcome.testsRun ? 'the tests pass' : 'done (no test command was found, so no tests ran; pass --test-command)'}\n${outcome.pullRequest ? `pull request: ${outcome.pullRequest}\n` : ''}${outcome.summary}\n`;
    case 'failing-branch':
      return `${red('✗')} ${bold(`branch ${outcome.branch}`)} has the work, but ${outcome.reason}\n${outcome.evidence}\n`;
    case 'clarification':
      return `${yellow('?')} the instruction needs clarification: ${outcome.question}\nRun again with a more precise instruction.\n`;
    case 'error':
      return `${red('✗')} no change was made: ${outcome.reason}\nSee \`autodevops show ${runId}\` and \`autodevops logs ${runId}\`.\n`;
    case 'unfinished':
      return `${yellow('…')} ${outcome.reason}\n`;
  }
}

/** Runs `do`; exit code 0 only for a branch whose tests pass. */
export const doCommand: CommandHandler = async (ctx) => {
  const app = await ctx.app();
  let runId = '';
  const code = await watchRuns(ctx, app, async () => {
    const handle = await app.startDo({
      instruction: ctx.positionals.join(' '),
      ...(ctx.flags.repo !== undefined && { repo: ctx.flags.repo }),
      ...(ctx.flags['test-command'] !== undefined && { testCommand: ctx.flags['test-command'] }),
      ...(ctx.flags['fix-attempts'] !== undefined && { fixAttempts: ctx.flags['fix-attempts'] }),
      ...(ctx.flags.issue !== undefined && { issue: ctx.flags.issue }),
    });
    runId = handle.runId;
    return [handle];
  });
  const outcome = await app.doOutcome(runId);
  if (ctx.flags.json) ctx.io.stdout.write(`${JSON.stringify({ outcome: { ...outcome, runId } })}\n`);
  else ctx.io.stdout.write(`\n${describe(ctx, outcome, runId)}`);
  if (outcome.kind === 'passing-branch') return 0;
  return code === 0 ? 1 : code;
};
