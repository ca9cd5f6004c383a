import { hex } from '../addresses';
import { VmlabError } from '../errors';
import { levelPageSize } from '../paging/geometry';
import { tlbSetCount } from '../tlb/tlb-config';
import { PAGE_SIZE, WORD_BYTES, userSpaceBits } from './limits';
import { eventLabel, ScenarioProblem } from './problems';
import { PAGE_SIZE_LEVELS, PageSizeName, PagingLevels, ResolvedEvent, ResolvedMachineOptions } from './types';

/**
 * The checks a schema cannot make: they need the history of the events. One
 * static pass tracks, per VM, which processes exist and which address ranges
 * each has mapped, exactly as the guest OS will, so that a scenario that
 * passes cannot make the machine trip over a missing process or an
 * overlapping mmap halfway through a run.
 */

/** A mapped range [start, end) and the mmap event that created it (kept through splits and forks). */
interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  readonly madeBy: number;
}

interface ProcessRecord {
  readonly createdBy: number;
  /** Sorted by start, never overlapping. */
  mappings: Mapping[];
}

interface VmRecord {
  readonly processes: Map<number, ProcessRecord>;
  /** Where each process that no longer exists exited, for the message about a later use. */
  readonly exitedAt: Map<number, number>;
}

/** What the event checks need of the machine options. */
export type MachineFacts = Pick<ResolvedMachineOptions, 'guestMemoryMiB' | 'guestLevels'>;

/**
 * Machine options that failed their own checks are not judged: then only the
 * widest user space any guest has bounds addresses, and guest memory bounds
 * nothing.
 */
const UNKNOWN_MACHINE_GUEST_LEVELS: PagingLevels = 5;

/** The end of user space, and how messages write it. */
interface UserSpace {
  readonly end: bigint;
  readonly power: string;
}

function userSpaceOf(guestLevels: PagingLevels): UserSpace {
  const bits = userSpaceBits(guestLevels);
  return { end: 1n << BigInt(bits), power: `2^${bits}` };
}

/**
 * Every semantic problem of `events`, in event order (at most one per event).
 * The machine options, when known, let it refuse addresses beyond the guest's
 * user space and large pages that cannot fit in guest memory.
 */
export function semanticProblems(events: readonly ResolvedEvent[], machine?: MachineFacts): ScenarioProblem[] {
  const userSpace = userSpaceOf(machine?.guestLevels ?? UNKNOWN_MACHINE_GUEST_LEVELS);
  const vms = new Map<number, VmRecord>();
  const problems: ScenarioProblem[] = [];
  for (const event of events) {
    let vm = vms.get(event.vm);
    if (vm === undefined) {
      vm = { processes: new Map(), exitedAt: new Map() };
      vms.set(event.vm, vm);
    }
    const problem = checkEvent(event, vm, userSpace, machine?.guestMemoryMiB);
    if (problem !== null) problems.push({ ...problem, event: event.index, message: `${eventLabel(event.index, event.op)}: ${problem.message}` });
  }
  return problems;
}

type Finding = { location: string; message: string } | null;

/** Check one event against the state so far and, if it is valid, apply it. */
function checkEvent(event: ResolvedEvent, vm: VmRecord, userSpace: UserSpace, guestMemoryMiB: number | undefined): Finding {
  const at = (field: string) => `events[${event.index}].${field}`;
  const pageSizeProblem = checkPageSize(event, guestMemoryMiB);
  if (pageSizeProblem !== null) return { location: at(pageSizeProblem.field), message: pageSizeProblem.message };
  const addressProblem = checkAddresses(event, userSpace);
  if (addressProblem !== null) return { location: at('va'), message: addressProblem };

  const process = vm.processes.get(event.pid);
  if (event.op === 'spawn') {
    if (process !== undefined) return { location: at('pid'), message: `process ${event.pid} already exists in vm ${event.vm} (created by events[${process.createdBy}])` };
    vm.processes.set(event.pid, { createdBy: event.index, mappings: [] });
    vm.exitedAt.delete(event.pid);
    return null;
  }
  if (process === undefined) return { location: at('pid'), message: missingProcess(event.pid, event.vm, vm) };

  switch (event.op) {
    case 'exit':
      vm.processes.delete(event.pid);
      vm.exitedAt.set(event.pid, event.index);
      return null;
    case 'fork': {
      const existing = vm.processes.get(event.child);
      if (existing !== undefined) {
        return { location: at('child'), message: `child process ${event.child} already exists in vm ${event.vm} (created by events[${existing.createdBy}])` };
      }
      // The child inherits the parent's mappings; they keep naming the mmap that made them.
      vm.processes.set(event.child, { createdBy: event.index, mappings: [...process.mappings] });
      vm.exitedAt.delete(event.child);
      return null;
    }
    case 'mmap': {
      const start = event.va;
      const end = rangeEnd(event.va, event.pages);
      const clash = firstOverlap(process.mappings, start, end);
      if (clash !== undefined) {
        return {
          location: at('va'),
          message: `${hex(start)}-${hex(end)} overlaps the mapping ${hex(clash.start)}-${hex(clash.end)} made by events[${clash.madeBy}]`,
        };
      }
      insertMapping(process.mappings, { start, end, madeBy: event.index });
      return null;
    }
    case 'munmap':
      process.mappings = withoutRange(process.mappings, event.va, rangeEnd(event.va, event.pages));
      return null;
    default:
      // mprotect changes no extent; accesses to unmapped pages are valid (they fault at run time).
      return null;
  }
}

function missingProcess(pid: number, vmId: number, vm: VmRecord): string {
  const exited = vm.exitedAt.get(pid);
  const why = exited === undefined ? 'no spawn or fork created it' : `it exited at events[${exited}]`;
  return `process ${pid} does not exist in vm ${vmId} (${why})`;
}

function rangeEnd(start: bigint, pages: number): bigint {
  return start + BigInt(pages) * PAGE_SIZE;
}

/** Alignment and user-space bounds: properties of the event alone. */
function checkAddresses(event: ResolvedEvent, userSpace: UserSpace): string | null {
  switch (event.op) {
    case 'mmap':
    case 'munmap':
    case 'mprotect': {
      if (event.va % PAGE_SIZE !== 0n) return `address ${hex(event.va)} is not page-aligned (pages are 4 KiB)`;
      const end = rangeEnd(event.va, event.pages);
      if (end > userSpace.end) {
        return `${hex(event.va)}-${hex(end)} goes past the end of user space (${hex(userSpace.end)}, ${userSpace.power})`;
      }
      return null;
    }
    case 'read':
    case 'write':
    case 'exec':
    case 'inspect':
    case 'clear-ad':
    case 'invlpg':
      if (event.va >= userSpace.end) return `address ${hex(event.va)} is not in user space (addresses must be below ${hex(userSpace.end)}, ${userSpace.power})`;
      if (event.va % WORD_BYTES !== 0n) return `address ${hex(event.va)} is not 4-byte aligned`;
      return null;
    default:
      return null;
  }
}

/**
 * An mmap with large pages: `va` aligned to the page size, `pages` (4 KiB
 * pages) a whole number of them, and guest memory that can hold one. The
 * first naturally aligned block of guest memory holds the reserved first MiB,
 * so a large page needs guest memory of at least twice its size.
 */
function checkPageSize(event: ResolvedEvent, guestMemoryMiB: number | undefined): { field: string; message: string } | null {
  if (event.op !== 'mmap' || event.pageSize === undefined || event.pageSize === '4K') return null;
  const name = LARGE_PAGE_WORDS[event.pageSize];
  const size = levelPageSize(PAGE_SIZE_LEVELS[event.pageSize]);
  if (event.va % size !== 0n) return { field: 'va', message: `address ${hex(event.va)} is not aligned to its ${name} pages` };
  const smallPages = size / PAGE_SIZE;
  if (BigInt(event.pages) % smallPages !== 0n) {
    return { field: 'pages', message: `${event.pages} pages of 4 KiB are not a whole number of ${name} pages (pages must be a multiple of ${smallPages})` };
  }
  const neededMiB = Number((2n * size) >> 20n);
  if (guestMemoryMiB !== undefined && guestMemoryMiB < neededMiB) {
    return {
      field: 'pageSize',
      message: `${name} pages need machine.guestMemoryMiB of at least ${neededMiB} (it is ${guestMemoryMiB}): a large page takes a naturally aligned block of guest memory, and the first one holds the reserved first MiB`,
    };
  }
  return null;
}

const LARGE_PAGE_WORDS: Readonly<Record<Exclude<PageSizeName, '4K'>, string>> = { '2M': '2 MiB', '1G': '1 GiB' };

/** Index of the first mapping that ends after `start` (mappings are sorted and disjoint). */
function firstEndingAfter(mappings: readonly Mapping[], start: bigint): number {
  let low = 0;
  let high = mappings.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (mappings[middle].end <= start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function firstOverlap(mappings: readonly Mapping[], start: bigint, end: bigint): Mapping | undefined {
  const candidate = mappings[firstEndingAfter(mappings, start)];
  return candidate !== undefined && candidate.start < end ? candidate : undefined;
}

function insertMapping(mappings: Mapping[], mapping: Mapping): void {
  mappings.splice(firstEndingAfter(mappings, mapping.start), 0, mapping);
}

/** The mappings with [start, end) cut out: pieces left on either side keep their origin. */
function withoutRange(mappings: Mapping[], start: bigint, end: bigint): Mapping[] {
  const first = firstEndingAfter(mappings, start);
  let last = first;
  const pieces: Mapping[] = [];
  while (last < mappings.length && mappings[last].start < end) {
    const mapping = mappings[last];
    if (mapping.start < start) pieces.push({ ...mapping, end: start });
    if (mapping.end > end) pieces.push({ ...mapping, start: end });
    last++;
  }
  if (last === first) return mappings;
  return [...mappings.slice(0, first), ...pieces, ...mappings.slice(last)];
}

/**
 * The machine options the schema cannot judge alone: the TLB's geometry, by
 * the same rule the TLB itself enforces (one rule, one place).
 */
export function machineProblems(machine: ResolvedMachineOptions): ScenarioProblem[] {
  try {
    tlbSetCount(machine.tlb);
    return [];
  } catch (error) {
    if (!(error instanceof VmlabError)) throw error;
    return [{ location: 'machine.tlb', message: `machine.tlb: ${error.message}` }];
  }
}
