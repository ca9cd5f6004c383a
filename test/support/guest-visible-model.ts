import type { InspectedPte, Outcome, Prot, ResolvedEvent } from '../../reference/scenario/types';

/**
 * What a guest can observe of its memory, written from the "Guest-visible
 * semantics" of shared/SCENARIO.md alone: plain dictionaries, no page tables,
 * no TLB, nothing shared with the simulator but its types. Whatever mode the
 * simulator runs in, its outcomes must equal this model's; a bug would have to
 * be made twice, in two unrelated designs, to go unnoticed.
 */

const PAGE_SHIFT = 12n;
const PAGE_OFFSET_MASK = 0xfffn;

/** One mapped page of one process. */
interface ModelPage {
  prot: Prot;
  /** Demand paging: a mapped page has no frame until its first successful access. */
  present: boolean;
  accessed: boolean;
  dirty: boolean;
  /** The 32-bit words written, by byte offset in the page; absent words read as 0. */
  words: Map<bigint, number>;
}

/** A process: its mapped pages by virtual page number. */
type ModelProcess = Map<bigint, ModelPage>;

export interface ModelResult {
  outcomes: Outcome[];
  /**
   * Page faults the guest kernel handles: every faulting access, plus every
   * successful access to a page not yet present (demand paging). This is what
   * a guest kernel counts, so it is the same in every mode.
   */
  guestPageFaults: number;
}

function pagesOf(va: bigint, count: number): bigint[] {
  const first = va >> PAGE_SHIFT;
  return Array.from({ length: count }, (_, i) => first + BigInt(i));
}

export class GuestVisibleModel {
  /** Processes by VM, then pid. */
  private readonly vms = new Map<number, Map<number, ModelProcess>>();
  private guestPageFaults = 0;

  /** Play one event; returns the outcome for accesses and inspections, null otherwise. */
  apply(event: ResolvedEvent): Outcome | null {
    switch (event.op) {
      case 'spawn':
        this.processes(event.vm).set(event.pid, new Map());
        return null;
      case 'exit':
        this.processes(event.vm).delete(event.pid);
        return null;
      case 'fork':
        this.processes(event.vm).set(event.child, forkCopy(this.process(event)));
        return null;
      case 'mmap': {
        const process = this.process(event);
        for (const page of pagesOf(event.va, event.pages)) {
          process.set(page, { prot: event.prot, present: false, accessed: false, dirty: false, words: new Map() });
        }
        return null;
      }
      case 'munmap': {
        // The data goes with the mapping: mapping the range again starts from zeros.
        const process = this.process(event);
        for (const page of pagesOf(event.va, event.pages)) process.delete(page);
        return null;
      }
      case 'mprotect': {
        const process = this.process(event);
        for (const page of pagesOf(event.va, event.pages)) {
          const mapped = process.get(page);
          if (mapped !== undefined) mapped.prot = event.prot;
        }
        return null;
      }
      case 'read':
      case 'write':
      case 'exec':
        return this.access(event);
      case 'inspect':
        return { event: event.index, op: 'inspect', pte: inspect(this.pageAt(event)) };
      case 'clear-ad': {
        const page = this.pageAt(event);
        if (page?.present) {
          page.accessed = false;
          page.dirty = false;
        }
        return null;
      }
    }
  }

  result(outcomes: Outcome[]): ModelResult {
    return { outcomes, guestPageFaults: this.guestPageFaults };
  }

  private access(event: Extract<ResolvedEvent, { op: 'read' | 'write' | 'exec' }>): Outcome {
    const page = this.pageAt(event);
    if (page === undefined) {
      this.guestPageFaults++;
      return { event: event.index, op: event.op, fault: 'unmapped' };
    }
    const forbidden = (event.op === 'write' && !page.prot.includes('w')) || (event.op === 'exec' && !page.prot.includes('x'));
    if (forbidden) {
      // A refused access changes nothing: no page becomes present, no A/D bit is set.
      this.guestPageFaults++;
      return { event: event.index, op: event.op, fault: 'protection' };
    }
    if (!page.present) {
      this.guestPageFaults++;
      page.present = true;
    }
    page.accessed = true;
    const offset = event.va & PAGE_OFFSET_MASK;
    switch (event.op) {
      case 'read':
        return { event: event.index, op: 'read', value: page.words.get(offset) ?? 0 };
      case 'write':
        page.dirty = true;
        page.words.set(offset, event.value);
        return { event: event.index, op: 'write' };
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

  private pageAt(event: { vm: number; pid: number; index: number; va: bigint }): ModelPage | undefined {
    return this.process(event).get(event.va >> PAGE_SHIFT);
  }
}

/**
 * fork: the child maps what the parent maps, with the same protections. A
 * present page is copied (so it is present in the child too, with fresh PTE
 * bits A = D = 0); a page the parent never touched has no data to copy and
 * stays not present.
 */
function forkCopy(parent: ModelProcess): ModelProcess {
  const child: ModelProcess = new Map();
  for (const [number, page] of parent) {
    child.set(number, {
      prot: page.prot,
      present: page.present,
      accessed: false,
      dirty: false,
      words: new Map(page.words),
    });
  }
  return child;
}

function inspect(page: ModelPage | undefined): InspectedPte {
  if (page === undefined || !page.present) return { present: false };
  return {
    present: true,
    writable: page.prot.includes('w'),
    executable: page.prot.includes('x'),
    accessed: page.accessed,
    dirty: page.dirty,
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
