import { NestedWalker } from './nested/nested-walker';
import { Walker } from './paging/walker';
import { HiddenFaultHandler } from './hypervisor/shadow/hidden-fault-handler';
import { ShadowSync } from './hypervisor/shadow/shadow-sync';

/**
 * The four parts of the machine that students implement. The machine is
 * assembled from whichever implementations it is given: the reference
 * solutions (`reference-components.ts`), a student's, or a mix.
 */
export interface Components {
  readonly walker: Walker;
  readonly shadowSync: ShadowSync;
  readonly hiddenFaultHandler: HiddenFaultHandler;
  readonly nestedWalker: NestedWalker;
}

export type ComponentName = keyof Components;

export const COMPONENT_NAMES: readonly ComponentName[] = Object.freeze(['walker', 'shadowSync', 'hiddenFaultHandler', 'nestedWalker']);
