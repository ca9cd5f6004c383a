import { Components } from '../reference/components';
import { parseScenario } from '../reference/scenario/validate';
import { Observation } from './observation';
import { observeProbe } from './observe-probe';
import { Probe } from './probe-types';

/**
 * Run one probe on the given components and record what they did; a machine
 * probe's scenario is checked completely first (a bad one is an error
 * observation). An exception from a component becomes an error observation,
 * so one broken case never stops the others.
 */
export function observe(probe: Probe, components: Components): Observation {
  return observeProbe(probe, components, parseScenario);
}
