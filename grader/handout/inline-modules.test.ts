import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { inlineModules } from './inline-modules';

/**
 * A small project: `lib/` may be imported, `solution/` is inlined into
 * `student/answer.ts`. Each case writes its modules, inlines, and checks
 * the one file type-checks and computes what the modules did.
 */
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vmlab-inline-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
}

function inline(exports: Record<string, string> = { solution: 'answer' }) {
  return inlineModules({ root, entry: 'solution/entry.ts', target: 'student/answer.ts', importable: (file) => file.startsWith('lib/'), exports: new Map(Object.entries(exports)) });
}

/** Type-check the inlined file in place with lib/, then run it; its exports. */
function check(source: string): Record<string, unknown> {
  write({ 'student/answer.ts': source });
  const program = ts.createProgram([path.join(root, 'student/answer.ts')], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [] });
  expect(ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '))).toEqual([]);
  const modules = new Map<string, Record<string, unknown>>();
  const load = (file: string): Record<string, unknown> => {
    const known = modules.get(file);
    if (known !== undefined) return known;
    const exports: Record<string, unknown> = {};
    modules.set(file, exports);
    const code = ts.transpileModule(require('fs').readFileSync(path.join(root, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const requireFrom = (specifier: string) => load(`${path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))}.ts`);
    new Function('exports', 'require', code)(exports, requireFrom);
    return exports;
  };
  return load('student/answer.ts');
}

test('helpers are inlined, dependencies first, and a name two of them declare is renamed in the later one', () => {
  write({
    'lib/base.ts': 'export const BASE = 10;\nexport interface Shape { size: number }\n',
    'solution/first.ts': "import { BASE } from '../lib/base';\nconst SCALE = 2;\nexport function first(): number { return BASE * SCALE; }\n",
    'solution/second.ts': "const SCALE = 3;\nexport const second = (): number => SCALE;\nexport const TABLE = { SCALE };\n",
    'solution/entry.ts':
      "import { Shape } from '../lib/base';\nimport { first } from './first';\nimport { second as two, TABLE } from './second';\nexport const solution = (shape: Shape): number => first() + two() + TABLE.SCALE + shape.size;\nexport const unused = 1;\n",
  });
  const { source, modules } = inline();
  expect(modules).toEqual(['solution/first.ts', 'solution/second.ts', 'solution/entry.ts']);
  expect(source).toContain("import { BASE, Shape } from '../lib/base';");
  expect(source).toContain('const SCALE_2 = 3;');
  // The shorthand property keeps its key and takes the renamed value.
  expect(source).toContain('{ SCALE: SCALE_2 }');
  expect(source).toContain('export const answer = ');
  expect(source).toMatch(/^const unused = 1;$/m);
  const loaded = check(source);
  expect(Object.keys(loaded)).toEqual(['answer']);
  expect((loaded.answer as (shape: { size: number }) => number)({ size: 100 })).toBe(20 + 3 + 3 + 100);
});

test("a package is imported by its name, a helper's import of it merged with the entry's", () => {
  write({
    'solution/helper.ts': "import { join } from 'path';\nexport const joined = (): string => join('a', 'b');\n",
    'solution/entry.ts': "import { join } from 'path';\nimport { joined } from './helper';\nexport const solution = (): string => join(joined(), 'c');\n",
  });
  const { source } = inline();
  expect(source).toMatch(/^import \{ join \} from 'path';$/m);
  expect(source.match(/from 'path'/g)).toHaveLength(1);
});

test('a type re-exported through an inlined module is imported from where it is declared', () => {
  write({
    'lib/types.ts': 'export interface Pair { a: number; b: number }\n',
    'solution/helper.ts': "export type { Pair } from '../lib/types';\nexport const sum = (x: number, y: number): number => x + y;\n",
    'solution/entry.ts': "import { Pair, sum } from './helper';\nexport const solution = (pair: Pair): number => sum(pair.a, pair.b);\n",
  });
  const { source } = inline();
  expect(source).toContain("import { Pair } from '../lib/types';");
  expect((check(source).answer as (pair: { a: number; b: number }) => number)({ a: 2, b: 5 })).toBe(7);
});

test('a rename that a local of the same name would capture is refused', () => {
  write({
    'solution/helper.ts': 'export const value = 1;\n',
    'solution/entry.ts': "import { value as outer } from './helper';\nexport const solution = (): number => { const value = 41; return value + outer; };\n",
  });
  // `outer` would become `value`, a name the entry already uses: refused rather than captured.
  expect(() => inline()).toThrow(/solution\/entry\.ts: outer would be renamed value, a name this module already uses/);
});

test.each([
  ['a default export', "import helper from './helper';\nexport const solution = helper;\n", 'export default 1;\n', /solution\/helper\.ts:1: this form of import or export cannot be inlined/],
  ['a namespace import', "import * as helper from './helper';\nexport const solution = helper.x;\n", 'export const x = 1;\n', /only named imports/],
  ['a local export list', "import { x } from './helper';\nexport const solution = x;\n", 'const x = 1;\nexport { x };\n', /solution\/helper\.ts:2: a local export list cannot be inlined/],
  ['a destructured binding', "import { x } from './helper';\nexport const solution = x;\n", 'export const { x } = { x: 1 };\n', /only plainly named top-level declarations/],
])('%s is refused, naming the file', (_what, entry, helper, pattern) => {
  write({ 'solution/entry.ts': entry, 'solution/helper.ts': helper });
  expect(() => inline()).toThrow(pattern);
});

test('an export the entry does not have is an error', () => {
  write({ 'solution/entry.ts': 'export const other = 1;\n' });
  expect(() => inline()).toThrow(/solution\/entry\.ts: exports no solution/);
});
