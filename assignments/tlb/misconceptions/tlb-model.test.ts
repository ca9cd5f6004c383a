import * as path from 'path';
import { loadAssignment } from '../../framework/load-assignment';
import { expandSuite } from '../../framework/expand-tests';
import { observe } from '../../../observe/observe';
import { TlbObservation } from '../../../observe/tlb/tlb-observation';
import { canonicalOrder } from '../../../observe/tlb/tlb-entry-order';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { firstDisagreement, runModel } from './tlb-model';

// The model's spec reading must do what the reference TLB does, or the recognisers read the student's run against the wrong story.
const assignment = loadAssignment(path.join(__dirname, '..'));
const probes = assignment.suites
  .filter((suite) => ['public', 'replacement', 'invalidation', 'tags', 'random'].includes(suite.reference.name))
  .flatMap((suite) => expandSuite(suite))
  .flatMap((test) => test.probes)
  .filter((probe) => probe.kind === 'tlb');

describe('the TLB model, read as the spec says', () => {
  it('has probes to check against', () => {
    expect(probes.length).toBeGreaterThan(20);
  });

  it('does on every probe what the reference TLB does, step by step and in the entries left at the end', () => {
    const disagreements = probes.flatMap((probe, i) => {
      if (probe.kind !== 'tlb') return [];
      const expected = observe(probe, REFERENCE_COMPONENTS) as TlbObservation;
      const run = runModel(probe);
      const agreed = firstDisagreement(run, expected.steps.map((step) => step.outcome));
      const end = JSON.stringify(canonicalOrder(run.before[probe.operations.length]));
      const resident = expected.resident?.ok ? JSON.stringify(canonicalOrder(expected.resident.entries)) : 'none';
      return agreed === probe.operations.length && end === resident ? [] : [`probe ${i}: first disagreement at operation ${agreed + 1}`];
    });
    expect(disagreements).toEqual([]);
  });

  it('differs from the reference under a misreading', () => {
    const changed = probes.filter((probe) => probe.kind === 'tlb' && firstDisagreement(runModel(probe, { victim: 'mru' }), runModel(probe).outcomes) < probe.operations.length);
    expect(changed.length).toBeGreaterThan(0);
  });
});
