import { Components } from '../components';
import { observeMachine } from './machine-probe';
import { observeNestedWalk } from './nested-walk-probe';
import { describeThrown } from './describe-thrown';
import { Observation } from './observation';
import { Probe } from './probe-types';
import { observeWalk } from './walk-probe';

/**
 * Run one probe on the given components and record what they did. An
 * exception from a component becomes an error observation, so one broken
 * case never stops the others.
 */
export function observe(probe: Probe, components: Components): Observation {
  try {
    switch (probe.kind) {
      case 'walk':
        return observeWalk(probe, components.walker);
      case 'nested-walk':
        return observeNestedWalk(probe, components.nestedWalker, components.walker);
      case 'machine':
        return observeMachine(probe, components);
    }
  } catch (error) {
    return { kind: 'error', message: describeThrown(error) };
  }
}
