import { Observation } from '../../observe/observation';
import { ExpandedTest, GoldenSuite } from '../../observe/test-case';
import { ExpectedObservations } from './expected-observations';
import { GradedTest } from './grade-submission';

/**
 * The tests of a public suite as its goldens record them, cases included.
 * Public suites are visible (the assignment loader insists), so every one is
 * shown in full. A generated test's seed is not recorded: its cases are.
 */
export function goldenTests(goldens: GoldenSuite): GradedTest[] {
  return goldens.tests.map(({ cases, ...description }) => ({ ...description, suite: goldens.suite, visibility: 'visible', probes: cases.map((testCase) => testCase.probe) }));
}

/**
 * The reference's observations of the public suite as `vmlab goldens`
 * recorded them: what a handout, which holds no reference solution to run,
 * judges against. Only the tests of goldenTests(goldens) have them.
 */
export class GoldenObservations implements ExpectedObservations {
  private readonly suite: string;
  private readonly expected: ReadonlyMap<string, readonly Observation[]>;

  constructor(goldens: GoldenSuite) {
    this.suite = goldens.suite;
    this.expected = new Map(goldens.tests.map((test) => [test.id, test.cases.map((testCase) => testCase.expected)]));
  }

  of(test: ExpandedTest): readonly Observation[] {
    const expected = test.suite === this.suite ? this.expected.get(test.id) : undefined;
    if (expected === undefined || expected.length !== test.probes.length) throw new Error(`vmlab internal error: the goldens do not record test ${test.suite}/${test.id}`);
    return expected;
  }
}
