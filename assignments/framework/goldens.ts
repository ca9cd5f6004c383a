import * as path from 'path';
import { observe } from '../../observe/observe';
import { GoldenSuite } from '../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { expandSuite } from './expand-tests';
import { LoadedAssignment, PUBLIC_SUITE, publicSuite } from './loaded-assignment';

/** Where an assignment keeps its public suite's goldens, beside the suite. */
export function goldensPath(assignment: LoadedAssignment): string {
  return path.join(path.dirname(publicSuite(assignment).file), 'goldens.json');
}

/**
 * The public suite expanded, with the reference's observation of every case.
 * A case the reference itself cannot run (an error observation) is a broken
 * suite, not a golden: it is refused.
 */
export function buildGoldens(assignment: LoadedAssignment): GoldenSuite {
  const suite = publicSuite(assignment);
  const tests = expandSuite(suite).map(({ probes, suite: _suite, seed: _seed, ...description }) => ({
    ...description,
    cases: probes.map((probe, index) => {
      const expected = observe(probe, REFERENCE_COMPONENTS);
      if (expected.kind === 'error') throw new Error(`${suite.file}: test ${description.id}, case ${index + 1}: the reference fails on it: ${expected.message}`);
      return { probe, expected };
    }),
  }));
  return { assignment: assignment.manifest.id, suite: PUBLIC_SUITE, generatedBy: `vmlab goldens --assignment assignments/${assignment.manifest.id}`, tests };
}

export function serializeGoldens(goldens: GoldenSuite): string {
  return JSON.stringify(goldens, null, 1) + '\n';
}
