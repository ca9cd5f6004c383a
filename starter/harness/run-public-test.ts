import { diagnosisLines } from '../../assignments/framework/diagnosis-lines';
import { Diagnosis } from '../../assignments/framework/misconception';
import { describeProbe } from '../../observe/describe-probe';
import { CheckKind, Difference } from '../../observe/difference';
import { formatDifference } from '../../observe/format-difference';
import { ALL_OR_NOTHING_NOTE, judgeTest } from '../../observe/judge-test';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { GoldenTest } from '../../observe/test-case';
import { IsolatedRunner } from './isolated-runner';

/** The first failing case of a test, as judged: what a report draws its picture from. */
export interface JudgedFailure {
  readonly probe: Probe;
  readonly check: CheckKind;
  readonly expected: Observation;
  readonly got: Observation;
  readonly difference: Difference;
}

/** More words on a failing case of a test (the report's drawing, as text; a smaller case), or undefined when there are none. */
export type ExplainFailure = (failure: JudgedFailure, test: GoldenTest) => string | undefined | Promise<string | undefined>;

/** The diagnosis of a test's failing case (the rule it breaks, the misconception), as the grader makes it; undefined when there is none. */
export type DiagnoseFailure = (failure: JudgedFailure, test: GoldenTest) => Diagnosis | undefined;

/**
 * Run one public test on the student's components and say what went wrong,
 * in plain words: how many cases passed and, for the first failing one, which
 * case it is and the first step where it departs from the reference, the
 * rule it breaks and the likely misconception (as the report says them),
 * then whatever `explain` adds. A test whose code hung, ran out of memory or
 * ended its thread says so instead. Returns null when every case passes.
 */
export async function runPublicTest(test: GoldenTest, runner: Pick<IsolatedRunner, 'run'>, explain: ExplainFailure = () => undefined, diagnose: DiagnoseFailure = () => undefined): Promise<string | null> {
  const heading = `${test.title} [${test.id}]`;
  const outcome = await runner.run(test.cases.map(({ probe }) => probe));
  if (outcome.kind === 'stopped') return withHint(test, [`${heading}: ${outcome.reason}`]);

  const cases = test.cases.map(({ expected }, index) => ({ expected, got: outcome.observations[index] }));
  const judgement = judgeTest(test.check, test.points, cases, test.scoring);
  if (judgement.firstFailure === null) return null;
  const { caseIndex, difference } = judgement.firstFailure;
  const { probe, expected } = test.cases[caseIndex];
  const lines = [
    `${heading}: ${judgement.passedCases} of ${judgement.totalCases} cases pass (${judgement.score.toFixed(2)} of ${pointsText(test.points)}).`,
    ...(test.scoring === 'all-or-nothing' ? [ALL_OR_NOTHING_NOTE] : []),
    `First failing case (#${caseIndex + 1}): ${describeProbe(probe)}`,
    formatDifference(difference),
  ];
  const got = outcome.observations[caseIndex];
  const failure = got === undefined ? undefined : { probe, check: test.check, expected, got, difference };
  const diagnosis = failure === undefined ? undefined : diagnose(failure, test);
  if (diagnosis !== undefined) lines.push(...diagnosisLines(diagnosis));
  const more = failure === undefined ? undefined : await explain(failure, test);
  if (more !== undefined) lines.push('', more);
  return withHint(test, lines);
}

function withHint(test: GoldenTest, lines: string[]): string {
  if (test.hint !== undefined) lines.push(`About this test: ${test.hint}`);
  return lines.join('\n');
}

/** "1 point", "2.5 points". */
export function pointsText(points: number): string {
  return `${points} point${points === 1 ? '' : 's'}`;
}
