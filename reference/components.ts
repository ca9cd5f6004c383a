import { NestedWalker } from './nested/nested-walker';
import { Walker } from './paging/walker';
import { HiddenFaultHandler } from './hypervisor/shadow/hidden-fault-handler';
import { ShadowSync } from './hypervisor/shadow/shadow-sync';

/**
 * The parts of the machine that students implement. The machine is
 * assembled from whichever implementations it is given: the reference
 * solutions (`reference-components.ts`), a student's, or a mix. Each is
 * declared once, in `component-registry.ts`; a field here without its row
 * there is a type error.
 */
export interface Components {
  readonly walker: Walker;
  readonly shadowSync: ShadowSync;
  readonly hiddenFaultHandler: HiddenFaultHandler;
  readonly nestedWalker: NestedWalker;
}

export type ComponentName = keyof Components;
