#!/usr/bin/env node
// The published entry point: the CLI is bundled into dist/ (see docs/adr/0001-bundling.md).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `error[ADO_USAGE]: autodevops needs Node.js 24 (this is ${process.version}).\n` +
      'hint: `npm install` pins Node 24 for this project; run `npx autodevops …` or `npm run autodevops -- …` so it is used.\n',
  );
  process.exit(2);
}
const { main } = await import('../dist/cli.mjs');
process.exitCode = await main(process.argv.slice(2));
