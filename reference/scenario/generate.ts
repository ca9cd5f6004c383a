import { VmlabError } from '../errors';
import { ScenarioBuilder } from './builder';
import { MAX_VM } from './limits';
import { Random } from './random';
import { MachineOptions, Prot, Scenario, ScenarioEvent } from './types';

export interface GenerateOptions {
  /** Same seed, same options: same scenario, on every machine. An integer in [0, 2^32). */
  seed: number;
  /** VMs taking turns on the machine (default 1). */
  vms?: number;
  /** Most processes alive at once in each VM (default 3). */
  processesPerVm?: number;
  /** Number of events (default 200). */
  events?: number;
  /** Default `generated-seed-<seed>`. */
  name?: string;
  machine?: MachineOptions;
}

export const GENERATE_DEFAULTS = Object.freeze({ vms: 1, processesPerVm: 3, events: 200 });
export const MAX_PROCESSES_PER_VM = 64;
export const MAX_GENERATED_EVENTS = 10_000_000;

const PAGE_BYTES = 4096;
const WORDS_PER_PAGE = 1024;
/**
 * Where regions go: a program image, a heap, the mmap area and the top of the
 * stack region, 64 pages each. Few, small areas make processes map, unmap and
 * re-map the same pages, which is what exercises frame and table reuse.
 */
const AREA_BASE_PAGES = [0x400000, 0x10000000, 0x7f0000000000, 0x7ffff0000000].map((base) => base / PAGE_BYTES);
const AREA_PAGES = 64;
const MAX_REGION_PAGES = 16;
/** Past this many mapped pages a process mostly stops mapping more, so memory stays bounded over long runs. */
const MAPPED_PAGES_SOFT_LIMIT = 96;

class ProcessState {
  /** Mapped page number → protection. */
  private readonly mapped: Map<number, Prot>;
  /** The mapped pages as lists, rebuilt after a change: accesses pick from them far more often than mappings change. */
  private lists: { all: number[]; writable: number[]; executable: number[] } | null = null;

  constructor(
    readonly pid: number,
    inherited: ReadonlyMap<number, Prot> = new Map(),
  ) {
    this.mapped = new Map(inherited);
  }

  get pages(): ReadonlyMap<number, Prot> {
    return this.mapped;
  }

  map(page: number, prot: Prot): void {
    this.mapped.set(page, prot);
    this.lists = null;
  }

  unmap(page: number): void {
    if (this.mapped.delete(page)) this.lists = null;
  }

  mappedPages(allowing?: 'w' | 'x'): readonly number[] {
    if (this.lists === null) {
      const all = [...this.mapped.keys()];
      this.lists = {
        all,
        writable: all.filter((page) => this.mapped.get(page)?.includes('w')),
        executable: all.filter((page) => this.mapped.get(page)?.includes('x')),
      };
    }
    return allowing === undefined ? this.lists.all : allowing === 'w' ? this.lists.writable : this.lists.executable;
  }
}

interface VmState {
  readonly id: number;
  readonly processes: ProcessState[];
}

type Op = ScenarioEvent['op'];

/**
 * A random scenario that is valid by construction: the generator keeps the
 * same books as the guest OS (live processes, mapped pages and their
 * protections) and only emits what the validator accepts. Accesses mostly
 * touch mapped pages, sometimes unmapped or forbidden ones (writes to
 * read-only pages, execs of non-executable ones), so runs see demand paging,
 * both kinds of fault and A/D traffic. The running process changes now and
 * then, sometimes to another VM, to produce context and VM switches.
 */
export function generateScenario(options: GenerateOptions): Scenario {
  const settings = checkedOptions(options);
  const random = new Random(settings.seed);
  const vms: VmState[] = Array.from({ length: settings.vms }, (_, i) => ({ id: i + 1, processes: [] }));
  const scenario = new ScenarioBuilder({
    name: options.name ?? `generated-seed-${settings.seed}`,
    description:
      `Random workload from seed ${settings.seed}: ${settings.vms} VM(s), up to ${settings.processesPerVm} processes each, ` +
      `${settings.events} events (vmlab generate).`,
    machine: options.machine,
  });
  let focus: { vm: VmState; process: ProcessState | undefined } = { vm: vms[0], process: undefined };

  while (scenario.length < settings.events) {
    if (random.chance(0.2)) {
      const vm = random.chance(0.3) ? random.pick(vms) : focus.vm;
      focus = { vm, process: vm.processes.length === 0 ? undefined : random.pick(vm.processes) };
    }
    const { vm, process } = focus;
    if (process === undefined) {
      const spawned = spawn(vm, scenario);
      focus = { vm, process: spawned };
      continue;
    }
    const canGrow = vm.processes.length < settings.processesPerVm;
    const op = random.weighted<Op>([
      ['spawn', canGrow ? 2 : 0],
      ['fork', canGrow ? 3 : 0],
      ['exit', 1],
      ['mmap', process.pages.size < MAPPED_PAGES_SOFT_LIMIT ? 10 : 1],
      ['munmap', process.pages.size > 0 ? 3 : 0],
      ['mprotect', process.pages.size > 0 ? 3 : 0],
      ['read', 25],
      ['write', 25],
      ['exec', 8],
      ['inspect', 5],
      ['clear-ad', 4],
    ]);
    const target = { vm: vm.id, pid: process.pid };
    switch (op) {
      case 'spawn': {
        const spawned = spawn(vm, scenario);
        if (random.chance(0.5)) focus = { vm, process: spawned };
        break;
      }
      case 'fork': {
        const child = new ProcessState(scenario.freshPid(vm.id), process.pages);
        vm.processes.push(child);
        scenario.fork(target, child.pid);
        if (random.chance(0.5)) focus = { vm, process: child };
        break;
      }
      case 'exit':
        vm.processes.splice(vm.processes.indexOf(process), 1);
        scenario.exit(target);
        focus = { vm, process: vm.processes.length === 0 ? undefined : random.pick(vm.processes) };
        break;
      case 'mmap': {
        const region = freeRegion(random, process);
        if (region === undefined) {
          scenario.read(target, accessAddress(random, process, 'read'));
          break;
        }
        const prot = random.weighted<Prot>([['rw', 5], ['r', 2], ['rx', 2], ['rwx', 1]]);
        for (let page = region.first; page < region.first + region.pages; page++) process.map(page, prot);
        scenario.mmap(target, region.first * PAGE_BYTES, region.pages, prot);
        break;
      }
      case 'munmap': {
        const range = rangeAroundMappedPage(random, process);
        for (let page = range.first; page < range.first + range.pages; page++) process.unmap(page);
        scenario.munmap(target, range.first * PAGE_BYTES, range.pages);
        break;
      }
      case 'mprotect': {
        const range = rangeAroundMappedPage(random, process);
        const prot = random.pick<Prot>(['r', 'rw', 'rx', 'rwx']);
        for (let page = range.first; page < range.first + range.pages; page++) {
          if (process.pages.has(page)) process.map(page, prot);
        }
        scenario.mprotect(target, range.first * PAGE_BYTES, range.pages, prot);
        break;
      }
      case 'write':
        scenario.write(target, accessAddress(random, process, 'write'), random.uint32());
        break;
      case 'read':
      case 'exec':
      case 'inspect':
      case 'clear-ad':
        scenario.access(op, target, accessAddress(random, process, op));
        break;
    }
  }

  return scenario.build();
}

function checkedOptions(options: GenerateOptions): { seed: number; vms: number; processesPerVm: number; events: number } {
  const settings = {
    seed: options.seed,
    vms: options.vms ?? GENERATE_DEFAULTS.vms,
    processesPerVm: options.processesPerVm ?? GENERATE_DEFAULTS.processesPerVm,
    events: options.events ?? GENERATE_DEFAULTS.events,
  };
  const bound = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new VmlabError('OPTION_INVALID', `${name} must be an integer in [${min}, ${max}] (got ${value})`);
    }
  };
  bound('seed', settings.seed, 0, 0xffff_ffff);
  bound('vms', settings.vms, 1, MAX_VM);
  bound('processes per VM', settings.processesPerVm, 1, MAX_PROCESSES_PER_VM);
  bound('events', settings.events, 0, MAX_GENERATED_EVENTS);
  return settings;
}

function spawn(vm: VmState, scenario: ScenarioBuilder): ProcessState {
  const process = new ProcessState(scenario.freshPid(vm.id));
  vm.processes.push(process);
  scenario.spawn({ vm: vm.id, pid: process.pid });
  return process;
}

/** A page-aligned range of 1-16 pages in one of the areas, none of them mapped; a few tries, then give up. */
function freeRegion(random: Random, process: ProcessState): { first: number; pages: number } | undefined {
  for (let attempt = 0; attempt < 4; attempt++) {
    const pages = random.int(1, MAX_REGION_PAGES);
    const first = random.pick(AREA_BASE_PAGES) + random.int(0, AREA_PAGES - pages);
    let free = true;
    for (let page = first; page < first + pages && free; page++) free = !process.pages.has(page);
    if (free) return { first, pages };
  }
  return undefined;
}

/** A range starting at or a little before a mapped page: it may cover unmapped pages too, which munmap and mprotect ignore. */
function rangeAroundMappedPage(random: Random, process: ProcessState): { first: number; pages: number } {
  const page = random.pick(process.mappedPages());
  return { first: Math.max(0, page - random.int(0, 2)), pages: random.int(1, 8) };
}

/**
 * Where an access goes: usually a mapped page, and for writes and execs
 * usually one that allows them; sometimes an unmapped page of an area (or a
 * page that allows nothing of the kind), so both faults occur.
 */
function accessAddress(random: Random, process: ProcessState, op: 'read' | 'write' | 'exec' | 'inspect' | 'clear-ad'): number {
  const word = random.int(0, WORDS_PER_PAGE - 1) * 4;
  const mapped = process.mappedPages();
  if (mapped.length > 0 && random.chance(0.85)) {
    const allowed = op === 'write' ? process.mappedPages('w') : op === 'exec' ? process.mappedPages('x') : mapped;
    const page = allowed.length > 0 && random.chance(0.85) ? random.pick(allowed) : random.pick(mapped);
    return page * PAGE_BYTES + word;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const page = random.pick(AREA_BASE_PAGES) + random.int(0, AREA_PAGES - 1);
    if (!process.pages.has(page)) return page * PAGE_BYTES + word;
  }
  // Between the areas: never mapped by this generator.
  return 0x20000000 + word;
}
