import { ScenarioBuilder } from '../../reference/scenario/builder';
import { PAGE_BYTES, Workload, WorkloadSettings, pageOf, scaled, scaledCount } from './workload';

const REGION_PAGES = 32;
const ROUNDS = 300;
const SLOTS = 8;
const BASE = 0x2000_0000n;
const PID = 1;

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
  setUp(scenario: ScenarioBuilder): void {
    scenario.spawn(PID);
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    for (let round = 0; round < scaled(ROUNDS, settings); round++) {
      const va = BASE + BigInt((round % SLOTS) * REGION_PAGES * PAGE_BYTES);
      scenario.mmap(PID, va, REGION_PAGES, 'rw');
      for (let page = 0; page < REGION_PAGES; page++) scenario.write(PID, pageOf(va, page), round);
      for (let page = 0; page < REGION_PAGES; page++) scenario.read(PID, pageOf(va, page));
      scenario.munmap(PID, va, REGION_PAGES);
    }
  },
};
