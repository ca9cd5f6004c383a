import { Tlb } from '../../../reference/tlb/tlb';
import { TlbComponent } from '../../../reference/tlb/tlb-component';
import { tlbEntryPermits } from '../../../reference/tlb/tlb-permits';

/**
 * The reference `Tlb` behind the TlbComponent interface: a lookup that finds
 * an entry it may not use drops it and misses, and a VM transition without
 * VPIDs flushes everything. It is what the machine's TLB component does with
 * the reference class, for tests of the observer and the judge.
 */
export const referenceTlbComponent: TlbComponent = {
  create(config) {
    const tlb = new Tlb(config);
    return {
      lookup(vpid, pcid, va, access, wp) {
        const entry = tlb.lookup(vpid, pcid, va);
        if (entry === undefined || tlbEntryPermits(entry, access, wp) === 'hit') return entry;
        tlb.invalidateEntry(entry);
        return undefined;
      },
      fill: (fill) => tlb.fill(fill),
      invalidatePage: (vpid, pcid, va) => tlb.invalidatePage(vpid, pcid, va),
      flushContext: (vpid, pcid) => tlb.flushContext(vpid, pcid),
      flushVpid: (vpid) => tlb.flushVpid(vpid),
      vmTransition: (vpidEnabled) => (vpidEnabled ? 0 : tlb.flushAll()),
      flushAll: () => tlb.flushAll(),
      entries: () => tlb.entries(),
    };
  },
};
