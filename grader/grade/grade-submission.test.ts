import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { WalkerBug } from '../../assignments/walk/test-support/sketch-walker';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { Misconception } from '../../assignments/framework/misconception';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { gradeSubmission } from './grade-submission';
import { gradeToFolder, submissionCompiler } from './grade-to-folder';
import { ReferenceObservations } from './reference-observations';
import { sketchWalkerSource, stubWalkerSource, wrappedSketchWalkerSource, writeWalkerSubmission } from './test-support/walker-submissions';

// Whole-pipeline grading of the walk assignment, on submissions built from the sketch walker (test-support/walker-submissions.ts).
const ROOT = vmlabRoot();
const WALK = path.join(ROOT, 'assignments', 'walk');
const assignment = loadAssignment(WALK);
const reference = new ReferenceObservations();
const compiler = submissionCompiler(assignment);
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-grade-test-'));
});
afterAll(() => {
  compiler.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** A submission folder holding `source` as starter/src/walker.ts. */
function submission(name: string, source: string): string {
  return writeWalkerSubmission(path.join(scratch, 'submissions', name), source);
}

function sketchSubmission(name: string, bugs: readonly WalkerBug[]): string {
  return submission(name, sketchWalkerSource(ROOT, bugs));
}

async function grade(dir: string, tests = assignmentTests(assignment, undefined), misconceptions?: readonly Misconception[]): Promise<SubmissionResults> {
  return gradeSubmission({ compiler, submissionDir: dir, student: path.basename(dir), tests, workDir: path.join(scratch, 'work', path.basename(dir)), reference, ...(misconceptions === undefined ? {} : { misconceptions }) });
}

/** A catalogue of one misconception, of the walk's rule user-needs-us, that recognises a user access the student allowed and the reference did not. */
const USER_ALLOWED: Misconception = {
  id: 'us-at-leaf-only',
  rule: 'user-needs-us',
  title: 'U/S is checked at the leaf only',
  explanation: 'A user access needs U/S at every level of the walk.',
  concept: 'Permission checks in a multi-level walk',
  recognise: ({ expected, got }) => expected.kind === 'walk' && got.kind === 'walk' && !expected.result.ok && got.result.ok,
};

test('an independent correct walker earns every point', async () => {
  const results = await grade(sketchSubmission('correct', []));
  expect(results.tests.filter((test) => test.failure !== undefined).map((test) => test.id)).toEqual([]);
  expect(results.score).toBeCloseTo(results.maxScore);
  expect(results.maxScore).toBe(100);
  // Walk tests judge every value: there is nothing of the design to report beside the reference's.
  expect(results.tests.filter((test) => test.figures !== undefined)).toEqual([]);
});

test('a walker that lets user accesses through supervisor pages loses permission points, with the step named', async () => {
  const results = await grade(sketchSubmission('ignores-user', ['ignoresUser']));
  expect(results.score).toBeLessThan(results.maxScore);
  const failed = results.tests.filter((test) => test.failure !== undefined);
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.every((test) => test.failure?.kind === 'difference')).toBe(true);
  expect(results.parts.find((part) => part.id === 'permissions')!.score).toBeLessThan(results.parts.find((part) => part.id === 'permissions')!.points);
});

test('every failing test, visible or hidden, carries the diagnosis of its first failing case: the misconception recognised, else the rule of a test of one rule', async () => {
  const results = await grade(sketchSubmission('ignores-user-diagnosed', ['ignoresUser']), undefined, [USER_ALLOWED]);
  const differences = results.tests.flatMap((test) => (test.failure?.kind === 'difference' ? [{ test, failure: test.failure }] : []));
  expect(new Set(differences.map(({ test }) => test.visibility))).toEqual(new Set(['visible', 'hidden']));
  const recognised = differences.filter(({ failure }) => failure.diagnosis?.misconception !== undefined);
  expect(recognised.length).toBeGreaterThan(0);
  expect(recognised.some(({ test }) => test.visibility === 'hidden')).toBe(true);
  for (const { failure } of recognised) {
    expect(failure.diagnosis).toEqual({
      rule: 'user-needs-us',
      ruleTitle: 'A user access needs US at every level of the walk',
      ruleSpec: '4. At the leaf: the permission check, once, on the combined rights',
      component: 'walker',
      misconception: { id: USER_ALLOWED.id, title: USER_ALLOWED.title, explanation: USER_ALLOWED.explanation, concept: USER_ALLOWED.concept },
    });
  }
  // Without a catalogue, a failing test of one rule names that rule.
  const plain = await grade(sketchSubmission('ignores-user-rules-only', ['ignoresUser']), undefined, []);
  const oneRule = plain.tests.filter((test) => test.failure?.kind === 'difference' && assignmentTests(assignment, undefined).find((graded) => graded.id === test.id)?.rules?.length === 1);
  expect(oneRule.length).toBeGreaterThan(0);
  for (const test of oneRule) expect(test.failure?.kind === 'difference' && test.failure.diagnosis?.misconception).toBeUndefined();
  expect(oneRule.every((test) => test.failure?.kind === 'difference' && test.failure.diagnosis?.rule !== undefined)).toBe(true);
});

test("each test is scored by its own scoring, which its result carries: an all-or-nothing test with a failing case scores 0", async () => {
  const tests = assignmentTests(assignment, undefined).map((test) => ({ ...test, scoring: 'all-or-nothing' as const }));
  const results = await grade(sketchSubmission('ignores-user-all-or-nothing', ['ignoresUser']), tests);
  const failed = results.tests.filter((test) => test.failure !== undefined);
  expect(failed.some((test) => test.passedCases > 0)).toBe(true);
  for (const test of results.tests) {
    expect(test.scoring).toBe('all-or-nothing');
    expect(test.score).toBe(test.failure === undefined ? test.points : 0);
  }
});

test('the stub scores nothing and says "not implemented"', async () => {
  const results = await grade(submission('stub', stubWalkerSource(ROOT)));
  expect(results.score).toBe(0);
  const first = results.tests[0].failure;
  expect(first?.kind === 'difference' && first.difference.got).toMatch(/not implemented: walker/);
});

test('a result that is malformed in some cases fails those cases, named by path; the other cases of the test score', async () => {
  // Every other walk returns steps that are not a list: an object whose length is not a number.
  const source = wrappedSketchWalkerSource(
    ROOT,
    `let calls = 0;
export const walker: Walker = {
  walk(request, readEntry) {
    const result = honest.walk(request, readEntry);
    return ++calls % 2 === 0 ? { ...result, steps: { map: () => ({ length: 'x' }) } } : result;
  },
};`,
  );
  // A catalogue that recognises any case: still, a malformed result is not diagnosed.
  const results = await grade(submission('malformed-half', source), undefined, [{ ...USER_ALLOWED, recognise: () => true }]);
  const malformed = results.tests.filter((test) => test.failure?.kind === 'difference' && test.failure.difference.message === 'your component returned a malformed result: steps: must be array');
  expect(malformed.length).toBeGreaterThan(0);
  expect(malformed.map((test) => test.failure?.kind === 'difference' && test.failure.diagnosis)).toEqual(malformed.map(() => undefined));
  expect(malformed.some((test) => test.passedCases > 0 && test.passedCases < test.totalCases && test.score > 0 && test.score < test.points)).toBe(true);
  expect(results.score).toBeGreaterThan(0);
  expect(results.score).toBeLessThan(results.maxScore);
});

test('a file that does not compile fails its tests with the error located, and nothing runs', async () => {
  const results = await grade(submission('type-error', "import { Walker } from '../../reference/paging/walker';\nexport const walker: Walker = { walk: () => 42 };\n"));
  expect(results.score).toBe(0);
  expect(results.compile).toEqual([expect.objectContaining({ component: 'walker', reason: 'does-not-compile' })]);
  expect(results.compile[0].problems[0]).toEqual(expect.objectContaining({ file: 'starter/src/walker.ts', line: 2 }));
  expect(results.tests.every((test) => test.failure?.kind === 'not-run')).toBe(true);
});

test('results.json is Gradescope-shaped and the report escapes what the student wrote', async () => {
  const hostile = submission('hostile', "import { Walker } from '../../reference/paging/walker';\nexport const walker: Walker = { walk() { throw new Error('<script>alert(1)</script>\"><img src=x onerror=alert(2)>'); } };\n");
  const out = path.join(scratch, 'out', 'hostile');
  await gradeToFolder({ assignmentDir: WALK, submission: hostile, out, afterDueDate: false });
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  expect(results.score).toBe(0);
  expect(results.tests.length).toBe(assignment.suites.reduce((sum, suite) => sum + suite.document.tests.length, 0));
  for (const test of results.tests) {
    expect(test).toEqual(expect.objectContaining({ score: expect.any(Number), max_score: expect.any(Number), status: 'failed', output: expect.any(String) }));
  }
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  expect(html).not.toMatch(/<script>alert|<img src=x/);
  expect(html).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});
