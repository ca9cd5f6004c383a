import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { preparedSources } from '../../grader/handout/prepared-sources';
import { vmlabRoot } from '../../io/vmlab-root';
import { typeCheckChanged } from './type-check-changed';

/**
 * A handout in miniature, prepared as vmlab handout prepares one: a
 * library (shape.ts; uses-shape.ts, which imports it and holds a type error
 * of its own that only a check of its source can see), a student file and a
 * file importing it (the wiring). The check reads what is unchanged through
 * its declarations and checks the rest from source.
 */
const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', lib: ['ES2022'], types: ['node'], strict: true, isolatedModules: true, skipLibCheck: true, noEmit: true }, include: ['lib', 'student', 'wiring'] });
const SHIPPED: Record<string, string> = {
  'tsconfig.json': TSCONFIG,
  'lib/shape.ts': 'export interface Shape {\n  readonly sides: number;\n}\n',
  'lib/uses-shape.ts': "import { Shape } from './shape';\nexport function sides(shape: Shape): number {\n  const unseen: number = 'a type error no declaration shows';\n  return shape.sides + unseen;\n}\n",
  'student/mine.ts': "import { Shape } from '../lib/shape';\nexport const square: Shape = { sides: 4 };\n",
  'wiring/imports-mine.ts': "import { square } from '../student/mine';\nimport { sides } from '../lib/uses-shape';\nexport const count: number = sides(square);\n",
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vmlab-type-check-'));
  symlinkSync(path.join(vmlabRoot(), 'node_modules'), path.join(root, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(SHIPPED)) write(file, text);
  for (const [file, text] of preparedSources(root, new Map(Object.entries(SHIPPED)), ['student/mine.ts'])) write(file, text);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

test('nothing changed: nothing is checked, and no error is found', () => {
  expect(typeCheckChanged(root, false)).toEqual({ errors: 0, text: '', checked: [], remembered: false });
});

test("a type error in the student's file is reported with its file, line and column; its importer is checked too, the rest read from declarations", () => {
  write('student/mine.ts', "import { Shape } from '../lib/shape';\nexport const square: Shape = { sides: 'four' };\n");
  const result = typeCheckChanged(root, false);
  expect(result.checked).toEqual(['student/mine.ts', 'wiring/imports-mine.ts']);
  expect(result.errors).toBe(1);
  expect(result.text).toMatch(/^student\/mine\.ts\(2,32\): error TS2322: Type 'string' is not assignable to type 'number'\./);
  // uses-shape.ts is unchanged: its declarations stand for it, and its own error is not this check's business.
  expect(result.text).not.toContain('uses-shape');
});

test('the same files again: the result is remembered, not computed again', () => {
  write('student/mine.ts', "import { Shape } from '../lib/shape';\nexport const square: Shape = { sides: 'four' };\n");
  const first = typeCheckChanged(root, false);
  expect(typeCheckChanged(root, false)).toEqual({ ...first, remembered: true });
  write('student/mine.ts', SHIPPED['student/mine.ts']);
  expect(typeCheckChanged(root, false)).toEqual({ errors: 0, text: '', checked: [], remembered: false });
});

test('a changed library file is checked from its source, with the files importing it', () => {
  write('lib/shape.ts', 'export interface Shape {\n  readonly sides: string;\n}\n');
  const result = typeCheckChanged(root, false);
  expect(result.checked).toEqual(['lib/shape.ts', 'lib/uses-shape.ts', 'student/mine.ts']);
  expect(result.text).toMatch(/^lib\/uses-shape\.ts\(3,9\): error TS2322/m);
  expect(result.text).toMatch(/^student\/mine\.ts\(2,32\): error TS2322: Type 'number' is not assignable to type 'string'\./m);
});

test('a new file the student adds is checked from its source', () => {
  write('student/helper.ts', 'export const half: number = 0.5;\n');
  write('student/mine.ts', "import { Shape } from '../lib/shape';\nimport { half } from './helper';\nexport const square: Shape = { sides: half > 0 ? 'four' : 4 };\n");
  const result = typeCheckChanged(root, false);
  expect(result.checked).toEqual(['student/helper.ts', 'student/mine.ts', 'wiring/imports-mine.ts']);
  expect(result.text).toMatch(/^student\/mine\.ts\(3,32\): error TS2322/);
});

test("the host's globals: console and Node's own are known, as with the tsconfig's types; a misspelt name is still an error", () => {
  write('student/mine.ts', "import { Shape } from '../lib/shape';\nconsole.log(process.pid);\nexport const square: Shape = { sides: Buffer.byteLength('four') };\n");
  expect(typeCheckChanged(root, false)).toMatchObject({ errors: 0, text: '' });
  write('student/mine.ts', "import { Shape } from '../lib/shape';\nconsole.log(proces.pid);\nexport const square: Shape = { sides: 4 };\n");
  expect(typeCheckChanged(root, false).text).toMatch(/^student\/mine\.ts\(2,13\): error TS2552: Cannot find name 'proces'\. Did you mean 'process'\?/);
});
