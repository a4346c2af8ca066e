/** `autodevops serve`: the HTTP API over the engine, until SIGTERM or Ctrl-C. */
import { resolve } from 'node:path';
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandContext, CommandHandler } from '../context.ts';
import { options } from '../options.ts';

/** The App configuration the global flags give (as the other commands get it through ctx.app()). */
export function appConfig(ctx: CommandContext): { cwd: string; env: Record<string, string | undefined>; dataDir?: string } {
  const dataDir = ctx.flags['data-dir'];
  return { cwd: ctx.io.cwd, env: ctx.io.env, ...(dataDir !== undefined && { dataDir: resolve(ctx.io.cwd, dataDir) }) };
}

/** `--port`: 0 (a free port) to 65535. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new AutodevopsError('ADO_USAGE', `--port expects 0 to 65535, got "${text}"`);
  return port;
}

/** Resolves on the first SIGTERM or interrupt. */
function stopRequested(ctx: CommandContext): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      offInterrupt();
      process.off('SIGTERM', stop);
      done();
    };
    const offInterrupt = ctx.io.onInterrupt(stop);
    process.once('SIGTERM', stop);
  });
}

/** Serves until asked to stop, then shuts down gracefully and exits 0. */
export const serve: CommandHandler = async (ctx) => {
  const { serveApi } = await import('../../app.ts');
  const port = parsePort(ctx.flags.port ?? options.port.default);
  const host = ctx.flags.host ?? options.host.default;
  const server = await serveApi({ ...appConfig(ctx), port, host, ...(ctx.flags['max-body-bytes'] !== undefined && { maxBodyBytes: ctx.flags['max-body-bytes'] }) });
  ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify({ url: server.url, port: server.port })}\n`
    : `autodevops API on ${server.url} (reference: ${server.url}/docs). Stop with Ctrl-C or SIGTERM.\n`);
  await stopRequested(ctx);
  await server.close();
  if (!ctx.flags.json) ctx.io.stdout.write('Stopped; runs in progress continue with `autodevops resume` or the next `serve`.\n');
  return 0;
};
