import { readFileSync } from 'fs';
import * as path from 'path';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { vmlabRoot } from '../../io/vmlab-root';
import { PUBLIC_ASSIGNMENT_FILE } from '../public-report/public-report-files';
import { compiledPath, declarationPath } from '../../starter/harness/prepared-sources';
import { COMPONENT_REGISTRY_FILE, studentPackageProblems } from './check-contents';

const GOLDENS = 'assignments/walk/public/goldens.json';

test('a clean package has no problems', () => {
  const files = new Map([
    ['starter/src/walker.ts', "throw new Error('not implemented: walker');"],
    ['reference/paging/walker.ts', 'export interface Walker {}'],
    [GOLDENS, '{}'],
  ]);
  expect(studentPackageProblems(files, ['walker'], GOLDENS)).toEqual([]);
});

test.each([
  ['a solution file', 'reference/paging/walk-tables.ts', 'export function walkTables() {}', /part of the reference solution of walker/],
  ['a copy naming the solution', 'starter/src/helpers.ts', 'export { referenceWalker } from "x";', /names referenceWalker/],
  ['a hidden suite', 'assignments/walk/hidden/permissions.json', '{}', /only the public goldens/],
  ['the public suite source', 'assignments/walk/public/suite.json', '{}', /only the public goldens/],
  ['a test-support file of the assignment', 'assignments/walk/test-support/sketch-walker.ts', 'export {}', /only the public goldens/],
  ["the misconception catalogue, whose recognisers restate the rules", 'assignments/walk/misconceptions/index.ts', 'export const MISCONCEPTIONS = [];', /only the public goldens/],
])('%s is caught', (_what, file, content, pattern) => {
  const files = new Map([[file, content], [GOLDENS, '{}']]);
  expect(studentPackageProblems(files, ['walker'], GOLDENS).join('\n')).toMatch(pattern);
});

test('the component registry may name the solutions (every package ships it); nothing else may', () => {
  const registry = readFileSync(path.join(vmlabRoot(), COMPONENT_REGISTRY_FILE), 'utf8');
  expect(registry).toContain(`'${COMPONENT_REGISTRY.walker.solution.exportName}'`);
  expect(studentPackageProblems(new Map([[COMPONENT_REGISTRY_FILE, registry], [GOLDENS, '{}']]), ['walker'], GOLDENS)).toEqual([]);
  expect(studentPackageProblems(new Map([['reference/registry-copy.ts', registry], [GOLDENS, '{}']]), ['walker'], GOLDENS)).toEqual([
    'reference/registry-copy.ts: names referenceWalker, the reference solution of walker',
  ]);
});

test("the registry's prepared JavaScript and declarations may name them too; another file's JavaScript may not", () => {
  const registry = readFileSync(path.join(vmlabRoot(), COMPONENT_REGISTRY_FILE), 'utf8');
  const naming = "exports.walker = 'referenceWalker';";
  const files = new Map([
    [COMPONENT_REGISTRY_FILE, registry],
    [compiledPath(registry), naming],
    [declarationPath(COMPONENT_REGISTRY_FILE), 'export declare const names: "referenceWalker";'],
    [compiledPath('another source'), naming],
    [GOLDENS, '{}'],
  ]);
  expect(studentPackageProblems(files, ['walker'], GOLDENS)).toEqual([`${compiledPath('another source')}: names referenceWalker, the reference solution of walker`]);
});

test('a provided component may ship its solution', () => {
  const files = new Map([['reference/paging/walk-tables.ts', 'export function walkTables() {}'], [GOLDENS, '{}']]);
  expect(studentPackageProblems(files, ['nestedWalker'], GOLDENS)).toEqual([]);
});

describe('the public manifest of npm run report', () => {
  const manifest = (suites: object[]) =>
    JSON.stringify({
      id: 'walk',
      title: 'Walk',
      assesses: ['walker'],
      provides: [],
      studentFiles: ['starter/src/walker.ts'],
      parts: [{ id: 'translation', title: 'Translation', points: 20 }],
      suites,
      limits: { testSeconds: 10, submissionSeconds: 300, memoryMiB: 512 },
    });
  const problems = (text: string) => studentPackageProblems(new Map([[PUBLIC_ASSIGNMENT_FILE, text], [GOLDENS, '{}']]), ['walker'], GOLDENS);

  test.each([
    ['names the public suite alone', manifest([{ name: 'public', file: 'public/suite.json', visibility: 'visible' }]), []],
    ['names a hidden suite', manifest([{ name: 'public', file: 'public/suite.json', visibility: 'visible' }, { name: 'permissions', file: 'hidden/permissions.json', visibility: 'hidden' }]), [`${PUBLIC_ASSIGNMENT_FILE}: names the permissions suite; only the public one may ship`]],
    ['is not a manifest', '{"suites": []}', [`${PUBLIC_ASSIGNMENT_FILE}: not an assignment manifest`]],
  ])('%s', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});
