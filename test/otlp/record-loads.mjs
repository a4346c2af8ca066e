// Preloaded with `node --import`: records every module file the process loads and prints the list
// on exit, so a test can tell which bundle chunks (and so which libraries) a command loaded.
import { registerHooks } from 'node:module';

const loaded = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => process.stderr.write(`\nLOADED ${JSON.stringify(loaded)}\n`));
