/** The lecture's concepts (lecture notes, "Reviewing how memory virtualization works normally" and "Virtualizing memory with hardware support") the TLB's misconceptions belong to. */
export const CONCEPTS = {
  caching: 'Translations cached in the TLB: one entry per page, of any page size',
  sets: 'Where a translation is cached: sets, ways and LRU replacement',
  tags: 'TLB tags: VPIDs keep VMs apart, PCIDs processes, global pages span processes',
  flushes: 'TLBs flushed by invlpg and by context switches (CR3 writes)',
  vpids: 'VPIDs: no need to flush the TLB when you switch VMs',
  rights: 'TLBs filled by the hardware walker: a cached entry carries the walk\'s rights and dirty state',
} as const;
