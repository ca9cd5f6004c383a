import { NestedWalker, referenceNestedWalker } from './nested/nested-walker';
import { Walker, referenceWalker } from './paging/walker';
import { HiddenFaultHandler, referenceHiddenFaultHandler } from './hypervisor/shadow/hidden-fault-handler';
import { ShadowSync, referenceShadowSync } from './hypervisor/shadow/shadow-sync';

/**
 * The four parts of the machine that students implement. The machine is
 * assembled from whichever implementations it is given; by default, the
 * reference solutions.
 */
export interface Components {
  readonly walker: Walker;
  readonly shadowSync: ShadowSync;
  readonly hiddenFaultHandler: HiddenFaultHandler;
  readonly nestedWalker: NestedWalker;
}

export const REFERENCE_COMPONENTS: Components = Object.freeze({
  walker: referenceWalker,
  shadowSync: referenceShadowSync,
  hiddenFaultHandler: referenceHiddenFaultHandler,
  nestedWalker: referenceNestedWalker,
});
