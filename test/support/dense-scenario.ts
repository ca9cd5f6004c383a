import { ScenarioBuilder } from '../../reference/scenario/builder';
import type { Prot, Scenario } from '../../reference/scenario/types';
import { PAGE, WorkloadVm, nextProcess, seededRandom } from './workload-events';

/**
 * Random scenarios squeezed into 16 pages (two areas far apart, so two
 * top-level table entries) and two words per page: every process keeps
 * mapping, unmapping, forking and exiting over the same few pages, so frames
 * and page tables are reused all the time and almost every read meets a value
 * written before. The general generator explores breadth; this explores the
 * reuse paths, where stale translations would show.
 */
const AREAS = [0x400000, 0x7f0000000000];
const PAGES_PER_AREA = 8;
const PROTS: readonly Prot[] = ['r', 'rw', 'rx', 'rwx'];
const MAX_PROCESSES_PER_VM = 4;

interface Process {
  pid: number;
  /** Mapped page address -> protection. */
  pages: Map<number, Prot>;
}

export function denseScenario(seed: number, eventCount: number, vmCount: number): Scenario {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const vms = Array.from({ length: vmCount }, (): WorkloadVm<Process> => ({ processes: [] }));
  const allPages = AREAS.flatMap((base) => Array.from({ length: PAGES_PER_AREA }, (_, i) => base + i * PAGE));
  const scenario = new ScenarioBuilder({ name: `dense-${seed}` });

  while (scenario.length < eventCount) {
    const next = nextProcess(vms, scenario, int, (pid): Process => ({ pid, pages: new Map() }));
    if (next === null) continue;
    const { vm, process, target } = next;
    const mapped = [...process.pages.keys()];
    // Mostly mapped pages, sometimes any of the 16 (unmapped ones fault); one of two words.
    const address = () => (mapped.length > 0 && random() < 0.85 ? pick(mapped) : pick(allPages)) + 4 * int(2);
    const roll = random();
    if (roll < 0.22) {
      scenario.read(target, address());
    } else if (roll < 0.44) {
      scenario.write(target, address(), Math.floor(random() * 2 ** 32));
    } else if (roll < 0.5) {
      scenario.exec(target, address());
    } else if (roll < 0.58) {
      scenario.inspect(target, address());
    } else if (roll < 0.62) {
      scenario.clearAd(target, address());
    } else if (roll < 0.72) {
      const first = pick(allPages);
      const count = 1 + int(4);
      const range = Array.from({ length: count }, (_, i) => first + i * PAGE);
      if (range.some((page) => process.pages.has(page))) continue;
      const prot = pick(PROTS);
      for (const page of range) process.pages.set(page, prot);
      scenario.mmap(target, first, count, prot);
    } else if (roll < 0.8) {
      const first = pick(allPages) - int(2) * PAGE;
      const count = 1 + int(4);
      for (let i = 0; i < count; i++) process.pages.delete(first + i * PAGE);
      scenario.munmap(target, first, count);
    } else if (roll < 0.87) {
      const first = pick(allPages);
      const count = 1 + int(4);
      const prot = pick(PROTS);
      for (let i = 0; i < count; i++) if (process.pages.has(first + i * PAGE)) process.pages.set(first + i * PAGE, prot);
      scenario.mprotect(target, first, count, prot);
    } else if (roll < 0.95) {
      if (vm.processes.length >= MAX_PROCESSES_PER_VM) continue;
      const child = scenario.freshPid(target.vm);
      vm.processes.push({ pid: child, pages: new Map(process.pages) });
      scenario.fork(target, child);
    } else {
      vm.processes.splice(vm.processes.indexOf(process), 1);
      scenario.exit(target);
    }
  }
  return scenario.build();
}
