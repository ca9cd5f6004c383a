import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { componentsFile, importFromHarness, publicSuiteSettingsFile } from './handout-wiring';

const GOLDENS = 'assignments/shadow/public/goldens.json';

function manifest(fields: Partial<AssignmentManifest>): AssignmentManifest {
  return {
    id: 'shadow',
    title: 'Shadow paging',
    assesses: ['shadowSync', 'hiddenFaultHandler'],
    provides: ['walker'],
    studentFiles: ['starter/src/shadow-sync.ts', 'starter/src/hidden-fault-handler.ts'],
    parts: [],
    suites: [],
    limits: { testSeconds: 10, submissionSeconds: 300, memoryMiB: 512 },
    ...fields,
  };
}

test.each([
  ['starter/src/walker.ts', '../src/walker'],
  ['reference/components.ts', '../../reference/components'],
  ['starter/harness/stand-ins.ts', './stand-ins'],
])('the harness imports %s as %s', (file, specifier) => {
  expect(importFromHarness(file)).toBe(specifier);
});

test('each component is wired to the student file, the provided reference code, or an absent stand-in, from the registry', () => {
  const source = componentsFile(manifest({}));
  expect(source).toContain("import { shadowSync } from '../src/shadow-sync';");
  expect(source).toContain("import { hiddenFaultHandler } from '../src/hidden-fault-handler';");
  expect(source).toContain("import { PROVIDED_COMPONENTS } from './provided-components';");
  expect(source).toContain("import { absentComponent } from './stand-ins';");
  const wiring = source.slice(source.indexOf('export const COMPONENTS: Components = {'));
  expect(wiring).toMatch(/ {2}walker: PROVIDED_COMPONENTS\.walker,\n {2}shadowSync: shadowSync,\n {2}hiddenFaultHandler: hiddenFaultHandler,\n {2}nestedWalker: absentComponent\("nestedWalker"\),\n {2}tlb: absentComponent\("tlb"\),\n\};/);
  // No reference solution is named: the provided module holds them.
  expect(source).not.toMatch(/reference[A-Z]/);
});

test("a student's own copy of an earlier component is wired to the student's file", () => {
  const source = componentsFile(manifest({ providedFrom: { walker: 'student' }, studentFiles: ['starter/src/shadow-sync.ts', 'starter/src/hidden-fault-handler.ts', 'starter/src/walker.ts'] }));
  expect(source).toContain("import { walker } from '../src/walker';");
  expect(source).toContain('  walker: walker,');
  expect(source).not.toContain('PROVIDED_COMPONENTS');
});

test('a broken component is wired to a stand-in throwing its message, quoted as a string literal', () => {
  const message = "shadowSync does not compile: starter/src/shadow-sync.ts:1: '\"\\`${x}`\n*/";
  const source = componentsFile(manifest({}), new Map([['shadowSync', message]]));
  expect(source).toContain(`  shadowSync: standIn("shadowSync", ${JSON.stringify(message)}),`);
  expect(source).toContain("import { absentComponent, standIn } from './stand-ins';");
  expect(source).not.toContain("from '../src/shadow-sync'");
  expect(source).toContain("import { hiddenFaultHandler } from '../src/hidden-fault-handler';");
});

test("the harness's settings name the goldens and the manifest's limits", () => {
  const source = publicSuiteSettingsFile(manifest({ limits: { testSeconds: 7, submissionSeconds: 300, memoryMiB: 384 } }), GOLDENS);
  expect(source).toContain(`export const GOLDENS_FILE = ${JSON.stringify(GOLDENS)};`);
  expect(source).toContain('export const TEST_SECONDS = 7;');
  expect(source).toContain('export const MEMORY_MIB = 384;');
});
