import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { vmlabRoot } from '../../io/vmlab-root';
import { preparedSources } from '../handout/prepared-sources';
import { PreparedHandout } from './prepared-handout';
import { transpileToCommonJs } from './transpile-commonjs';

const ROOT = vmlabRoot();

test("the JavaScript a handout ships is the compile step's own, byte for byte", () => {
  const { transpile } = require(path.join(ROOT, 'starter', 'harness', 'compiled-sources.js')) as typeof import('../../starter/harness/compiled-sources');
  for (const file of ['reference/paging/walker.ts', 'reference/component-registry.ts', 'observe/observe.ts', 'starter/harness/stand-ins.ts', 'grader/compile/build-javascript.ts']) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    expect(transpile(ts, source, path.join(ROOT, file))).toBe(transpileToCommonJs(file, source));
  }
});

test('the repository prepares nothing: its compile step compiles everything', () => {
  expect(PreparedHandout.at(ROOT)).toBeUndefined();
});

describe('a prepared handout in miniature', () => {
  const SHIPPED = new Map([
    ['tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', types: [], strict: true, isolatedModules: true, skipLibCheck: true, noEmit: true }, include: ['lib', 'student'] })],
    ['lib/shape.ts', 'export interface Shape {\n  readonly sides: number;\n}\nexport const SQUARE: Shape = { sides: 4 };\n'],
    ['lib/area.ts', "import { Shape } from './shape';\nexport function area(shape: Shape): number {\n  return shape.sides;\n}\n"],
    ['student/mine.ts', "import { SQUARE } from '../lib/shape';\nexport const mine = SQUARE;\n"],
  ]);
  let root: string;
  let prepared: PreparedHandout;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'vmlab-prepared-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    for (const [file, text] of SHIPPED) write(file, text);
    for (const [file, text] of preparedSources(root, SHIPPED, ['student/mine.ts'])) write(file, text);
    prepared = PreparedHandout.at(root)!;
    expect(prepared).toBeDefined();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('unchanged files are seen through their declarations, where imports find them; kept and changed files as they are', () => {
    const sources = new Map([...SHIPPED].filter(([file]) => file.endsWith('.ts')));
    sources.set('lib/area.ts', `${sources.get('lib/area.ts')}// changed\n`);
    const view = prepared.typeCheckView(sources, new Set(['student/mine.ts']));
    expect([...view.keys()].sort()).toEqual(['lib/area.ts', 'lib/shape.d.ts', 'student/mine.ts']);
    expect(view.get('lib/shape.d.ts')).toMatch(/export declare const SQUARE: Shape;/);
    expect(view.get('lib/area.ts')).toBe(sources.get('lib/area.ts'));
    expect(view.get('student/mine.ts')).toBe(SHIPPED.get('student/mine.ts'));
  });

  test('the JavaScript of a shipped source text is found; of any other, none', () => {
    const source = SHIPPED.get('lib/shape.ts')!;
    expect(prepared.javascript(source)).toBe(transpileToCommonJs('lib/shape.ts', source));
    expect(prepared.javascript(`${source}// changed\n`)).toBeUndefined();
  });
});
