/**
 * The plain JavaScript an audit child starts with (`node -e`): it teaches
 * Node's `require` to load `.ts` files by transpiling them (isolated modules,
 * as tsconfig.json says), serving the text in the overrides map instead of a
 * file's own when there is one, then runs audit-child.ts. Real Node modules,
 * not jest's, so each mutant can get a fresh module graph; a child process,
 * so a mutant that loops forever can be killed.
 */
export function auditChildBootstrap(): string {
  return `
'use strict';
const fs = require('fs');
const repoRoot = process.argv[1];
const ts = require(require.resolve('typescript', { paths: [repoRoot] }));
const overrides = new Map();
globalThis[Symbol.for('vmlab.audit.sourceOverrides')] = overrides;
const pristine = new Map();
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true, isolatedModules: true };
require.extensions['.ts'] = function (module, filename) {
  const override = overrides.get(filename);
  let output = override === undefined ? pristine.get(filename) : undefined;
  if (output === undefined) {
    const text = override === undefined ? fs.readFileSync(filename, 'utf8') : override;
    output = ts.transpileModule(text, { compilerOptions, fileName: filename }).outputText;
    if (override === undefined) pristine.set(filename, output);
  }
  module._compile(output, filename);
};
require(require('path').join(repoRoot, 'grader', 'audit', 'audit-child.ts'));
`;
}
