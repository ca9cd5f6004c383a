import { studentPackageProblems } from './check-contents';

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
])('%s is caught', (_what, file, content, pattern) => {
  const files = new Map([[file, content], [GOLDENS, '{}']]);
  expect(studentPackageProblems(files, ['walker'], GOLDENS).join('\n')).toMatch(pattern);
});

test('a provided component may ship its solution', () => {
  const files = new Map([['reference/paging/walk-tables.ts', 'export function walkTables() {}'], [GOLDENS, '{}']]);
  expect(studentPackageProblems(files, ['nestedWalker'], GOLDENS)).toEqual([]);
});
