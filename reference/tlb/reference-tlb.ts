import { TlbComponent } from './tlb-component';
import { Tlb } from './tlb';

/** The reference solution of the TLB component: set-associative, LRU, VPID- and PCID-tagged (tlb.ts). */
export const referenceTlb: TlbComponent = {
  create: (config) => new Tlb(config),
};
