import { ScenarioBuilder } from '../../reference/scenario/builder';
import { Random } from '../../reference/scenario/random';
import { PAGE_BYTES, Workload, WorkloadSettings, pageOf, regionPageSize, scaled, scaledCount } from './workload';

const HEAP = 0x1000_0000n;
const HEAP_PAGES = 512;
const CHILDREN = 120;
const CHILD_WRITES = 6;
const CHILD_READS = 24;
const PARENT = 1;

/**
 * A shell or a pre-forking server: a parent with a 2 MiB heap forks children
 * that read some of it, write a few pages and exit. Every fork builds a whole
 * page table (the guest copies eagerly) and every exit tears one down: under
 * shadow paging each of those page-table writes traps, under EPT none does.
 */
export const forkExitStorm: Workload = {
  name: 'fork-exit',
  title: 'Fork/exit storm',
  description: (scale) => `A parent with a 2 MiB heap forks ${scaledCount(CHILDREN, scale)} children in turn; each reads ${CHILD_READS} pages of its copy of the heap, writes ${CHILD_WRITES} and exits.`,
  setUp(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    scenario.spawn(PARENT).mmap(PARENT, HEAP, HEAP_PAGES, 'rw', regionPageSize(settings, HEAP_PAGES * PAGE_BYTES));
    for (let page = 0; page < HEAP_PAGES; page++) scenario.write(PARENT, pageOf(HEAP, page), page);
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    const random = new Random(1);
    for (let child = 0; child < scaled(CHILDREN, settings); child++) {
      const pid = 2 + (child % 4);
      scenario.fork(PARENT, pid);
      for (let read = 0; read < CHILD_READS; read++) scenario.read(pid, pageOf(HEAP, random.int(0, HEAP_PAGES - 1)));
      for (let write = 0; write < CHILD_WRITES; write++) scenario.write(pid, pageOf(HEAP, random.int(0, HEAP_PAGES - 1)), child);
      scenario.exit(pid).read(PARENT, pageOf(HEAP, random.int(0, HEAP_PAGES - 1)));
    }
  },
};
