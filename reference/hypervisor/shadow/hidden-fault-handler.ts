import { Gva } from '../../addresses';
import { Access } from '../../paging/rights';
import { ShadowContext } from './shadow-context';

/** A page fault the hardware raised while walking the shadow tables, on a user access. */
export interface ShadowPageFault {
  readonly va: Gva;
  readonly access: Access;
}

export type HiddenFaultOutcome =
  /** A hidden fault: the shadow is filled so the retried access gets further; the guest never knows. */
  | { readonly kind: 'fixed' }
  /** A true guest fault: inject #PF with this error code and CR2. */
  | { readonly kind: 'inject'; readonly errorCode: number; readonly cr2: Gva };

/** Student component 3: tell a hidden fault from a true guest fault, and fix the hidden ones. */
export interface HiddenFaultHandler {
  handle(fault: ShadowPageFault, context: ShadowContext): HiddenFaultOutcome;
}
