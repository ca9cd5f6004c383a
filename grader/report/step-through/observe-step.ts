import { observe } from '../../../observe/observe';
import { Observation } from '../../../observe/observation';
import { Probe } from '../../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';

/**
 * The probe a step-through page observes: a machine probe records the state
 * after every event (the graded one may record it at the end only), each TLB
 * entry with its tags; a walk is the same probe, its steps are its references.
 */
export function stepProbe(probe: Probe): Probe {
  return probe.kind === 'machine' ? { ...probe, snapshots: 'every-event', tlbTags: true } : probe;
}

/** The reference's observation of a step probe, in this process: the reference is vmlab's own code. */
export function referenceStep(probe: Probe): Observation {
  return observe(probe, REFERENCE_COMPONENTS);
}
