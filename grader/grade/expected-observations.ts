import { Observation } from '../../observe/observation';
import { ExpandedTest } from '../../observe/test-case';

/**
 * The reference's observations of a test's cases, which the student's are
 * judged against: computed in the grader's process (ReferenceObservations) or,
 * in a handout, recorded in the public goldens (GoldenObservations). Either
 * way they never enter the sandbox.
 */
export interface ExpectedObservations {
  of(test: ExpandedTest): readonly Observation[];
}
