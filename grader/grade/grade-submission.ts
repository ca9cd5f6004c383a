import { mkdirSync } from 'fs';
import * as path from 'path';
import { describeProbe } from '../../observe/describe-probe';
import { Difference } from '../../observe/difference';
import { DEFAULT_SCORING, JudgedCase, judgeTest } from '../../observe/judge-test';
import { Observation } from '../../observe/observation';
import { ExpandedTest } from '../../observe/test-case';
import { AssignmentManifest, Visibility } from '../../assignments/framework/manifest-types';
import { providedByStudent } from '../../assignments/framework/provided-components';
import { diagnoseCase, DiagnosisCatalogue } from '../../assignments/framework/diagnose';
import { Misconception } from '../../assignments/framework/misconception';
import { misconceptionsOf } from '../../assignments/framework/misconceptions';
import { COMPILED_COMPONENTS_MODULE, CompiledSubmission, SubmissionCompiler } from '../compile/compile-submission';
import { failurePicture } from '../report/pictures/failure-picture';
import { CompileReport, ShrunkFailure, SubmissionResults, TestResult } from '../results/submission-results';
import { TestFigures } from '../results/test-figures';
import { SandboxPlace, TestRun } from '../sandbox/run-sandbox';
import { CaseToShrink, ShrinkCatalogue, shrinkFailures } from './shrink-failures';
import { ExpectedObservations } from './expected-observations';
import { machineFigures } from './machine-figures';
import { malformedDifference, parseObservation } from './parse-observation';
import { GroupedRuns, VisibilityGroups } from './run-by-visibility';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

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
  /** The misconceptions a failing case is diagnosed with; omitted: the assignment's catalogue (assignments/<id>/misconceptions). */
  readonly misconceptions?: readonly Misconception[];
  /**
   * Shrink each failing visible test's first failing case on the student's
   * code (shrink-failures.ts), keyed by this catalogue's diagnoses; absent:
   * no shrinking. Scores are the same either way.
   */
  readonly shrink?: ShrinkCatalogue;
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
  const { compiled, expected, grouped, place } = await compileAndRun(request, tests);
  const { runs } = grouped;
  const diagnoser: DiagnosisCatalogue = { misconceptions: request.misconceptions ?? misconceptionsOf(assignment.manifest.id), rules: assignment.manifest.rules ?? [] };

  const judged = tests.map((test): JudgedRun => {
    const reason = notRunReason(test, compiled, assignment.manifest);
    if (reason !== undefined) return { result: testResult(test, 0, 0, { kind: 'not-run', reason }) };
    return judgeRun(test, runs.get(test.id), expected.get(test.id)!, diagnoser);
  });
  const toShrink = judged.flatMap((one) => (one.toShrink === undefined ? [] : [one.toShrink]));
  const shrunk = request.shrink === undefined || toShrink.length === 0 ? new Map<string, ShrunkFailure>() : await shrinkFailures(place, toShrink, request.shrink);
  const results = judged.map(({ result }) => withShrunk(result, shrunk.get(result.id)));

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
    output: grouped.output,
    seconds: (Date.now() - started) / 1000,
    ...(grouped.peakRssMiB === undefined ? {} : { peakRssMiB: Math.round(grouped.peakRssMiB * 10) / 10 }),
    ...(grouped.missingFences.length === 0 ? {} : { missingFences: grouped.missingFences }),
    gradedAt: new Date().toISOString(),
  };
}

/**
 * Compile the submission and run the tests of its working components in the
 * sandbox, one sandbox per visibility group (run-by-visibility.ts). The
 * groups' first children start first, so their start-up (and their loading
 * of the substrate, when an earlier build wrote it) overlaps the compile into
 * their still empty build folder.
 */
async function compileAndRun(
  request: GradeRequest,
  tests: readonly GradedTest[],
): Promise<{ compiled: CompiledSubmission; expected: ReadonlyMap<string, readonly Observation[]>; grouped: GroupedRuns; place: SandboxPlace }> {
  const { compiler, reference } = request;
  const place = buildPlace(compiler, request.workDir);
  mkdirSync(place.root, { recursive: true });
  const sandbox = VisibilityGroups.start(place, tests);
  try {
    const compiled = await compiler.compile(request.submissionDir, place.root);
    const runnable = tests.filter((test) => notRunReason(test, compiled, compiler.assignment.manifest) === undefined);
    // The expected observations go first: the reference checks each probe's scenario as it runs it (and a
    // handout's goldens were recorded by it), so the child, which resolves scenarios without checking them
    // (sandbox-child.js), only ever runs probes checked already.
    const expected = new Map(runnable.map((test) => [test.id, reference.of(test)]));
    return { compiled, expected, place, grouped: await sandbox.run(runnable.map((test) => ({ id: test.id, probes: test.probes, visibility: test.visibility }))) };
  } finally {
    await sandbox.dispose();
  }
}

/** Where a grading with scratch folder `workDir` compiles the submission, as the sandbox runs it: still there after gradeSubmission, until the caller removes workDir. */
export function buildPlace(compiler: SubmissionCompiler, workDir: string): SandboxPlace {
  return {
    root: path.join(workDir, 'build'),
    componentsModule: COMPILED_COMPONENTS_MODULE,
    sharedFolders: compiler.sharedFolders(),
    preloadFrom: compiler.writtenSubstrate(),
    limits: compiler.assignment.manifest.limits,
  };
}

/**
 * Why a test cannot run, if it cannot: its component's file is missing or
 * does not compile, or so is the file of an earlier component the student
 * provides (manifest providedFrom), which every test of the assignment runs on.
 */
function notRunReason(test: GradedTest, compiled: CompiledSubmission, manifest: AssignmentManifest): string | undefined {
  const broken = compiled.brokenComponents.get(test.component);
  if (broken !== undefined) return broken.reason === 'missing' ? `Not run: the file of ${test.component} is missing from the submission.` : `Not run: ${test.component} does not compile.`;
  for (const component of providedByStudent(manifest)) {
    const provided = compiled.brokenComponents.get(component);
    if (provided === undefined) continue;
    const { studentFile } = COMPONENT_REGISTRY[component];
    return `Not run: ${studentFile}, your ${component} from an earlier assignment, which this one runs, ${provided.reason === 'missing' ? 'is missing from the submission' : 'does not compile'}.`;
  }
  return undefined;
}

/** A test's result and, when it is a failing visible test with a judged case, that case to shrink. */
interface JudgedRun {
  readonly result: TestResult;
  readonly toShrink?: CaseToShrink;
}

function judgeRun(test: GradedTest, run: TestRun | undefined, expected: readonly Observation[], diagnoser: DiagnosisCatalogue): JudgedRun {
  if (run === undefined) return { result: testResult(test, 0, 0, { kind: 'sandbox', status: 'protocol', reason: 'the sandbox returned no result for this test' }) };
  if (run.status !== 'ok') return { result: testResult(test, 0, 0, { kind: 'sandbox', status: run.status, reason: run.reason }) };
  if (run.observations.length !== expected.length) {
    return { result: testResult(test, 0, 0, { kind: 'sandbox', status: 'protocol', reason: `the sandbox returned ${run.observations.length} observations for ${expected.length} cases` }) };
  }
  // What the child returned is parsed before anything reads it: a malformed observation fails its own case only.
  const parsed = expected.map((_, index) => parseObservation(test.probes[index].kind, run.observations[index]));
  const cases = expected.map((observation, index): JudgedCase => {
    const got = parsed[index];
    return got.ok ? { expected: observation, got: got.observation } : { expected: observation, malformed: malformedDifference(got.problem) };
  });
  const judgement = judgeTest(test.check, test.points, cases, test.scoring);
  // Like the picture, a hidden test's figures are not even kept: how a design fares on an input can hint at the input.
  const figures = test.visibility === 'hidden' ? undefined : machineFigures(test, expected, parsed);
  if (judgement.firstFailure === null) return { result: testResult(test, judgement.score, judgement.passedCases, undefined, figures) };
  const { caseIndex, difference } = judgement.firstFailure;
  const probe = test.probes[caseIndex];
  const got = parsed[caseIndex];
  // Kept for hidden tests too, as their difference is: the staff's pages draw it (grader/staff/); what a student
  // sees is decided in student-facing.ts, which never shows a hidden test's case. A malformed result has none.
  const picture = !got.ok ? undefined : failurePicture({ probe, check: test.check, expected: expected[caseIndex], got: got.observation, difference });
  // Hidden tests too: a diagnosis is the catalogue's and the manifest's words, nothing of the case. A malformed result has none.
  const diagnosis = got.ok
    ? diagnoseCase(diagnoser.misconceptions, diagnoser.rules, { probe, expected: expected[caseIndex], got: got.observation, difference, test: { id: test.id, component: test.component, rules: test.rules ?? [] } })
    : undefined;
  const result = testResult(test, judgement.score, judgement.passedCases, {
    kind: 'difference',
    caseIndex,
    caseSummary: describeProbe(probe),
    difference: capDifference(difference),
    ...(picture === undefined ? {} : { picture }),
    ...(diagnosis === undefined ? {} : { diagnosis }),
  }, figures);
  const shrinkable = test.visibility === 'visible' && got.ok;
  return { result, ...(shrinkable ? { toShrink: { test, probe, expected: expected[caseIndex], got: got.observation, difference } } : {}) };
}

/** The result with its failing case's shrunk form, when there is one; its score and verdict as they were. */
function withShrunk(result: TestResult, shrunk: ShrunkFailure | undefined): TestResult {
  if (shrunk === undefined || result.failure?.kind !== 'difference') return result;
  return { ...result, failure: { ...result.failure, shrunk: { ...shrunk, difference: capDifference(shrunk.difference) } } };
}

function testResult(test: GradedTest, score: number, passedCases: number, failure?: TestResult['failure'], figures?: TestFigures): TestResult {
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
    scoring: test.scoring ?? DEFAULT_SCORING,
    score,
    passedCases,
    totalCases: test.probes.length,
    ...(test.seed === undefined ? {} : { seed: test.seed }),
    ...(failure === undefined ? {} : { failure }),
    ...(figures === undefined ? {} : { figures }),
  };
}

/** Longest text kept from a difference: its `got` side comes from the student's process and may be anything. */
const MAX_DIFFERENCE_TEXT = 2000;

function capDifference(difference: Difference): Difference {
  const cap = (text: string) => (text.length > MAX_DIFFERENCE_TEXT ? `${text.slice(0, MAX_DIFFERENCE_TEXT)} […]` : text);
  return { ...difference, where: cap(difference.where), field: cap(difference.field), expected: cap(difference.expected), got: cap(difference.got), message: cap(difference.message) };
}
