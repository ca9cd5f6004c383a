import { ScenarioBuilder } from '../../reference/scenario/builder';
import type { PageSizeName, Prot, Scenario } from '../../reference/scenario/types';
import { PAGE, WorkloadVm, nextProcess, seededRandom } from './workload-events';

/**
 * Random scenarios around 2 MiB pages: in two areas of two 2 MiB blocks
 * each, processes map whole blocks with large pages (or a few 4 KiB pages
 * inside one), touch a handful of pages spread over each block (so accesses
 * to one large page meet each other's A/D bits and data), and unmap or
 * reprotect whole blocks, single pages inside them, or ranges across their
 * middle: present large pages get split, cut regions fall back to 4 KiB
 * pages. Forks copy large pages, exits free them.
 */
const BLOCK_PAGES = 512;
const AREAS = [0x40000000, 0x7f0000000000];
const BLOCKS_PER_AREA = 2;
/** The pages of a block that accesses go to: both ends, the middle, and a few more. */
const HOT_PAGES = [0, 1, 2, 255, 256, 300, 510, 511];
const PROTS: readonly Prot[] = ['r', 'rw', 'rx', 'rwx'];
const MAX_PROCESSES_PER_VM = 3;
/** Accesses and inspections, each with the roll it is drawn below: 60% of the events. */
const TOUCHES: ReadonlyArray<readonly ['read' | 'write' | 'exec' | 'inspect' | 'clear-ad', number]> = [
  ['read', 0.2],
  ['write', 0.4],
  ['exec', 0.45],
  ['inspect', 0.55],
  ['clear-ad', 0.6],
];

interface Process {
  pid: number;
  /** Mapped 4 KiB page addresses. */
  mapped: Set<number>;
}

export function largePageScenario(seed: number, eventCount: number, vmCount: number): Scenario {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const blocks = AREAS.flatMap((area) => Array.from({ length: BLOCKS_PER_AREA }, (_, i) => area + i * BLOCK_PAGES * PAGE));
  const hotPage = () => pick(blocks) + pick(HOT_PAGES) * PAGE;
  const vms = Array.from({ length: vmCount }, (): WorkloadVm<Process> => ({ processes: [] }));
  const scenario = new ScenarioBuilder({ name: `large-pages-${seed}` });

  /** A range to unmap or reprotect: a whole block, a few pages inside one, or one across a block's middle. */
  const someRange = (): { va: number; pages: number } => {
    const block = pick(blocks);
    const roll = random();
    if (roll < 0.3) return { va: block, pages: BLOCK_PAGES };
    if (roll < 0.7) return { va: block + pick(HOT_PAGES) * PAGE, pages: 1 + int(2) };
    return { va: block + (128 + int(128)) * PAGE, pages: 128 + int(256) };
  };

  while (scenario.length < eventCount) {
    const next = nextProcess(vms, scenario, int, (pid): Process => ({ pid, mapped: new Set() }));
    if (next === null) continue;
    const { vm, process, target } = next;
    const roll = random();
    const touch = TOUCHES.find(([, below]) => roll < below)?.[0];
    if (touch !== undefined) {
      // One of two words of a hot page of any block (one not mapped faults).
      const va = hotPage() + 4 * int(2);
      if (touch === 'write') scenario.write(target, va, Math.floor(random() * 2 ** 32));
      else scenario.access(touch, target, va);
    } else if (roll < 0.72) {
      const large = random() < 0.75;
      const block = pick(blocks);
      const range = large ? { va: block, pages: BLOCK_PAGES } : { va: block + pick(HOT_PAGES) * PAGE, pages: 1 };
      const pages = Array.from({ length: range.pages }, (_, i) => range.va + i * PAGE);
      if (pages.some((page) => process.mapped.has(page))) continue;
      for (const page of pages) process.mapped.add(page);
      const pageSize: PageSizeName = large ? '2M' : '4K';
      const prot = pick(PROTS);
      // A 4 KiB mapping says so half the time, to cover the explicit default too.
      scenario.mmap(target, range.va, range.pages, prot, large || random() < 0.5 ? pageSize : undefined);
    } else if (roll < 0.8) {
      const range = someRange();
      for (let i = 0; i < range.pages; i++) process.mapped.delete(range.va + i * PAGE);
      scenario.munmap(target, range.va, range.pages);
    } else if (roll < 0.9) {
      const range = someRange();
      scenario.mprotect(target, range.va, range.pages, pick(PROTS));
    } else if (roll < 0.95 && vm.processes.length < MAX_PROCESSES_PER_VM) {
      const child = scenario.freshPid(target.vm);
      vm.processes.push({ pid: child, mapped: new Set(process.mapped) });
      scenario.fork(target, child);
    } else if (vm.processes.length > 1) {
      vm.processes.splice(vm.processes.indexOf(process), 1);
      scenario.exit(target);
    }
  }
  return scenario.build();
}
