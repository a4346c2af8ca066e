/* eslint-disable -- an action fixture: CommonJS, as published actions are */
// The file protocols of @actions/core (toolkit packages/core), written out so the test needs no package.
const fs = require('fs');
const os = require('os');
const crypto = require('crypto');

function getInput(name, options) {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options && options.required && !value) throw new Error(`Input required and not supplied: ${name}`);
  return value.trim();
}
function fileCommand(variable, key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  fs.appendFileSync(process.env[variable], `${key}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}${os.EOL}`, { encoding: 'utf8' });
}
module.exports = {
  getInput,
  setOutput: (name, value) => fileCommand('GITHUB_OUTPUT', name, value),
  saveState: (name, value) => fileCommand('GITHUB_STATE', name, value),
  getState: (name) => process.env[`STATE_${name}`] || '',
  exportVariable: (name, value) => { process.env[name] = value; fileCommand('GITHUB_ENV', name, value); },
  addPath: (dir) => { fs.appendFileSync(process.env.GITHUB_PATH, `${dir}${os.EOL}`); },
  setSecret: (value) => process.stdout.write(`::add-mask::${value}${os.EOL}`),
  warning: (message) => process.stdout.write(`::warning::${message}${os.EOL}`),
  setFailed: (message) => { process.exitCode = 1; process.stdout.write(`::error::${message}${os.EOL}`); },
  summary: (markdown) => fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdown),
};
