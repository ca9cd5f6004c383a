import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';
import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';
import { NestedWalker } from '../../reference/nested/nested-walker';
import { Walker } from '../../reference/paging/walker';
import { TlbComponent } from '../../reference/tlb/tlb-component';

/**
 * Stand-ins for the components an assignment neither asks for nor provides:
 * its tests never reach them, and if one did, it says so plainly.
 */
function absent(component: string): never {
  throw new Error(`${component} is not part of this assignment`);
}

export const ABSENT_WALKER: Walker = { walk: () => absent('walker') };
export const ABSENT_SHADOW_SYNC: ShadowSync = {
  pageTableWrite: () => absent('shadowSync'),
  invlpg: () => absent('shadowSync'),
  cr3Write: () => absent('shadowSync'),
};
export const ABSENT_HIDDEN_FAULT_HANDLER: HiddenFaultHandler = { handle: () => absent('hiddenFaultHandler') };
export const ABSENT_NESTED_WALKER: NestedWalker = { walk: () => absent('nestedWalker') };
export const ABSENT_TLB: TlbComponent = { create: () => absent('tlb') };
