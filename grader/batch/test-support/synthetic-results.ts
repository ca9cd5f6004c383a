import { ComponentName } from '../../../reference/components';
import { PartResult, SubmissionResults, TestFailure, TestResult } from '../../results/submission-results';

/**
 * Small SubmissionResults for the summary's tests: a test is described by
 * its cases passed, and its score, the parts' scores and the total follow
 * from them as the grader computes them (points × passed / cases).
 */

export interface SyntheticTest {
  readonly id: string;
  readonly part?: string;
  readonly category?: string;
  readonly points?: number;
  readonly passedCases: number;
  readonly totalCases: number;
  /** Default: a difference when a case failed, none when all passed. */
  readonly failure?: TestFailure;
  readonly title?: string;
}

export const SYNTHETIC_PARTS: readonly Omit<PartResult, 'score'>[] = [
  { id: 'translation', title: 'Translations', points: 6 },
  { id: 'permissions', title: 'Access rights', points: 4 },
];

type DifferenceFailure = Extract<TestFailure, { kind: 'difference' }>;

const A_DIFFERENCE: DifferenceFailure = {
  kind: 'difference',
  caseIndex: 0,
  caseSummary: 'user read of 0x1000',
  difference: { where: 'outcome', field: 'fault', expected: 'a translation', got: 'a fault', message: 'The access should have translated.' },
};

/** A difference whose first failing case the grader diagnosed with misconception `id` (of rule `rule-<id>`), in words marked by the id. */
export function diagnosedDifference(id: string, component: ComponentName = 'walker'): DifferenceFailure {
  return {
    ...A_DIFFERENCE,
    diagnosis: {
      rule: `rule-${id}`,
      ruleTitle: `RULE TITLE ${id}`,
      ruleSpec: `SPEC HEADING ${id}`,
      component,
      misconception: { id, title: `MISCONCEPTION ${id}`, explanation: `EXPLANATION ${id}.`, concept: `CONCEPT ${id}` },
    },
  };
}

export function syntheticTest(test: SyntheticTest): TestResult {
  const points = test.points ?? 2;
  const failure = test.failure ?? (test.passedCases === test.totalCases ? undefined : A_DIFFERENCE);
  return {
    id: test.id,
    title: test.title ?? `Test ${test.id}`,
    suite: 'hidden',
    visibility: 'hidden',
    component: 'walker',
    part: test.part ?? 'translation',
    category: test.category ?? 'translation',
    check: 'policy',
    points,
    score: test.totalCases === 0 ? 0 : (points * test.passedCases) / test.totalCases,
    passedCases: test.passedCases,
    totalCases: test.totalCases,
    ...(failure === undefined ? {} : { failure }),
  };
}

export function syntheticResults(student: string, tests: readonly SyntheticTest[], more: Partial<Pick<SubmissionResults, 'compile' | 'seed'>> = {}): SubmissionResults {
  const results = tests.map(syntheticTest);
  const sumOf = (of: readonly TestResult[]) => of.reduce((sum, test) => sum + test.score, 0);
  return {
    assignment: { id: 'walk', title: 'Walk' },
    student,
    score: sumOf(results),
    maxScore: SYNTHETIC_PARTS.reduce((sum, part) => sum + part.points, 0),
    parts: SYNTHETIC_PARTS.map((part) => ({ ...part, score: sumOf(results.filter((test) => test.part === part.id)) })),
    tests: results,
    compile: more.compile ?? [],
    extraFiles: [],
    output: {},
    seconds: 1,
    gradedAt: '2024-01-01T00:00:00.000Z',
    ...(more.seed === undefined ? {} : { seed: more.seed }),
  };
}

/**
 * Four students, out of 10 (translation 6, permissions 4), on three tests:
 * t1 (translation, 2 points), t2 (translation, category "large pages", 4
 * points) and t3 (permissions, category "rights", 4 points).
 *
 *           t1    t2    t3             score
 *   alice   4/4   4/4   1/1            10
 *   bob     4/4   2/4   0/1 timeout     4
 *   carol   2/4   0/4   1/1             5
 *   dave    walker does not compile     0
 */
export function fourStudents(): SubmissionResults[] {
  const timeout = { kind: 'sandbox', status: 'timeout', reason: 'over 5 s' } as const;
  const notRun = { kind: 'not-run', reason: 'Not run: walker does not compile.' } as const;
  const t1 = { id: 't1', points: 2 };
  const t2 = { id: 't2', category: 'large pages', points: 4 };
  const t3 = { id: 't3', part: 'permissions', category: 'rights', points: 4 };
  return [
    syntheticResults('alice', [{ ...t1, passedCases: 4, totalCases: 4 }, { ...t2, passedCases: 4, totalCases: 4 }, { ...t3, passedCases: 1, totalCases: 1 }]),
    syntheticResults('bob', [{ ...t1, passedCases: 4, totalCases: 4 }, { ...t2, passedCases: 2, totalCases: 4 }, { ...t3, passedCases: 0, totalCases: 1, failure: timeout }]),
    syntheticResults('carol', [{ ...t1, passedCases: 2, totalCases: 4 }, { ...t2, passedCases: 0, totalCases: 4 }, { ...t3, passedCases: 1, totalCases: 1 }]),
    syntheticResults(
      'dave',
      [
        { ...t1, passedCases: 0, totalCases: 4, failure: notRun },
        { ...t2, passedCases: 0, totalCases: 4, failure: notRun },
        { ...t3, passedCases: 0, totalCases: 1, failure: notRun },
      ],
      { compile: [{ component: 'walker', reason: 'does-not-compile', problems: [] }] },
    ),
  ];
}
