import { Probe } from '../../../observe/probe-types';

/**
 * The probe a step-through page observes: a machine probe records the state
 * after every event (the graded one may record it at the end only), each TLB
 * entry with its tags; a walk is the same probe, its steps are its references.
 * (Apart from observe-step.ts, which runs the reference: a handout ships this, not that.)
 */
export function stepProbe(probe: Probe): Probe {
  return probe.kind === 'machine' ? { ...probe, snapshots: 'every-event', tlbTags: true } : probe;
}
