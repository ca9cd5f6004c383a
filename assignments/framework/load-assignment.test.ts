import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { AssignmentInvalidError } from './assignment-problems';
import { loadAssignment } from './load-assignment';

/** A minimal valid walk probe: an empty memory, so the walk faults at the top level. */
const PROBE = {
  kind: 'walk',
  control: { wp: true, nxe: true, levels: 4 },
  root: '0x1000',
  va: '0x0',
  access: { kind: 'read', user: true },
  memory: {},
};

const MANIFEST = {
  id: 'trial',
  title: 'A trial assignment',
  assesses: ['walker'],
  provides: [],
  studentFiles: ['starter/src/walker.ts'],
  parts: [{ id: 'basics', title: 'Basics', points: 3 }],
  suites: [{ name: 'public', file: 'public/suite.json', visibility: 'visible' }],
  limits: { testSeconds: 10, submissionSeconds: 60, memoryMiB: 256 },
};

const SUITE = {
  suite: 'public',
  tests: [{ id: 'trial.empty', title: 'An empty table', component: 'walker', part: 'basics', points: 3, category: 'faults', check: 'policy', probes: [PROBE] }],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vmlab-assignment-'));
  mkdirSync(path.join(dir, 'public'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(manifest: unknown, suite: unknown = SUITE): void {
  writeFileSync(path.join(dir, 'assignment.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'public', 'suite.json'), typeof suite === 'string' ? suite : JSON.stringify(suite));
}

function problemsOf(): readonly string[] {
  try {
    loadAssignment(dir);
  } catch (error) {
    if (error instanceof AssignmentInvalidError) return error.problems;
    throw error;
  }
  throw new Error('the assignment loaded');
}

test('a valid assignment loads with its suites', () => {
  write(MANIFEST);
  const loaded = loadAssignment(dir);
  expect(loaded.manifest.id).toBe('trial');
  expect(loaded.suites.map((suite) => suite.document.tests.length)).toEqual([1]);
});

test('the compile limits are optional, and kept when given', () => {
  write({ ...MANIFEST, limits: { ...MANIFEST.limits, compileSeconds: 5, compileMemoryMiB: 512 } });
  expect(loadAssignment(dir).manifest.limits).toEqual({ ...MANIFEST.limits, compileSeconds: 5, compileMemoryMiB: 512 });
});

test.each([
  ['a missing field', { ...MANIFEST, title: undefined }, /assignment\.json: \(top level\): missing field "title"/],
  ['an unknown field', { ...MANIFEST, tittle: 'x' }, /unknown field "tittle"/],
  ['an unknown component', { ...MANIFEST, assesses: ['walkr'] }, /assesses\[0\]: must be one of "walker"/],
  ['an escaping suite path', { ...MANIFEST, suites: [{ name: 'public', file: '../x.json', visibility: 'visible' }] }, /suites\[0\]\.file/],
  ['a bad visibility', { ...MANIFEST, suites: [{ name: 'public', file: 'public/suite.json', visibility: 'secret' }] }, /suites\[0\]\.visibility: must be one of/],
  ['a missing student file', { ...MANIFEST, studentFiles: ['starter/src/other.ts'] }, /studentFiles: must list "starter\/src\/walker\.ts"/],
  ['a component both assessed and provided', { ...MANIFEST, provides: ['walker'] }, /provides: walker is assessed/],
  ['a providedFrom of a component not provided', { ...MANIFEST, providedFrom: { shadowSync: 'student' } }, /providedFrom\.shadowSync: shadowSync is not in provides/],
  ['an unknown provided source', { ...MANIFEST, provides: ['shadowSync'], providedFrom: { shadowSync: 'friend' } }, /providedFrom\.shadowSync: must be one of "reference", "student"/],
  [
    "a student-provided component whose file is not a student file",
    { ...MANIFEST, provides: ['shadowSync'], providedFrom: { shadowSync: 'student' } },
    /studentFiles: must list "starter\/src\/shadow-sync\.ts", the student's own shadowSync/,
  ],
  ['a student file of a component the reference provides', { ...MANIFEST, provides: ['shadowSync'], studentFiles: ['starter/src/walker.ts', 'starter/src/shadow-sync.ts'] }, /studentFiles\[1\]: "starter\/src\/shadow-sync\.ts" is not the file of an assessed component, nor of one the student provides/],
  ['no public suite', { ...MANIFEST, suites: [{ name: 'extra', file: 'public/suite.json', visibility: 'hidden' }] }, /needs a suite named "public"/],
  ['points that do not add up', { ...MANIFEST, parts: [{ id: 'basics', title: 'Basics', points: 5 }] }, /parts\[0\]\.points: 5, but its tests add up to 3/],
  ['a compile time limit of 0', { ...MANIFEST, limits: { ...MANIFEST.limits, compileSeconds: 0 } }, /limits\.compileSeconds: must be > 0/],
  ['a compile memory limit TypeScript cannot work in', { ...MANIFEST, limits: { ...MANIFEST.limits, compileMemoryMiB: 64 } }, /limits\.compileMemoryMiB: must be >= 256/],
])('%s is a located error', (_what, manifest, pattern) => {
  write(manifest);
  expect(problemsOf().join('\n')).toMatch(pattern);
});

test('a component the student provides adds its file to the student files', () => {
  write({ ...MANIFEST, provides: ['shadowSync'], providedFrom: { shadowSync: 'student' }, studentFiles: ['starter/src/walker.ts', 'starter/src/shadow-sync.ts'] });
  expect(loadAssignment(dir).manifest.providedFrom).toEqual({ shadowSync: 'student' });
});

test.each([
  ['a test of an unknown part', { ...SUITE, tests: [{ ...SUITE.tests[0], part: 'nope' }] }, /suite\.json: tests\[0\]\.part: no part "nope"/],
  ['a test with both probes and a generator', { ...SUITE, tests: [{ ...SUITE.tests[0], generate: { generator: 'x', seed: 1, count: 1 } }] }, /tests\[0\]/],
  ['an unknown generator', { ...SUITE, tests: [{ ...SUITE.tests[0], probes: undefined, generate: { generator: 'no-such', seed: 1, count: 1 } }] }, /no generator "no-such"/],
  ['a malformed probe', { ...SUITE, tests: [{ ...SUITE.tests[0], probes: [{ ...PROBE, va: 12 }] }] }, /tests\[0\]\.probes\[0\]\.va: must be string/],
  ['an invariant check of a walk', { ...SUITE, tests: [{ ...SUITE.tests[0], check: 'invariant' }] }, /invariant checks judge machine probes only/],
  ['a suite named differently', { ...SUITE, suite: 'other' }, /suite: "other" does not match/],
])('%s is a located error', (_what, suite, pattern) => {
  write(MANIFEST, suite);
  expect(problemsOf().join('\n')).toMatch(pattern);
});

test('a file that is not JSON says where', () => {
  write('{ "id": ');
  expect(problemsOf()[0]).toMatch(/assignment\.json: not valid JSON/);
});

test('a missing suite file says which', () => {
  write(MANIFEST);
  rmSync(path.join(dir, 'public', 'suite.json'));
  expect(problemsOf()[0]).toMatch(/suite\.json: cannot read the suite: no such file or directory/);
});
