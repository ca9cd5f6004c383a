import { ScenarioBuilder } from '../../reference/scenario/builder';
import { Random } from '../../reference/scenario/random';
import { PAGE_BYTES, Workload, WorkloadSettings, pageOf, regionPageSize, scaled, scaledCount } from './workload';

const WORKING_SET_PAGES = 8192; // 32 MiB: 128 times the reach of a 64-entry TLB of 4 KiB pages
const READS = 60_000;
const BASE = 0x4000_0000n;
const PID = 1;

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
  setUp(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    scenario.spawn(PID).mmap(PID, BASE, WORKING_SET_PAGES, 'rw', regionPageSize(settings, WORKING_SET_PAGES * PAGE_BYTES));
    for (let page = 0; page < WORKING_SET_PAGES; page++) scenario.write(PID, pageOf(BASE, page), page);
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    const random = new Random(7);
    for (let read = 0; read < scaled(READS, settings); read++) scenario.read(PID, pageOf(BASE, random.int(0, WORKING_SET_PAGES - 1)));
  },
};
