import { observe } from '../../../observe/observe';
import { Observation } from '../../../observe/observation';
import { Probe } from '../../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';

export { stepProbe } from './step-probe';

/** The reference's observation of a step probe, in this process: the reference is vmlab's own code. */
export function referenceStep(probe: Probe): Observation {
  return observe(probe, REFERENCE_COMPONENTS);
}
