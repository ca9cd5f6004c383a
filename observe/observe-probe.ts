import { Components } from '../reference/components';
import { ReadScenario, observeMachine } from './machine/machine-probe';
import { observeNestedWalk } from './nested-walk-probe';
import { describeThrown } from './describe-thrown';
import { Observation } from './observation';
import { Probe } from './probe-types';
import { observeTlb } from './tlb/tlb-probe';
import { observeWalk } from './walk-probe';

/**
 * Run one probe on the given components and record what they did, reading a
 * machine probe's scenario with `readScenario`. An exception from a component
 * becomes an error observation, so one broken case never stops the others.
 * observe.ts is the usual way in; this module alone loads no package, so the
 * grader's sandbox child uses it directly (grader/sandbox/sandbox-child.js).
 */
export function observeProbe(probe: Probe, components: Components, readScenario: ReadScenario): Observation {
  try {
    switch (probe.kind) {
      case 'walk':
        return observeWalk(probe, components.walker);
      case 'nested-walk':
        return observeNestedWalk(probe, components.nestedWalker, components.walker);
      case 'machine':
        return observeMachine(probe, components, readScenario);
      case 'tlb':
        return observeTlb(probe, components.tlb);
    }
  } catch (error) {
    return { kind: 'error', message: describeThrown(error) };
  }
}
