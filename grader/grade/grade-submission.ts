import * as path from 'path';
import { describeProbe } from '../../reference/observe/describe-probe';
import { Difference } from '../../reference/observe/difference';
import { judgeTest } from '../../reference/observe/judge-test';
import { ExpandedTest } from '../../reference/observe/test-case';
import { Visibility } from '../assignment/manifest-types';
import { SubmissionCompiler } from '../compile/compile-submission';
import { failurePicture } from '../report/pictures/failure-picture';
import { CompileReport, SubmissionResults, TestResult } from '../results/submission-results';
import { TestRun, runSandbox } from '../sandbox/run-sandbox';
import { ExpectedObservations } from './expected-observations';

export interface GradeRequest {
  /** Compiles over the assignment's handout; kept across a batch, so what submissions share is done once. */
  readonly compiler: SubmissionCompiler;
  readonly submissionDir: string;
  readonly student: string;
  /**
   * The tests to run: every suite's (assignmentTests), or a handout's public
   * suite (goldenTests) under its public manifest. Scores are out of the
   * manifest's parts, which these tests' points add up to.
   */
  readonly tests: readonly GradedTest[];
  /** The student seed the generated tests were made with, recorded in the results; omitted: the suites' own seeds. */
  readonly studentSeed?: number;
  /** A scratch folder of this grading's own: the compiled submission goes there. */
  readonly workDir: string;
  /** The reference's observations of the tests' cases. */
  readonly reference: ExpectedObservations;
}

/** A test to grade, with who may see it in full. */
export type GradedTest = ExpandedTest & { readonly visibility: Visibility };

/**
 * Grade one submission: compile it, run the tests of its working components
 * in the sandbox (which returns observations, nothing else), judge each case
 * against the reference's observation here, and add up the points.
 */
export async function gradeSubmission(request: GradeRequest): Promise<SubmissionResults> {
  const started = Date.now();
  const { compiler, reference, tests } = request;
  const { assignment } = compiler;
  const compiled = compiler.compile(request.submissionDir, path.join(request.workDir, 'build'));
  const runnable = tests.filter((test) => !compiled.brokenComponents.has(test.component));
  const sandbox = await runSandbox({
    root: compiled.root,
    componentsModule: compiled.componentsModule,
    sharedFolders: compiled.sharedFolders,
    tests: runnable.map((test) => ({ id: test.id, probes: test.probes })),
    limits: assignment.manifest.limits,
  });
  const runs = new Map(sandbox.runs.map((run) => [run.id, run]));

  const results = tests.map((test) => {
    const broken = compiled.brokenComponents.get(test.component);
    if (broken !== undefined) {
      const reason = broken.reason === 'missing' ? `Not run: the file of ${test.component} is missing from the submission.` : `Not run: ${test.component} does not compile.`;
      return testResult(test, 0, 0, { kind: 'not-run', reason });
    }
    return judgeRun(test, runs.get(test.id), reference);
  });

  const compile: CompileReport[] = [...compiled.brokenComponents].map(([component, broken]) => ({ component, reason: broken.reason, problems: broken.problems }));
  const parts = assignment.manifest.parts.map((part) => ({
    id: part.id,
    title: part.title,
    points: part.points,
    score: results.filter((result) => result.part === part.id).reduce((sum, result) => sum + result.score, 0),
  }));
  return {
    assignment: { id: assignment.manifest.id, title: assignment.manifest.title },
    student: request.student,
    ...(request.studentSeed === undefined ? {} : { seed: request.studentSeed }),
    score: results.reduce((sum, result) => sum + result.score, 0),
    maxScore: assignment.manifest.parts.reduce((sum, part) => sum + part.points, 0),
    parts,
    tests: results,
    compile,
    extraFiles: compiled.extraFiles,
    output: { stdout: sandbox.stdout, stderr: sandbox.stderr, truncated: sandbox.truncated },
    seconds: (Date.now() - started) / 1000,
    ...(sandbox.peakRssMiB === undefined ? {} : { peakRssMiB: Math.round(sandbox.peakRssMiB * 10) / 10 }),
    gradedAt: new Date().toISOString(),
  };
}

function judgeRun(test: GradedTest, run: TestRun | undefined, reference: ExpectedObservations): TestResult {
  if (run === undefined) return testResult(test, 0, 0, { kind: 'sandbox', status: 'protocol', reason: 'the sandbox returned no result for this test' });
  if (run.status !== 'ok') return testResult(test, 0, 0, { kind: 'sandbox', status: run.status, reason: run.reason });
  const expected = reference.of(test);
  if (run.observations.length !== expected.length) {
    return testResult(test, 0, 0, { kind: 'sandbox', status: 'protocol', reason: `the sandbox returned ${run.observations.length} observations for ${expected.length} cases` });
  }
  const judgement = judgeTest(test.check, test.points, expected.map((observation, index) => ({ expected: observation, got: run.observations[index] })));
  if (judgement.firstFailure === null) return testResult(test, judgement.score, judgement.passedCases);
  const { caseIndex, difference } = judgement.firstFailure;
  const probe = test.probes[caseIndex];
  // A hidden test's input and expected values never reach a student, so its picture is not even kept.
  const picture = test.visibility === 'hidden' ? undefined : failurePicture({ probe, check: test.check, expected: expected[caseIndex], got: run.observations[caseIndex], difference });
  return testResult(test, judgement.score, judgement.passedCases, {
    kind: 'difference',
    caseIndex,
    caseSummary: describeProbe(probe),
    difference: capDifference(difference),
    ...(picture === undefined ? {} : { picture }),
  });
}

function testResult(test: GradedTest, score: number, passedCases: number, failure?: TestResult['failure']): TestResult {
  return {
    id: test.id,
    title: test.title,
    suite: test.suite,
    visibility: test.visibility,
    component: test.component,
    part: test.part,
    category: test.category,
    ...(test.hint === undefined ? {} : { hint: test.hint }),
    check: test.check,
    points: test.points,
    score,
    passedCases,
    totalCases: test.probes.length,
    ...(test.seed === undefined ? {} : { seed: test.seed }),
    ...(failure === undefined ? {} : { failure }),
  };
}

/** Longest text kept from a difference: its `got` side comes from the student's process and may be anything. */
const MAX_DIFFERENCE_TEXT = 2000;

function capDifference(difference: Difference): Difference {
  const cap = (text: string) => (text.length > MAX_DIFFERENCE_TEXT ? `${text.slice(0, MAX_DIFFERENCE_TEXT)} […]` : text);
  return { ...difference, where: cap(difference.where), field: cap(difference.field), expected: cap(difference.expected), got: cap(difference.got), message: cap(difference.message) };
}
