import { mkdirSync } from 'fs';
import * as path from 'path';
import { describeProbe } from '../../reference/observe/describe-probe';
import { Difference } from '../../reference/observe/difference';
import { judgeTest } from '../../reference/observe/judge-test';
import { Observation } from '../../reference/observe/observation';
import { ExpandedTest } from '../../reference/observe/test-case';
import { Visibility } from '../assignment/manifest-types';
import { COMPILED_COMPONENTS_MODULE, CompiledSubmission, SubmissionCompiler } from '../compile/compile-submission';
import { failurePicture } from '../report/pictures/failure-picture';
import { CompileReport, SubmissionResults, TestResult } from '../results/submission-results';
import { Sandbox, SandboxResult, TestRun } from '../sandbox/run-sandbox';
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
  const { tests } = request;
  const { assignment } = request.compiler;
  const { compiled, expected, sandbox } = await compileAndRun(request, tests);
  const runs = new Map(sandbox.runs.map((run) => [run.id, run]));

  const results = tests.map((test) => {
    const broken = compiled.brokenComponents.get(test.component);
    if (broken !== undefined) {
      const reason = broken.reason === 'missing' ? `Not run: the file of ${test.component} is missing from the submission.` : `Not run: ${test.component} does not compile.`;
      return testResult(test, 0, 0, { kind: 'not-run', reason });
    }
    return judgeRun(test, runs.get(test.id), expected.get(test.id)!);
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

/**
 * Compile the submission and run the tests of its working components in the
 * sandbox. The sandbox's first child starts first, so its start-up (and its
 * loading of the substrate, when an earlier build wrote it) overlaps the
 * compile into its still empty build folder.
 */
async function compileAndRun(request: GradeRequest, tests: readonly GradedTest[]): Promise<{ compiled: CompiledSubmission; expected: ReadonlyMap<string, readonly Observation[]>; sandbox: SandboxResult }> {
  const { compiler, reference } = request;
  const buildDir = path.join(request.workDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  const sandbox = Sandbox.start({
    root: buildDir,
    componentsModule: COMPILED_COMPONENTS_MODULE,
    sharedFolders: compiler.sharedFolders(),
    preloadFrom: compiler.writtenSubstrate(),
    limits: compiler.assignment.manifest.limits,
  });
  try {
    const compiled = await compiler.compile(request.submissionDir, buildDir);
    const runnable = tests.filter((test) => !compiled.brokenComponents.has(test.component));
    // The expected observations go first: the reference checks each probe's scenario as it runs it (and a
    // handout's goldens were recorded by it), so the child, which resolves scenarios without checking them
    // (sandbox-child.js), only ever runs probes checked already.
    const expected = new Map(runnable.map((test) => [test.id, reference.of(test)]));
    return { compiled, expected, sandbox: await sandbox.run(runnable.map((test) => ({ id: test.id, probes: test.probes }))) };
  } finally {
    await sandbox.dispose();
  }
}

function judgeRun(test: GradedTest, run: TestRun | undefined, expected: readonly Observation[]): TestResult {
  if (run === undefined) return testResult(test, 0, 0, { kind: 'sandbox', status: 'protocol', reason: 'the sandbox returned no result for this test' });
  if (run.status !== 'ok') return testResult(test, 0, 0, { kind: 'sandbox', status: run.status, reason: run.reason });
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
