import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { Observation } from '../observation';
import { observe } from '../observe';
import { Probe } from '../probe-types';

/**
 * The reference's observations of shrink candidates, each computed once: the
 * shrinker asks whether the reference accepts a candidate, and the caller then
 * judges the student's run against the same observation.
 */
export class ReferenceVerdicts {
  private readonly cache = new Map<string, Observation>();

  observation(probe: Probe): Observation {
    const key = JSON.stringify(probe);
    let observation = this.cache.get(key);
    if (observation === undefined) {
      observation = observe(probe, REFERENCE_COMPONENTS);
      this.cache.set(key, observation);
    }
    return observation;
  }

  /** Whether the reference runs the candidate to its end: an invalid scenario (a process that does not exist) it refuses. */
  accepts(probe: Probe): boolean {
    const observation = this.observation(probe);
    return observation.kind !== 'error' && !(observation.kind === 'machine' && observation.stopped !== undefined);
  }
}
