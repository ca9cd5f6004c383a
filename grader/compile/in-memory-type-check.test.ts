import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { InMemoryTypeChecker } from './in-memory-type-check';

const OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, types: [] };
let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vmlab-type-check-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function messages(checker: InMemoryTypeChecker, files: Record<string, string>, checked: readonly string[]): string[] {
  return checker.check(new Map(Object.entries(files)), checked).diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
}

test('each check sees only its own files, though the program is built from the previous one', () => {
  const checker = new InMemoryTypeChecker(root, OPTIONS);
  const shared = { 'lib/shape.ts': 'export interface Shape { readonly sides: number }\n' };
  const good = "import { Shape } from '../lib/shape';\nexport const square: Shape = { sides: 4 };\n";
  const bad = "import { Shape } from '../lib/shape';\nexport const square: Shape = { sides: 'four' };\n";
  expect(messages(checker, { ...shared, 'src/square.ts': good }, ['src/square.ts'])).toEqual([]);
  expect(messages(checker, { ...shared, 'src/square.ts': bad }, ['src/square.ts'])).toEqual([expect.stringContaining("Type 'string' is not assignable to type 'number'")]);
  expect(messages(checker, { ...shared, 'src/square.ts': good }, ['src/square.ts'])).toEqual([]);
  expect(messages(checker, { 'src/square.ts': good }, ['src/square.ts'])).toEqual([expect.stringContaining("Cannot find module '../lib/shape'")]);
});

test('a package folder named like a file (node_modules/punycode.js) is not read as one', () => {
  mkdirSync(path.join(root, 'node_modules', 'lookalike.js'), { recursive: true });
  const checker = new InMemoryTypeChecker(root, OPTIONS);
  expect(messages(checker, { 'src/a.ts': "import { a } from 'lookalike';\nexport const b = a;\n" }, ['src/a.ts'])).toEqual([expect.stringContaining("Cannot find module 'lookalike'")]);
});
