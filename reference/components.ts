import { NestedWalker } from './nested/nested-walker';
import { Walker } from './paging/walker';
import { HiddenFaultHandler } from './hypervisor/shadow/hidden-fault-handler';
import { ShadowSync } from './hypervisor/shadow/shadow-sync';
import { TlbComponent } from './tlb/tlb-component';

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
  /** Builds the machine's TLBs (the host's, or each native computer's). */
  readonly tlb: TlbComponent;
}

export type ComponentName = keyof Components;
