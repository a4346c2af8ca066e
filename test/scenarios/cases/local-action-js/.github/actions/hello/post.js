/* eslint-disable -- an action fixture: CommonJS, as published actions are */
const core = require('./core.js');
console.log(`post saw state=${core.getState('started')} input=${core.getInput('who-to-greet')}`);
