import { Visibility } from '../../assignments/framework/manifest-types';
import { diagnosisOf } from '../results/submission-misconceptions';
import { CompileReport, SubmissionResults, TestResult } from '../results/submission-results';
import { SandboxFailure } from '../sandbox/sandbox-types';
import { Description, PercentageBin, binPercentages, describe, mean } from './descriptive-statistics';
import { compareText, rankByScore } from '../results/class-order';

export { rankByScore };

export const HISTOGRAM_BINS = 10;
/** How many tests the "hardest tests" list holds at most. */
export const HARDEST_TESTS = 5;

/** What kept a submission's tests from being judged: a compile report's reason, or why the sandbox stopped a test. */
export type ProblemKind = CompileReport['reason'] | SandboxFailure;

/** Every kind, in the order the summary lists them: the submission's files first, then the sandbox's limits. */
export const PROBLEM_KINDS: readonly ProblemKind[] = ['missing', 'does-not-compile', 'timeout', 'submission-timeout', 'memory', 'crashed', 'exited', 'protocol'];

export interface PartStatistics {
  readonly id: string;
  readonly title: string;
  readonly points: number;
  /** Students graded on this part. */
  readonly students: number;
  readonly meanScore: number;
}

/** One test across the class; a test counts as passed when every one of its cases passed. */
export interface TestStatistics {
  readonly id: string;
  readonly title: string;
  readonly part: string;
  readonly category: string;
  readonly visibility: Visibility;
  readonly points: number;
  /** Students graded on this test. */
  readonly students: number;
  readonly passed: number;
  /** passed / students. */
  readonly passRate: number;
  /** The mean over students of the share of the test's cases they passed. */
  readonly meanCaseShare: number;
}

/** The tests of one category across the class, counted by (student, test) runs. */
export interface CategoryStatistics {
  readonly category: string;
  readonly tests: number;
  readonly runs: number;
  readonly passedRuns: number;
  readonly passRate: number;
  readonly meanCaseShare: number;
}

/** A misconception across the class: the students whose failed tests show it (the grader's diagnosis), and how many tests. */
export interface MisconceptionStatistics {
  readonly id: string;
  readonly title: string;
  readonly ruleTitle: string;
  readonly students: number;
  /** Failed (student, test) runs diagnosed with it. */
  readonly tests: number;
}

/** How many students, and how many of their tests, a problem kind touched. */
export interface ProblemCount {
  /** A ProblemKind, or a sandbox status this version does not know (results written by another version of vmlab). */
  readonly kind: string;
  readonly students: number;
  readonly tests: number;
}

export interface ClassStatistics {
  readonly graded: number;
  /** Scores in points; undefined when nobody is graded. */
  readonly points: Description | undefined;
  /** Scores in % of each student's maximum; undefined when nobody is graded. */
  readonly percentages: Description | undefined;
  /** The distinct maximum scores, ascending: one value unless results come from different versions of the suites. */
  readonly maxScores: readonly number[];
  readonly histogram: readonly PercentageBin[];
  readonly parts: readonly PartStatistics[];
  readonly tests: readonly TestStatistics[];
  readonly categories: readonly CategoryStatistics[];
  /** Tests not every student passed, lowest pass rate first (then lowest share of cases, then id); at most HARDEST_TESTS. */
  readonly hardest: readonly TestStatistics[];
  /** The misconceptions the diagnoses name, most students first (then most tests, then first met); none from results without diagnoses. */
  readonly misconceptions: readonly MisconceptionStatistics[];
  /** Every ProblemKind (zero or not), then any unknown kind met. */
  readonly problems: readonly ProblemCount[];
  /** Students with at least one problem of any kind. */
  readonly studentsWithProblems: number;
  /** Sandbox fences some students' children ran without (SubmissionResults.missingFences), with how many students each. */
  readonly missingFences: ReadonlyArray<{ readonly fence: string; readonly students: number }>;
}

/** The class's figures, drawn from every graded student's results. Parts, tests and categories keep the order they are first met in. */
export function classStatistics(students: readonly SubmissionResults[]): ClassStatistics {
  const percentages = students.map(percentageOf);
  const tests = testStatistics(students);
  const { problems, studentsWithProblems } = problemCounts(students);
  return {
    graded: students.length,
    points: describe(students.map((student) => student.score)),
    percentages: describe(percentages),
    maxScores: [...new Set(students.map((student) => student.maxScore))].sort((a, b) => a - b),
    histogram: binPercentages(percentages, HISTOGRAM_BINS),
    parts: partStatistics(students),
    tests,
    categories: categoryStatistics(students),
    hardest: tests
      .filter((test) => test.passRate < 1)
      .sort((a, b) => a.passRate - b.passRate || a.meanCaseShare - b.meanCaseShare || compareText(a.id, b.id))
      .slice(0, HARDEST_TESTS),
    misconceptions: misconceptionStatistics(students),
    problems,
    studentsWithProblems,
    missingFences: missingFenceCounts(students),
  };
}

function missingFenceCounts(students: readonly SubmissionResults[]): Array<{ fence: string; students: number }> {
  const counts = new Map<string, number>();
  for (const student of students) for (const fence of new Set(student.missingFences ?? [])) counts.set(fence, (counts.get(fence) ?? 0) + 1);
  return [...counts].map(([fence, count]) => ({ fence, students: count }));
}

/** A student's score in % of their maximum (0 when the maximum is 0: there was nothing to earn). */
export function percentageOf(results: Pick<SubmissionResults, 'score' | 'maxScore'>): number {
  return results.maxScore === 0 ? 0 : (results.score * 100) / results.maxScore;
}

function partStatistics(students: readonly SubmissionResults[]): PartStatistics[] {
  const parts = groupInOrder(students.flatMap((student) => student.parts), (part) => part.id);
  return [...parts.values()].map((results) => ({
    id: results[0].id,
    title: results[0].title,
    points: results[0].points,
    students: results.length,
    meanScore: mean(results.map((part) => part.score)),
  }));
}

function testStatistics(students: readonly SubmissionResults[]): TestStatistics[] {
  const tests = groupInOrder(students.flatMap((student) => student.tests), (test) => test.id);
  return [...tests.values()].map((results) => {
    const { id, title, part, category, visibility, points } = results[0];
    const passed = results.filter(passedInFull).length;
    return { id, title, part, category, visibility, points, students: results.length, passed, passRate: passed / results.length, meanCaseShare: mean(results.map(caseShare)) };
  });
}

function categoryStatistics(students: readonly SubmissionResults[]): CategoryStatistics[] {
  const categories = groupInOrder(students.flatMap((student) => student.tests), (test) => test.category);
  return [...categories.entries()].map(([category, runs]) => {
    const passedRuns = runs.filter(passedInFull).length;
    return { category, tests: new Set(runs.map((test) => test.id)).size, runs: runs.length, passedRuns, passRate: passedRuns / runs.length, meanCaseShare: mean(runs.map(caseShare)) };
  });
}

function misconceptionStatistics(students: readonly SubmissionResults[]): MisconceptionStatistics[] {
  const byId = new Map<string, { id: string; title: string; ruleTitle: string; students: Set<number>; tests: number; order: number }>();
  students.forEach((student, index) => {
    for (const test of student.tests) {
      const diagnosis = diagnosisOf(test);
      const misconception = diagnosis?.misconception;
      if (diagnosis === undefined || misconception === undefined) continue;
      let entry = byId.get(misconception.id);
      if (entry === undefined) {
        entry = { id: misconception.id, title: misconception.title, ruleTitle: diagnosis.ruleTitle, students: new Set(), tests: 0, order: byId.size };
        byId.set(misconception.id, entry);
      }
      entry.students.add(index);
      entry.tests += 1;
    }
  });
  return [...byId.values()]
    .sort((a, b) => b.students.size - a.students.size || b.tests - a.tests || a.order - b.order)
    .map(({ id, title, ruleTitle, students: showing, tests }) => ({ id, title, ruleTitle, students: showing.size, tests }));
}

/**
 * Per kind, the students it touched and how many of their tests: a compile
 * report counts the tests of its component that were not run; a sandbox
 * status counts the tests it stopped.
 */
function problemCounts(students: readonly SubmissionResults[]): { problems: ProblemCount[]; studentsWithProblems: number } {
  const counts = new Map<string, { students: number; tests: number }>(PROBLEM_KINDS.map((kind) => [kind, { students: 0, tests: 0 }]));
  let studentsWithProblems = 0;
  for (const student of students) {
    const testsByKind = new Map<string, number>();
    for (const report of student.compile) {
      const notRun = student.tests.filter((test) => test.component === report.component && test.failure?.kind === 'not-run').length;
      testsByKind.set(report.reason, (testsByKind.get(report.reason) ?? 0) + notRun);
    }
    for (const test of student.tests) {
      if (test.failure?.kind === 'sandbox') testsByKind.set(test.failure.status, (testsByKind.get(test.failure.status) ?? 0) + 1);
    }
    for (const [kind, tests] of testsByKind) {
      const count = counts.get(kind) ?? { students: 0, tests: 0 };
      counts.set(kind, { students: count.students + 1, tests: count.tests + tests });
    }
    if (testsByKind.size > 0) studentsWithProblems += 1;
  }
  return { problems: [...counts].map(([kind, count]) => ({ kind, ...count })), studentsWithProblems };
}

function passedInFull(test: TestResult): boolean {
  return test.failure === undefined;
}

/** The share of a test's cases passed; a test without cases counts as all passed or none, by its verdict. */
function caseShare(test: TestResult): number {
  if (test.totalCases === 0) return passedInFull(test) ? 1 : 0;
  return test.passedCases / test.totalCases;
}

/** Items grouped by key, groups in the order their first item comes. */
function groupInOrder<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
