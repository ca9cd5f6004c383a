/**
 * The plain JavaScript an audit child starts with (`node -e`): it teaches
 * Node's `require` to load `.ts` files (grader/require-typescript.js),
 * serving the text in the overrides map instead of a file's own when there
 * is one, then runs audit-child.ts. Real Node modules, not jest's, so each
 * mutant can get a fresh module graph; a child process, so a mutant that
 * loops forever can be killed.
 */
export function auditChildBootstrap(): string {
  return `
'use strict';
const path = require('path');
const repoRoot = process.argv[1];
const overrides = new Map();
globalThis[Symbol.for('vmlab.audit.sourceOverrides')] = overrides;
const { requireTypeScript } = require(path.join(repoRoot, 'grader', 'require-typescript.js'));
requireTypeScript(require(require.resolve('typescript', { paths: [repoRoot] })), (filename) => overrides.get(filename));
require(path.join(repoRoot, 'grader', 'audit', 'audit-child.ts'));
`;
}
