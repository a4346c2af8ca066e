/* eslint-disable -- an action fixture: CommonJS, as published actions are */
const fs = require('fs');
console.log(`pre ran for ${process.env.INPUT_NAME} at ${process.env.GITHUB_ACTION_REPOSITORY}@${process.env.GITHUB_ACTION_REF}`);
fs.appendFileSync(process.env.GITHUB_STATE, 'from_pre=pre-state\n');
