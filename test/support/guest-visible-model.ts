import type { InspectedPte, Outcome, PageSizeName, Prot, ResolvedEvent } from '../../reference/scenario/types';

/**
 * What a guest can observe of its memory, written from the "Guest-visible
 * semantics" of shared/SCENARIO.md (and the README's large-page rules) alone:
 * plain dictionaries, no page tables, no TLB, nothing shared with the
 * simulator but its types. Whatever mode the simulator runs in, its outcomes
 * must equal this model's; a bug would have to be made twice, in two
 * unrelated designs, to go unnoticed.
 */

const PAGE_SHIFT = 12n;
const PAGE_OFFSET_MASK = 0xfffn;
/** 4 KiB pages in one page of each size. */
const SMALL_PAGES: Readonly<Record<PageSizeName, bigint>> = { '4K': 1n, '2M': 512n, '1G': 512n * 512n };

/** A mapping: pages [first, first + count) with one protection, mapped with pages of at most `largest` 4 KiB pages. */
interface ModelRegion {
  first: bigint;
  count: bigint;
  prot: Prot;
  largest: bigint;
}

/**
 * What the guest's PTE for a present page says: one for a 4 KiB page, one
 * shared by every 4 KiB page of a large page. Demand paging creates it on
 * the first successful access.
 */
interface ModelLeaf {
  first: bigint;
  count: bigint;
  accessed: boolean;
  dirty: boolean;
}

/** A process: its regions (sorted, disjoint), its present leaves by first page, and the words written, by page. */
interface ModelProcess {
  regions: ModelRegion[];
  leaves: Map<bigint, ModelLeaf>;
  /** The 32-bit words written, by page and byte offset; absent words read as 0. */
  words: Map<bigint, Map<bigint, number>>;
}

export interface ModelResult {
  outcomes: Outcome[];
  /**
   * Page faults the guest kernel handles: every faulting access, plus every
   * successful access to a page not yet present (demand paging). This is what
   * a guest kernel counts, so it is the same in every mode.
   */
  guestPageFaults: number;
}

export class GuestVisibleModel {
  /** Processes by VM, then pid. */
  private readonly vms = new Map<number, Map<number, ModelProcess>>();
  private guestPageFaults = 0;

  /** Play one event; returns the outcome for accesses and inspections, null otherwise. */
  apply(event: ResolvedEvent): Outcome | null {
    switch (event.op) {
      case 'spawn':
        this.processes(event.vm).set(event.pid, { regions: [], leaves: new Map(), words: new Map() });
        return null;
      case 'exit':
        this.processes(event.vm).delete(event.pid);
        return null;
      case 'fork':
        this.processes(event.vm).set(event.child, forkCopy(this.process(event)));
        return null;
      case 'mmap': {
        const process = this.process(event);
        const region = { first: event.va >> PAGE_SHIFT, count: BigInt(event.pages), prot: event.prot, largest: SMALL_PAGES[event.pageSize ?? '4K'] };
        process.regions = [...process.regions, region].sort((a, b) => (a.first < b.first ? -1 : 1));
        return null;
      }
      case 'munmap': {
        // The data goes with the mapping: mapping the range again starts from zeros.
        const process = this.process(event);
        const [start, end] = range(event);
        process.regions = cutRegions(process.regions, start, end, null);
        cutLeaves(process, start, end);
        for (const page of process.leaves.keys()) if (page >= start && page < end) process.leaves.delete(page);
        for (const page of process.words.keys()) if (page >= start && page < end) process.words.delete(page);
        return null;
      }
      case 'mprotect': {
        // Only what changes protection is cut: a region (and a large page) keeps its extent where nothing changes.
        const process = this.process(event);
        const [start, end] = range(event);
        const changing = process.regions.filter((region) => region.prot !== event.prot && region.first < end && start < region.first + region.count);
        if (changing.length === 0) return null;
        process.regions = cutRegions(process.regions, start, end, event.prot);
        cutLeaves(process, start, end, (leaf) => changing.some((region) => leaf.first >= region.first && leaf.first < region.first + region.count));
        return null;
      }
      case 'read':
      case 'write':
      case 'exec':
        return this.access(event);
      case 'inspect': {
        const process = this.process(event);
        const page = event.va >> PAGE_SHIFT;
        const leaf = leafAt(process, page);
        const prot = regionAt(process, page)?.prot;
        return { event: event.index, op: 'inspect', pte: inspect(leaf, prot) };
      }
      case 'invlpg':
        return null;
      case 'clear-ad': {
        const leaf = leafAt(this.process(event), event.va >> PAGE_SHIFT);
        if (leaf !== undefined) {
          leaf.accessed = false;
          leaf.dirty = false;
        }
        return null;
      }
    }
  }

  result(outcomes: Outcome[]): ModelResult {
    return { outcomes, guestPageFaults: this.guestPageFaults };
  }

  private access(event: Extract<ResolvedEvent, { op: 'read' | 'write' | 'exec' }>): Outcome {
    const process = this.process(event);
    const page = event.va >> PAGE_SHIFT;
    const region = regionAt(process, page);
    if (region === undefined) {
      this.guestPageFaults++;
      return { event: event.index, op: event.op, fault: 'unmapped' };
    }
    const forbidden = (event.op === 'write' && !region.prot.includes('w')) || (event.op === 'exec' && !region.prot.includes('x'));
    if (forbidden) {
      // A refused access changes nothing: no page becomes present, no A/D bit is set.
      this.guestPageFaults++;
      return { event: event.index, op: event.op, fault: 'protection' };
    }
    let leaf = leafAt(process, page);
    if (leaf === undefined) {
      this.guestPageFaults++;
      leaf = demandPage(region, page);
      process.leaves.set(leaf.first, leaf);
    }
    leaf.accessed = true;
    const offset = event.va & PAGE_OFFSET_MASK;
    switch (event.op) {
      case 'read':
        return { event: event.index, op: 'read', value: process.words.get(page)?.get(offset) ?? 0 };
      case 'write': {
        leaf.dirty = true;
        let words = process.words.get(page);
        if (words === undefined) {
          words = new Map();
          process.words.set(page, words);
        }
        words.set(offset, event.value);
        return { event: event.index, op: 'write' };
      }
      case 'exec':
        return { event: event.index, op: 'exec' };
    }
  }

  private processes(vm: number): Map<number, ModelProcess> {
    let processes = this.vms.get(vm);
    if (processes === undefined) {
      processes = new Map();
      this.vms.set(vm, processes);
    }
    return processes;
  }

  private process(event: { vm: number; pid: number; index: number }): ModelProcess {
    const process = this.processes(event.vm).get(event.pid);
    if (process === undefined) throw new Error(`model: events[${event.index}] names vm ${event.vm} pid ${event.pid}, which does not exist`);
    return process;
  }
}

/** The pages [start, end) an munmap or mprotect names. */
function range(event: { va: bigint; pages: number }): [bigint, bigint] {
  const start = event.va >> PAGE_SHIFT;
  return [start, start + BigInt(event.pages)];
}

function regionAt(process: ModelProcess, page: bigint): ModelRegion | undefined {
  return process.regions.find((region) => page >= region.first && page < region.first + region.count);
}

/** The present leaf covering `page`, whatever its size. */
function leafAt(process: ModelProcess, page: bigint): ModelLeaf | undefined {
  for (const size of Object.values(SMALL_PAGES)) {
    const leaf = process.leaves.get(page - (page % size));
    if (leaf !== undefined && leaf.count === size) return leaf;
  }
  return undefined;
}

/** The first touch: the largest page the region allows whose aligned block lies wholly inside the region. */
function demandPage(region: ModelRegion, page: bigint): ModelLeaf {
  for (const size of [SMALL_PAGES['1G'], SMALL_PAGES['2M']]) {
    if (size > region.largest) continue;
    const first = page - (page % size);
    if (first >= region.first && first + size <= region.first + region.count) return { first, count: size, accessed: false, dirty: false };
  }
  return { first: page, count: 1n, accessed: false, dirty: false };
}

/** The regions with [start, end) removed (prot null) or given `prot`, where it differs. */
function cutRegions(regions: readonly ModelRegion[], start: bigint, end: bigint, prot: Prot | null): ModelRegion[] {
  const result: ModelRegion[] = [];
  for (const region of regions) {
    const regionEnd = region.first + region.count;
    if (regionEnd <= start || region.first >= end || region.prot === prot) {
      result.push(region);
      continue;
    }
    const middleStart = region.first > start ? region.first : start;
    const middleEnd = regionEnd < end ? regionEnd : end;
    if (region.first < middleStart) result.push({ ...region, count: middleStart - region.first });
    if (prot !== null) result.push({ ...region, first: middleStart, count: middleEnd - middleStart, prot });
    if (middleEnd < regionEnd) result.push({ ...region, first: middleEnd, count: regionEnd - middleEnd });
  }
  return result;
}

/**
 * Split every present large page (that `affected` accepts) which [start, end)
 * covers only in part into 512 pages of the next size, each with the large
 * page's A/D bits, until no page straddles start or end.
 */
function cutLeaves(process: ModelProcess, start: bigint, end: bigint, affected: (leaf: ModelLeaf) => boolean = () => true): void {
  for (const boundary of [start, end]) {
    let leaf = leafAt(process, boundary);
    while (leaf !== undefined && leaf.first !== boundary && affected(leaf)) {
      process.leaves.delete(leaf.first);
      const count = leaf.count / 512n;
      for (let first = leaf.first; first < leaf.first + leaf.count; first += count) {
        process.leaves.set(first, { first, count, accessed: leaf.accessed, dirty: leaf.dirty });
      }
      leaf = leafAt(process, boundary);
    }
  }
}

/**
 * fork: the child maps what the parent maps, with the same protections and
 * page sizes. A present page is copied (so it is present in the child too,
 * with fresh PTE bits A = D = 0); a page the parent never touched has no data
 * to copy and stays not present.
 */
function forkCopy(parent: ModelProcess): ModelProcess {
  return {
    regions: parent.regions.map((region) => ({ ...region })),
    leaves: new Map([...parent.leaves.values()].map((leaf) => [leaf.first, { first: leaf.first, count: leaf.count, accessed: false, dirty: false }])),
    words: new Map([...parent.words].map(([page, words]) => [page, new Map(words)])),
  };
}

function inspect(leaf: ModelLeaf | undefined, prot: Prot | undefined): InspectedPte {
  if (leaf === undefined || prot === undefined) return { present: false };
  return {
    present: true,
    writable: prot.includes('w'),
    executable: prot.includes('x'),
    accessed: leaf.accessed,
    dirty: leaf.dirty,
  };
}

/** Run every event of a scenario through a fresh model. */
export function runModel(events: readonly ResolvedEvent[]): ModelResult {
  const model = new GuestVisibleModel();
  const outcomes: Outcome[] = [];
  for (const event of events) {
    const outcome = model.apply(event);
    if (outcome !== null) outcomes.push(outcome);
  }
  return model.result(outcomes);
}
