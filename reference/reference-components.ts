import { Components } from './components';
import { referenceHiddenFaultHandler } from './hypervisor/shadow/reference-hidden-fault-handler';
import { referenceShadowSync } from './hypervisor/shadow/reference-shadow-sync';
import { Machine } from './machine/machine';
import { runScenario } from './machine/run-scenario';
import { SimulationResult } from './hardware/stats';
import { referenceNestedWalker } from './nested/reference-nested-walker';
import { referenceWalker } from './paging/reference-walker';
import { Mode, ResolvedMachineOptions, ResolvedScenario } from './scenario/types';
import { referenceTlb } from './tlb/reference-tlb';

/**
 * The reference solutions of the student components: the oracle every
 * submission is graded against. Kept apart from the machine so a student
 * handout can ship the machine without them.
 */
export const REFERENCE_COMPONENTS: Components = Object.freeze({
  walker: referenceWalker,
  shadowSync: referenceShadowSync,
  hiddenFaultHandler: referenceHiddenFaultHandler,
  nestedWalker: referenceNestedWalker,
  tlb: referenceTlb,
});

/** A machine built from the reference solutions. */
export function referenceMachine(options: ResolvedMachineOptions): Machine {
  return new Machine(options, REFERENCE_COMPONENTS);
}

/** Run a validated scenario on the reference machine; `mode` overrides `machine.mode`. */
export function runReferenceScenario(scenario: ResolvedScenario, mode?: Mode): SimulationResult {
  return runScenario(scenario, REFERENCE_COMPONENTS, mode);
}
