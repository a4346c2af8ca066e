/* eslint-disable -- an action fixture: CommonJS, as published actions are */
const fs = require('fs');
console.log(`main sees pre state=${process.env.STATE_from_pre} name=${process.env.INPUT_NAME}`);
fs.appendFileSync(process.env.GITHUB_OUTPUT, `result=remote-${process.env.INPUT_NAME}\n`);
fs.appendFileSync(process.env.GITHUB_STATE, 'from_main=main-state\n');
