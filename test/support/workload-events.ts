import type { ScenarioBuilder } from '../../reference/scenario/builder';
import { Random } from '../../reference/scenario/random';
import type { Prot, ScenarioEvent } from '../../reference/scenario/types';

/** Short-hands for the event lists the law tests are made of. */

export interface Who {
  vm?: number;
  pid?: number;
}

export const PAGE = 4096;

export function spawn(who: Who = {}): ScenarioEvent {
  return { op: 'spawn', ...who };
}

export function exit(who: Who = {}): ScenarioEvent {
  return { op: 'exit', ...who };
}

export function mmap(base: number, pages: number, prot: Prot, who: Who = {}): ScenarioEvent {
  return { op: 'mmap', va: base, pages, prot, ...who };
}

/** One access per page of [base, base + pages), at the start of each page. */
export function readPages(base: number, pages: number, who: Who = {}): ScenarioEvent[] {
  return Array.from({ length: pages }, (_, page) => ({ op: 'read' as const, va: base + page * PAGE, ...who }));
}

export function writePages(base: number, pages: number, who: Who = {}): ScenarioEvent[] {
  return Array.from({ length: pages }, (_, page) => ({ op: 'write' as const, va: base + page * PAGE, value: page + 1, ...who }));
}

/** The same list, `times` over. */
export function repeat(times: number, events: readonly ScenarioEvent[]): ScenarioEvent[] {
  return Array.from({ length: times }, () => events).flat();
}

/** Floats in [0, 1) from the scenario generator's seeded PRNG, so "random" workloads are the same on every run. */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

/** A VM of a random workload: its live processes, with the generator's books on each. */
export interface WorkloadVm<P> {
  readonly processes: P[];
}

/**
 * Where a random workload's next event goes: a random VM's random live
 * process. A VM without one gets its first process instead, with a pid
 * that VM has not used: the spawn is written to `scenario` (that was the
 * event) and null returned.
 */
export function nextProcess<P extends { readonly pid: number }>(
  vms: readonly WorkloadVm<P>[],
  scenario: ScenarioBuilder,
  int: (n: number) => number,
  fresh: (pid: number) => P,
): { vm: WorkloadVm<P>; process: P; target: { vm: number; pid: number } } | null {
  const vmIndex = int(vms.length);
  const vm = vms[vmIndex];
  if (vm.processes.length === 0) {
    const pid = scenario.freshPid(vmIndex + 1);
    vm.processes.push(fresh(pid));
    scenario.spawn({ vm: vmIndex + 1, pid });
    return null;
  }
  const process = vm.processes[int(vm.processes.length)];
  return { vm, process, target: { vm: vmIndex + 1, pid: process.pid } };
}
