import { MachineObservation } from './machine/machine-probe';
import { NestedWalkObservation } from './nested-walk-probe';
import { TlbObservation } from './tlb/tlb-observation';
import { WalkObservation } from './walk-probe';

/** The component threw (a stub's "not implemented", a bug) instead of returning. */
export interface ErrorObservation {
  readonly kind: 'error';
  readonly message: string;
}

/** What a component did on one probe: JSON data, so it can cross a process boundary and sit in a golden file. */
export type Observation = WalkObservation | NestedWalkObservation | MachineObservation | TlbObservation | ErrorObservation;

// Kept with the function that cuts messages to it (which machine-probe.ts uses, so it must not import this file).
export { MAX_ERROR_MESSAGE_LENGTH } from './describe-thrown';
