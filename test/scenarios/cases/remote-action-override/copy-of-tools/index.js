/* eslint-disable -- an action fixture: CommonJS, as published actions are */
require('fs').appendFileSync(process.env.GITHUB_OUTPUT, `from=local-copy\n`);
console.log(`local copy of ${process.env.GITHUB_ACTION_REPOSITORY}@${process.env.GITHUB_ACTION_REF} ran`);
