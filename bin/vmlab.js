#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled tree (built by `npm ci` / `npm run build`):
// transpiling TypeScript at every start would cost more than the work itself.
const path = require('path');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
let main;
try {
  ({ main } = require(entry));
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    process.stderr.write('vmlab: the compiled CLI is missing; run `npm run build` (npm ci does it for you)\n');
    process.exit(2);
  }
  throw error;
}
// A reader that stops early (`vmlab --help | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
main(process.argv).then((code) => { process.exitCode = code; });
