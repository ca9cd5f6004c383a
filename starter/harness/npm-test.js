#!/usr/bin/env node
'use strict';
/*
 * `npm test` in a handout: the public tests (jest, with any arguments you
 * give: `npm test -- -t "Random"`) and, in a thread beside them, the
 * type-check of what you changed (type-check-changed.ts). Type errors are
 * printed after the tests, with their file, line and column; either failing
 * fails the run.
 */
const path = require('path');
const { Worker } = require('worker_threads');

const root = path.resolve(__dirname, '..', '..');
const pretty = process.stdout.isTTY === true;

const typeCheck = new Promise((resolve) => {
  const worker = new Worker(path.join(__dirname, 'type-check-worker.js'), { workerData: { root, pretty } });
  worker.once('message', resolve);
  worker.once('error', (error) => resolve({ errors: 1, text: `The type-check could not run: ${error.message}\n`, checked: [] }));
});

/** Jest as its own command runs it, less its exit handling: the type-check has the last word here. */
async function runJest() {
  const jestPackage = require.resolve('jest/package.json', { paths: [root] });
  const { runCLI } = require(path.dirname(jestPackage));
  const { buildArgv } = require(require.resolve('jest-cli', { paths: [path.dirname(jestPackage)] }));
  const argv = await buildArgv(process.argv.slice(2));
  const { results } = await runCLI(argv, argv.projects ?? [root]);
  return results.success;
}

async function main() {
  const passed = await runJest();
  if (!passed) process.exitCode = 1;
  const result = await typeCheck;
  if (result.checked.length === 0) {
    process.stdout.write('Type-check: every file is as the handout shipped it, nothing to check.\n');
    return;
  }
  const files = result.checked.length <= 4 ? result.checked.join(', ') : `${result.checked.length} files`;
  const remembered = result.remembered ? ' (as at the last run: nothing has changed since)' : '';
  if (result.errors === 0) {
    process.stdout.write(`Type-check of what you changed (${files}): no errors${remembered}.\n`);
    return;
  }
  process.stdout.write(
    `\n${result.text}\nType-check of what you changed (${files}): ${result.errors} error${result.errors === 1 ? '' : 's'}${remembered}. ` +
      'The grader fails every test of a component whose file does not type-check, whatever the tests above say.\n',
  );
  process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
