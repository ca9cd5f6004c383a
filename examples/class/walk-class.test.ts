import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { batchProgress } from '../../grader/batch/batch-progress';
import { gradeBatch } from '../../grader/batch/grade-batch';
import { readGradedResults } from '../../grader/results/read-graded-results';
import { SubmissionResults, TestResult } from '../../grader/results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';

/**
 * The bundled example class (examples/class/walk/) graded the way its README
 * grades it, student by student against the answer key in that README: the
 * key-quality walker earns every point, the unfinished one and the one that
 * does not compile earn none and say why, and each walker with one mistake
 * loses its points where the mistake is and shows, in its first failing test,
 * the step that gives it away.
 */

const CLASS = path.join(vmlabRoot(), 'examples', 'class', 'walk');
const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
const STUDENT_FILE = path.join('starter', 'src', 'walker.ts');

/** A difference as the report prints it: `at WHERE, FIELD: expected ... got ...`. */
interface Step {
  readonly test: string;
  readonly at: RegExp;
  readonly expected?: RegExp;
  readonly got?: RegExp;
}

/** A student with one mistake, as the answer key in examples/class/walk/README.md has it. */
interface OneMistake {
  readonly student: string;
  /** The part that loses the most points, and at least half of all the points lost. */
  readonly loses: string;
  /** Parts that keep every point. */
  readonly keeps: readonly string[];
  /** The first failing test in the report, and where its first failing case departs from the reference. */
  readonly first: Step;
  /** The hidden test aimed at this mistake, and its first difference. */
  readonly caughtBy: Step;
  /** What the first difference of every failing test says: this mistake, and no other. */
  readonly everyDifference: Omit<Step, 'test'>;
}

const ONE_MISTAKE: readonly OneMistake[] = [
  {
    student: 'chen',
    loses: 'permissions',
    keeps: ['tlb'],
    first: { test: 'walk.public.user-needs-us-everywhere', at: /^outcome, fault$/, expected: /^a protection fault at level 1$/, got: /^a translation/ },
    caughtBy: { test: 'walk.permissions.rights-over-levels', at: /^outcome, (rights|fault)$/ },
    // The leaf's US alone also decides which pages SMEP, SMAP and keys guard: a page made supervisor above the leaf is refused.
    everyDifference: { at: /^outcome, (fault|rights)$/, expected: /^(a protection fault at level \d|a translation to 0x[0-9a-f]+ by the \w+ \(level \d\)|r[-w][-x][su])$/ },
  },
  {
    student: 'dana',
    loses: 'translation',
    keeps: ['tlb'],
    first: { test: 'walk.public.worked-vector-2m', at: /^outcome, translated address$/, expected: /^0x40167abc$/, got: /^0x40000abc$/ },
    caughtBy: { test: 'walk.translation.large-pages', at: /^outcome, translated address$/ },
    everyDifference: { at: /^outcome, translated address$/ },
  },
  {
    student: 'emeka',
    loses: 'tlb',
    keeps: [],
    first: { test: 'walk.public.accessed-bits', at: /^A\/D writes, accessed\/dirty bits$/, expected: /0x20 into 0x4b38$/, got: /0x60 into 0x4b38$/ },
    caughtBy: { test: 'walk.tlb.accessed-then-dirty', at: /^event 4: inspect 0x7f0000000000 .*, what the guest saw$/, expected: /not dirty/, got: /accessed, dirty/ },
    everyDifference: { at: /^(A\/D writes, accessed\/dirty bits|(after )?event \d+: .*)$/ },
  },
  {
    student: 'farah',
    loses: 'permissions',
    keeps: ['malformed', 'accessed-dirty', 'tlb'],
    first: { test: 'walk.public.write-protect', at: /^outcome, fault$/, expected: /^a translation/, got: /^a protection fault at level 1$/ },
    caughtBy: { test: 'walk.permissions.write-protect', at: /^outcome, fault$/, expected: /^a translation/, got: /^a protection fault/ },
    everyDifference: { at: /^outcome, fault$/, expected: /^a translation/, got: /^a protection fault/ },
  },
  {
    student: 'goran',
    loses: 'malformed',
    keeps: ['translation', 'permissions', 'accessed-dirty', 'tlb'],
    first: { test: 'walk.public.non-canonical', at: /^outcome, fault$/, expected: /^a non-canonical fault$/, got: /^a not-present fault at level 4$/ },
    caughtBy: { test: 'walk.malformed.canonical', at: /^outcome, fault$/, expected: /^a non-canonical fault$/ },
    everyDifference: { at: /^outcome, fault$/, expected: /^a non-canonical fault$/ },
  },
  {
    student: 'hana',
    loses: 'translation',
    keeps: ['permissions', 'accessed-dirty', 'tlb'],
    first: { test: 'walk.public.five-level', at: /^step 1: the PML5E \(level 5\), level$/, expected: /^5$/, got: /^4$/ },
    caughtBy: { test: 'walk.translation.random-5-level', at: /^step 1: the PML5E \(level 5\), level$/, expected: /^5$/, got: /^4$/ },
    // Where the 5-level walk's first read fails, the walk should stop at once with access-failed at level 5: hana reads on, at the PML4E's address, and ends elsewhere.
    everyDifference: { at: /^(step 1: the PML5E \(level 5\), level|outcome, fault)$/, expected: /^(5|an access-failed fault at level 5)$/, got: /^(4|a .* at level [1-4]|a translation to 0x[0-9a-f]+ by the \w+ \(level [1-4]\))$/ },
  },
];

let scratch: string;
let out: string;
/** Each student's results as the batch wrote them; undefined for a student it could not grade. */
let graded: Map<string, SubmissionResults | undefined>;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-example-class-'));
  out = path.join(scratch, 'out');
  const outcome = await gradeBatch({
    assignmentDir: WALK,
    submissionsDir: CLASS,
    out,
    jobs: 2,
    force: true,
    afterDueDate: false,
    progress: (total) => batchProgress({ write: () => true }, total),
  });
  expect(outcome.failed).toEqual([]);
  graded = new Map(studentFolders().map((student) => [student, readGradedResults(path.join(out, student))]));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function studentFolders(): string[] {
  return readdirSync(CLASS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function resultsOf(student: string): SubmissionResults {
  const results = graded.get(student);
  if (results === undefined) throw new Error(`${student} was not graded`);
  return results;
}

const failed = (results: SubmissionResults) => results.tests.filter((test) => test.failure !== undefined);
const lostIn = (results: SubmissionResults) => Object.fromEntries(results.parts.map((part) => [part.id, part.points - part.score]));

/** Fails the jest test unless `test` failed on a difference that matches `step` (named by the test's id). */
function expectDifference(test: TestResult | undefined, step: Omit<Step, 'test'>): void {
  const failure = test?.failure;
  const difference = failure?.kind === 'difference' ? failure.difference : undefined;
  const seen = { test: test?.id, at: difference && `${difference.where}, ${difference.field}`, expected: difference?.expected, got: difference?.got };
  expect(seen).toEqual({
    test: test?.id,
    at: expect.stringMatching(step.at),
    expected: step.expected === undefined ? seen.expected : expect.stringMatching(step.expected),
    got: step.got === undefined ? seen.got : expect.stringMatching(step.got),
  });
}

function expectStep(test: TestResult | undefined, step: Step): void {
  expect(test?.id).toBe(step.test);
  expectDifference(test, step);
}

/** The part of a student's report.html that explains a failed test (its anchor is its place among the tests). */
function reportSection(student: string, test: TestResult): string {
  const html = readFileSync(path.join(out, student, 'report.html'), 'utf8');
  const start = html.indexOf(`<section class="failure" aria-labelledby="test-${resultsOf(student).tests.indexOf(test) + 1}">`);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

test('every student in the folder is in the answer key', () => {
  expect(studentFolders()).toEqual(['ada', 'bruno', ...ONE_MISTAKE.map((row) => row.student), 'ivan'].sort());
});

test('ada, the key-quality walker, earns every point', () => {
  const results = resultsOf('ada');
  expect(failed(results).map((test) => test.id)).toEqual([]);
  expect(results.score).toBeCloseTo(100);
  expect(results.maxScore).toBe(100);
});

test('bruno, still throwing "not implemented", scores 0 and every test says so', () => {
  const results = resultsOf('bruno');
  expect(results.score).toBe(0);
  expect(results.compile).toEqual([]);
  for (const test of results.tests) expectDifference(test, { at: /^(your component, exception|event \d+: .+, the event)$/, got: /not implemented: walker/ });
});

test('ivan, whose file does not compile, scores 0 with the error at its file and line, and nothing runs', () => {
  const results = resultsOf('ivan');
  expect(results.score).toBe(0);
  const source = readFileSync(path.join(CLASS, 'ivan', STUDENT_FILE), 'utf8').split('\n');
  const line = source.findIndex((text) => text.includes('pageSize: PAGE_BYTES[level]')) + 1;
  expect(line).toBeGreaterThan(0);
  expect(results.compile).toEqual([
    {
      component: 'walker',
      reason: 'does-not-compile',
      problems: [expect.objectContaining({ file: 'starter/src/walker.ts', line, message: "Type 'number' is not assignable to type 'bigint'.", sourceLine: source[line - 1] })],
    },
  ]);
  expect(results.tests.every((test) => test.failure?.kind === 'not-run')).toBe(true);
});

describe('each student with one mistake loses points where the mistake is, and the report names the step', () => {
  it.each(ONE_MISTAKE.map((row) => [row.student, row] as const))('%s', (student, row) => {
    const results = resultsOf(student);
    expect(results.compile).toEqual([]);
    const lost = lostIn(results);
    const totalLost = results.maxScore - results.score;
    expect(totalLost).toBeGreaterThan(0);
    const most = Object.entries(lost).sort(([, a], [, b]) => b - a)[0][0];
    expect({ most, share: lost[row.loses] / totalLost >= 0.5 }).toEqual({ most: row.loses, share: true });
    expect(Object.fromEntries(row.keeps.map((part) => [part, lost[part]]))).toEqual(Object.fromEntries(row.keeps.map((part) => [part, 0])));

    for (const test of failed(results)) expectDifference(test, row.everyDifference);
    expectStep(failed(results)[0], row.first);
    // The report draws that step, marked, beside the words.
    const section = reportSection(student, failed(results)[0]);
    expect(section).toContain('<strong class="marker">First difference</strong>');
    expect(section).toContain('<caption>The walk of 0x');
    expectStep(
      results.tests.find((test) => test.id === row.caughtBy.test),
      row.caughtBy,
    );
  });
});
