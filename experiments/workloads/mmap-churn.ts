import { PAGE_BYTES, Workload, WorkloadEvent, WorkloadSettings, pageOf, scaled, scaledCount } from './workload';

const REGION_PAGES = 32;
const ROUNDS = 300;
const SLOTS = 8;
const BASE = 0x2000_0000n;

/**
 * An allocator that maps buffers, fills them and gives them back (a
 * malloc arena, an I/O buffer pool): page tables change constantly. Under
 * shadow paging each new PTE and each munmap traps; under EPT only the first
 * touch of a guest frame ever exits.
 */
export const mmapChurn: Workload = {
  name: 'mmap-churn',
  title: 'mmap/munmap churn',
  description: (scale) => `${scaledCount(ROUNDS, scale)} rounds of: map a ${REGION_PAGES}-page buffer in one of ${SLOTS} slots, write every page, read it back, unmap it.`,
  *setUp(): Iterable<WorkloadEvent> {
    yield { op: 'spawn', vm: 1, pid: 1 };
  },
  *measured(settings: WorkloadSettings): Iterable<WorkloadEvent> {
    for (let round = 0; round < scaled(ROUNDS, settings); round++) {
      const va = BASE + BigInt((round % SLOTS) * REGION_PAGES * PAGE_BYTES);
      yield { op: 'mmap', vm: 1, pid: 1, va, pages: REGION_PAGES, prot: 'rw' };
      for (let page = 0; page < REGION_PAGES; page++) yield { op: 'write', vm: 1, pid: 1, va: pageOf(va, page), value: round };
      for (let page = 0; page < REGION_PAGES; page++) yield { op: 'read', vm: 1, pid: 1, va: pageOf(va, page) };
      yield { op: 'munmap', vm: 1, pid: 1, va, pages: REGION_PAGES };
    }
  },
};
