import { Observation } from '../../observe/observation';
import { observe } from '../../observe/observe';
import { ExpandedTest } from '../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { ExpectedObservations } from './expected-observations';

/**
 * The reference's observations of a test's cases, computed in the grader's
 * own process (the reference never enters the sandbox) and cached: across a
 * class, literal tests and unseeded generators are the same for everyone.
 */
export class ReferenceObservations implements ExpectedObservations {
  private readonly cache = new Map<string, readonly Observation[]>();

  /** How many tests the reference has run: each (suite, test, seed) once, however many students ask. */
  get testsComputed(): number {
    return this.cache.size;
  }

  of(test: ExpandedTest): readonly Observation[] {
    const key = `${test.suite}/${test.id}/${test.seed ?? 'literal'}`;
    let observations = this.cache.get(key);
    if (observations === undefined) {
      observations = test.probes.map((probe, index) => {
        const observation = observe(probe, REFERENCE_COMPONENTS);
        if (observation.kind === 'error') throw new Error(`the reference fails on test ${test.id}, case ${index + 1}: ${observation.message}`);
        return observation;
      });
      this.cache.set(key, observations);
    }
    return observations;
  }
}
