/* eslint-disable -- an action fixture: CommonJS, as published actions are */
const core = require('./core.js');
const path = require('path');
try {
  const who = core.getInput('who-to-greet', { required: true });
  core.setSecret(core.getInput('token'));
  console.log(`token is ${core.getInput('token')}`);
  if (who === 'fail') throw new Error('asked to fail');
  console.log(`Hello ${who}! word=${core.getInput('greeting word')} cwd-is-workspace=${process.cwd() === process.env.GITHUB_WORKSPACE} action-path=${path.basename(process.env.GITHUB_ACTION_PATH)} repository=[${process.env.GITHUB_ACTION_REPOSITORY}] node=${process.version.split('.')[0]}`);
  core.setOutput('greeting', `Hello ${who}`);
  core.setOutput('multi', 'line a\nline b');
  console.log('::set-output name=legacy::old-style');
  core.exportVariable('HELLO_ENV', 'exported');
  core.saveState('started', `yes-${who}`);
  core.summary('### hello summary\n');
} catch (error) {
  core.setFailed(error.message);
}
