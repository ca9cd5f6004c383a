import { Observation } from '../observation';
import { Probe } from '../probe-types';

/**
 * Where a shrink gets the expected side of a candidate: whether the candidate
 * can be judged at all, and the observation a correct component makes of it.
 * The grader asks the reference (ReferenceVerdicts); a handout, which holds
 * no reference solution, answers from a recorded observation
 * (RecordedVerdicts) for the candidates it determines.
 */
export interface Verdicts {
  /** Whether the candidate can be judged: the expected side is known and the run is valid. */
  accepts(probe: Probe): boolean;
  /** The expected observation of an accepted candidate. */
  observation(probe: Probe): Observation;
}
