/** `autodevops secrets rotate-key`: seal every project and webhook secret again with a new key. */
import { AutodevopsError } from '../../core/errors.ts';
import type { CommandHandler } from '../context.ts';
import { appConfig } from './serve.ts';

/** Rotates the key project secrets are sealed with (see docs/server.md). */
export const secrets: CommandHandler = async (ctx) => {
  const action = ctx.positionals[0] ?? '';
  if (action !== 'rotate-key') throw new AutodevopsError('ADO_USAGE', `unknown secrets action "${action}"; use rotate-key`);
  const { openServerAdmin } = await import('../../app.ts');
  const admin = await openServerAdmin(appConfig(ctx));
  try {
    const result = admin.rotateKey();
    ctx.io.stdout.write(ctx.flags.json ? `${JSON.stringify(result)}\n` : result.keySource === 'file'
      ? `Sealed ${result.resealed} secret(s) again with key ${result.keyId}, now in secrets.key.\n`
      : `Sealed ${result.resealed} secret(s) again with key ${result.keyId} (AUTODEVOPS_SECRETS_NEW_KEY). Restart the server with AUTODEVOPS_SECRETS_KEY set to that key.\n`);
    return 0;
  } finally {
    admin.close();
  }
};
