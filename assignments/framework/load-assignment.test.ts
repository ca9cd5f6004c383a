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

describe('rules, scoring and parts switched off', () => {
  const SPEC = '# Trial\n\n## The rules\n\n### Empty tables fault\n\nText.\n\n### `lookup` (by page)\n';
  const RULES = [
    { id: 'empty-faults', part: 'basics', title: 'An empty table faults at the top', spec: 'Empty tables fault' },
    { id: 'lookup-by-page', part: 'basics', title: 'Lookups compare pages', spec: 'lookup (by page)' },
  ];
  const RULED = { ...MANIFEST, rules: RULES };
  const tagged = (extra: object) => ({ ...SUITE, tests: [{ ...SUITE.tests[0], rules: ['empty-faults'], ...extra }] });

  function writeSpec(text = SPEC): void {
    writeFileSync(path.join(dir, 'spec.md'), text);
  }

  test('a manifest with rules and tagged tests loads, keeping the rules and each test\'s scoring', () => {
    writeSpec();
    write(RULED, tagged({ scoring: 'all-or-nothing' }));
    const loaded = loadAssignment(dir);
    expect(loaded.manifest.rules?.map((rule) => rule.id)).toEqual(['empty-faults', 'lookup-by-page']);
    expect(loaded.suites[0].document.tests[0]).toMatchObject({ rules: ['empty-faults'], scoring: 'all-or-nothing' });
  });

  test('a spec heading is found as written or as plain text', () => {
    writeSpec();
    write({ ...RULED, rules: [{ ...RULES[1], spec: '`lookup` (by page)' }] }, { ...SUITE, tests: [{ ...SUITE.tests[0], rules: ['lookup-by-page'] }] });
    expect(loadAssignment(dir).manifest.rules).toHaveLength(1);
  });

  test.each([
    ['a rule id that is not kebab-case', { ...RULED, rules: [{ ...RULES[0], id: 'Empty_faults' }] }, tagged({}), /assignment\.json: rules\[0\]\.id: must match pattern/],
    ['a rule id used twice', { ...RULED, rules: [RULES[0], { ...RULES[1], id: 'empty-faults' }] }, tagged({}), /assignment\.json: rules\[1\]\.id: "empty-faults" is used twice/],
    ['a rule whose part is unknown', { ...RULED, rules: [RULES[0], { ...RULES[1], part: 'nope' }] }, tagged({}), /assignment\.json: rules\[1\]\.part: rule "lookup-by-page" is in part "nope", which the manifest does not have \(basics\)/],
    ['a rule citing a heading the spec lacks', { ...RULED, rules: [RULES[0], { ...RULES[1], spec: 'Lookups' }] }, tagged({}), /assignment\.json: rules\[1\]\.spec: rule "lookup-by-page" cites the heading "Lookups", which spec\.md does not have/],
    ['a test naming an unknown rule', RULED, tagged({ rules: ['empty-faults', 'no-such-rule'] }), /suite\.json: tests\[0\]\.rules\[1\]: test trial\.empty names the unknown rule "no-such-rule" \(the manifest's rules are empty-faults, lookup-by-page\)/],
    ['a test naming a rule when the manifest has none', MANIFEST, tagged({}), /suite\.json: tests\[0\]\.rules\[0\]: test trial\.empty names the unknown rule "empty-faults" \(the manifest has no rules\)/],
    ['a test naming no rule when the manifest has rules', RULED, SUITE, /suite\.json: tests\[0\]\.rules: test trial\.empty names no rule; the manifest has rules/],
    ['a test with an empty rule list', RULED, tagged({ rules: [] }), /suite\.json: tests\[0\]\.rules: must NOT have fewer than 1 items/],
    ['an unknown scoring', RULED, tagged({ scoring: 'best-of' }), /suite\.json: tests\[0\]\.scoring: must be one of "proportional", "all-or-nothing"/],
  ])('%s is a located error', (_what, manifest, suite, pattern) => {
    writeSpec();
    write(manifest, suite);
    expect(problemsOf().join('\n')).toMatch(pattern);
  });

  test('rules without a spec.md to cite say so', () => {
    write(RULED, tagged({}));
    expect(problemsOf().join('\n')).toMatch(/assignment\.json: rules: the rules cite spec\.md, which cannot be read: .*spec\.md: no such file or directory/);
  });

  describe('a part switched off', () => {
    const TWO_PARTS = {
      ...MANIFEST,
      parts: [MANIFEST.parts[0], { id: 'extra', title: 'Extra', points: 2, enabled: false }],
      rules: [RULES[0], { id: 'extra-rule', part: 'extra', title: 'The extra rule', spec: 'Empty tables fault' }],
    };
    const EXTRA_TEST = { ...SUITE.tests[0], id: 'trial.extra', part: 'extra', points: 2, rules: ['extra-rule'] };
    const BOTH = { ...SUITE, tests: [{ ...SUITE.tests[0], rules: ['empty-faults', 'extra-rule'] }, EXTRA_TEST] };

    test('loses its tests, its rules, its points, and its rules in the other tests', () => {
      writeSpec();
      write(TWO_PARTS, BOTH);
      const loaded = loadAssignment(dir);
      expect(loaded.manifest.parts.map((part) => part.id)).toEqual(['basics']);
      expect(loaded.manifest.rules?.map((rule) => rule.id)).toEqual(['empty-faults']);
      expect(loaded.suites[0].document.tests.map((test) => [test.id, test.rules])).toEqual([['trial.empty', ['empty-faults']]]);
    });

    test('is kept, with its tests, when asked', () => {
      writeSpec();
      write(TWO_PARTS, BOTH);
      const loaded = loadAssignment(dir, { includeDisabledParts: true });
      expect(loaded.manifest.parts.map((part) => part.id)).toEqual(['basics', 'extra']);
      expect(loaded.suites[0].document.tests.map((test) => test.id)).toEqual(['trial.empty', 'trial.extra']);
    });

    test('is still checked: its points must add up', () => {
      writeSpec();
      write(TWO_PARTS, { ...BOTH, tests: [BOTH.tests[0], { ...EXTRA_TEST, points: 1 }] });
      expect(problemsOf().join('\n')).toMatch(/parts\[1\]\.points: 2, but its tests add up to 1/);
    });

    test('a test of an enabled part naming only its rules is an error', () => {
      writeSpec();
      write(TWO_PARTS, { ...BOTH, tests: [{ ...SUITE.tests[0], rules: ['extra-rule'] }, EXTRA_TEST] });
      expect(problemsOf().join('\n')).toMatch(/suite\.json: tests\[0\]\.rules: test trial\.empty is in an enabled part but names only rules of parts switched off \(extra-rule\)/);
    });
  });
});
