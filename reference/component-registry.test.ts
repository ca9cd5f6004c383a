import { existsSync } from 'fs';
import * as path from 'path';
import { COMPONENT_NAMES, COMPONENT_REGISTRY, componentMethods } from './component-registry';
import { REFERENCE_COMPONENTS } from './reference-components';

/** The registry names files by repository path; a wrong row must fail here, not in a handout build. */
const ROOT = path.resolve(__dirname, '..');
const load = (file: string) => require(path.join(ROOT, file)) as Record<string, unknown>;

/** The methods an implementation has, its class's included (a solution may be an object literal or a class instance). */
function methodsOf(implementation: unknown): string[] {
  const names = new Set<string>();
  for (let level = implementation as object | null; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
    for (const key of Object.getOwnPropertyNames(level)) if (key !== 'constructor' && typeof (implementation as Record<string, unknown>)[key] === 'function') names.add(key);
  }
  return [...names].sort();
}

test('COMPONENT_NAMES lists every row, in order, and every reference component', () => {
  expect(COMPONENT_NAMES).toEqual(Object.keys(COMPONENT_REGISTRY));
  expect([...COMPONENT_NAMES].sort()).toEqual(Object.keys(REFERENCE_COMPONENTS).sort());
});

test('the registry cannot be changed at run time', () => {
  const row = COMPONENT_REGISTRY.walker;
  expect(Object.isFrozen(COMPONENT_REGISTRY)).toBe(true);
  expect(Object.isFrozen(row.methods)).toBe(true);
  expect(Object.isFrozen(row.solution.files)).toBe(true);
});

describe.each(COMPONENT_NAMES)('the row of %s', (component) => {
  const row = COMPONENT_REGISTRY[component];

  test('has a one-line title', () => {
    expect(row.title).toMatch(/^\S.*\S$/);
    expect(row.title).not.toMatch(/\n/);
  });

  test('names a student file in starter/src/ that exports the implementation with every method', () => {
    // The grader compiles student files from starter/src/ (build-javascript.ts).
    expect(row.studentFile).toMatch(/^starter\/src\/[a-z0-9-]+\.ts$/);
    expect(existsSync(path.join(ROOT, row.studentFile))).toBe(true);
    const stub = load(row.studentFile)[row.exportName];
    expect(stub).toBeDefined();
    expect(methodsOf(stub)).toEqual([...componentMethods(component)].sort());
  });

  test('names a reference solution in reference/ whose module exports the reference component', () => {
    const { module, exportName, files } = row.solution;
    expect(files[0]).toBe(`${module}.ts`);
    expect(new Set(files).size).toBe(files.length);
    for (const file of files) {
      expect(file).toMatch(/^reference\/.+\.ts$/);
      expect(existsSync(path.join(ROOT, file))).toBe(true);
    }
    expect(load(module)[exportName]).toBe(REFERENCE_COMPONENTS[component]);
    // A solution may have helper methods of its own; it must have the interface's.
    expect(methodsOf(REFERENCE_COMPONENTS[component])).toEqual(expect.arrayContaining([...componentMethods(component)]));
  });

  test("is nobody else's: its files are its own", () => {
    for (const other of COMPONENT_NAMES.filter((name) => name !== component)) {
      expect(COMPONENT_REGISTRY[other].studentFile).not.toBe(row.studentFile);
      expect(COMPONENT_REGISTRY[other].solution.files).not.toContain(row.studentFile);
    }
  });
});
