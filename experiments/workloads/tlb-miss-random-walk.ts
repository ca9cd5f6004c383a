import { Random } from '../../reference/scenario/random';
import { PAGE_BYTES, Workload, WorkloadEvent, WorkloadSettings, pageOf, regionPageSize, scaled, scaledCount } from './workload';

const WORKING_SET_PAGES = 8192; // 32 MiB: 128 times the reach of a 64-entry TLB of 4 KiB pages
const READS = 60_000;
const BASE = 0x4000_0000n;

/**
 * A hash join or a graph traversal: random reads over a working set far
 * larger than the TLB reaches, after it is populated. Nearly every access
 * misses the TLB; page tables never change, so nothing exits. What is left is
 * the cost of a walk: 4 references natively and over shadow tables, up to 24
 * in the 2D walk.
 */
export const tlbMissRandomWalk: Workload = {
  name: 'tlb-miss',
  title: 'TLB-miss-bound random walk',
  description: (scale) => `${scaledCount(READS, scale).toLocaleString('en-US')} random reads over a populated ${(WORKING_SET_PAGES * PAGE_BYTES) / 2 ** 20} MiB working set.`,
  *setUp(settings: WorkloadSettings): Iterable<WorkloadEvent> {
    yield { op: 'spawn', vm: 1, pid: 1 };
    const pageSize = regionPageSize(settings, WORKING_SET_PAGES * PAGE_BYTES);
    yield { op: 'mmap', vm: 1, pid: 1, va: BASE, pages: WORKING_SET_PAGES, prot: 'rw', pageSize };
    for (let page = 0; page < WORKING_SET_PAGES; page++) yield { op: 'write', vm: 1, pid: 1, va: pageOf(BASE, page), value: page };
  },
  *measured(settings: WorkloadSettings): Iterable<WorkloadEvent> {
    const random = new Random(7);
    for (let read = 0; read < scaled(READS, settings); read++) yield { op: 'read', vm: 1, pid: 1, va: pageOf(BASE, random.int(0, WORKING_SET_PAGES - 1)) };
  },
};
