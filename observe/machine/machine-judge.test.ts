import { frameNumber, hex } from '../../reference/addresses';
import { Components } from '../../reference/components';
import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_RW } from '../../reference/paging/constants';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { ScenarioEvent } from '../../reference/scenario/types';
import { parseScenario } from '../../reference/scenario/validate';
import { Difference } from '../difference';
import { judgeMachine } from './machine-judge';
import { MachineObservation, observeMachine } from './machine-probe';
import { MachineSnapshot, VmSnapshot } from './machine-observation';

/**
 * The judge on observations edited by hand: each edit is one thing a student's
 * machine could do differently, and the test says which check must notice it
 * and how the first difference must read.
 */

const EVENTS: ScenarioEvent[] = [
  { op: 'spawn' },
  { op: 'mmap', va: '0x400000', pages: 2, prot: 'rw' },
  { op: 'read', va: '0x400010' }, // 2: demand fault, then a hidden fault; the leaf is clean
  { op: 'write', va: '0x400020', value: 7 }, // 3: hidden fault sets D
  { op: 'exec', va: '0x400000' }, // 4: NX: #PF 0x15
  { op: 'mprotect', va: '0x400000', pages: 1, prot: 'r' }, // 5: PTE store + invlpg
  { op: 'read', va: '0x400020' }, // 6
];
const EXPECTED = observeMachine({ kind: 'machine', snapshots: 'every-event', scenario: { machine: { mode: 'shadow' }, events: EVENTS } }, REFERENCE_COMPONENTS, parseScenario);

type Mutable<T> = T extends ReadonlyArray<infer Item> ? Mutable<Item>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Editable = Mutable<MachineObservation>;

function edited(edit: (observation: Editable) => void): MachineObservation {
  const copy = structuredClone(EXPECTED) as Editable;
  edit(copy);
  return copy as MachineObservation;
}

function vmAfter(observation: Editable, event: number): Mutable<VmSnapshot> {
  return observation.snapshots.find((snapshot: Mutable<MachineSnapshot>) => snapshot.afterEvent === event)!.vms[0];
}

/** The shadow PT's entry for gVA 0x400000 after `event` (the scenario's only level-1 shadow page). */
function shadowLeaf(observation: Editable, event: number): { entries: Record<string, string> } {
  return vmAfter(observation, event).shadow!.pages.find((page) => page.level === 1)!;
}

function judge(check: 'policy' | 'invariant', got: MachineObservation): Difference | null {
  return judgeMachine(check, EXPECTED, got);
}

it('passes the reference against itself under both checks (the judge finds nothing in equal data)', () => {
  expect(judge('policy', EXPECTED)).toBeNull();
  expect(judge('invariant', EXPECTED)).toBeNull();
});

it('reports what the guest saw first, at its event, under both checks', () => {
  const got = edited((o) => {
    o.events[2].outcome = { event: 2, op: 'read', value: 5 };
  });
  for (const check of ['policy', 'invariant'] as const) {
    expect(judge(check, got)).toMatchObject({ where: 'event 2: read 0x400010 (vm 1, pid 1)', step: 2, field: 'what the guest saw', expected: 'the value 0', got: 'the value 5' });
  }
});

it('reports a wrong error code as a fault delivered to the guest, under both checks', () => {
  const got = edited((o) => {
    o.events[4].faults![0].errorCode = '0x5';
  });
  expect(judge('invariant', got)).toMatchObject({ step: 4, field: '1st page fault delivered to the guest' });
  expect(judge('invariant', got)!.expected).toContain('0x15 (P (protection), U (user), I/D (instruction fetch))');
  expect(judge('policy', got)).toMatchObject({ step: 4, field: '1st page fault handled' });
});

it('leaves exits to the design under invariant checks, and names them under policy checks', () => {
  const got = edited((o) => {
    o.events[3].exits = { 'hidden-fault': 2 };
  });
  expect(judge('invariant', got)).toBeNull();
  expect(judge('policy', got)).toMatchObject({ step: 3, field: 'hidden-fault exits', expected: '1', got: '2' });
});

it('catches a writable shadow leaf for a clean page: a rule under invariant checks, the bits under policy checks', () => {
  const got = edited((o) => {
    const leaf = shadowLeaf(o, 2);
    leaf.entries['0'] = hex(BigInt(leaf.entries['0']) | PTE_RW | PTE_D);
  });
  const invariant = judge('invariant', got)!;
  expect(invariant).toMatchObject({ step: 2, field: 'shadow entry' });
  expect(invariant.where).toBe("after event 2: read 0x400010 (vm 1, pid 1): the shadow of the guest's PT at gPA 0x104000, entry 0 (gVA 0x400000)");
  expect(invariant.message).toContain('is writable while the guest PTE is clean (D = 0)');
  expect(judge('policy', got)).toMatchObject({ step: 2, field: 'shadow entry flags', message: "The shadow entry's flags differ: RW set, expected clear; D set, expected clear." });
});

it('catches a shadow leaf that survives munmap-like changes: stale against the guest, and not present in the reference', () => {
  // After the mprotect (event 5) the reference zapped the leaf; put back the writable leaf of event 4.
  const got = edited((o) => {
    shadowLeaf(o, 5).entries['0'] = shadowLeaf(o, 4).entries['0'];
  });
  expect(judge('invariant', got)!.message).toContain('is writable while the guest entry is read-only');
  expect(judge('policy', got)).toMatchObject({ step: 5, field: 'shadow entry', expected: 'not present' });
});

it('does not care which host frames a design allocated, only what they back and shadow', () => {
  const got = edited((o) => renumberHostFrames(o, (frame) => frame + 0x500000n));
  expect(judge('policy', got)).toBeNull();
  expect(judge('invariant', got)).toBeNull();
});

it("reports the guest's A/D bits as the hypervisor's job", () => {
  const got = edited((o) => {
    const pt = vmAfter(o, 2).guestTables.find((table) => table.level === 1)!;
    pt.entries['0'] = hex(BigInt(pt.entries['0']) & ~PTE_A);
  });
  for (const check of ['policy', 'invariant'] as const) {
    const difference = judge(check, got)!;
    expect(difference).toMatchObject({ step: 2, field: "guest's entry" });
    expect(difference.message).toMatch(/^The guest's accessed\/dirty bits differ \(A clear, expected set\)/);
  }
});

it('catches a stale TLB entry: a page the guest does not map', () => {
  const got = edited((o) => {
    vmAfter(o, 6).tlb.push({ page: '0x7f0000000000', frame: vmAfter(o, 6).tlb[0].frame, rights: 'r--u', dirty: false });
  });
  expect(judge('invariant', got)).toMatchObject({ step: 6, where: 'after event 6: read 0x400020 (vm 1, pid 1): the TLB entry for gVA 0x7f0000000000' });
  expect(judge('invariant', got)!.message).toContain('the guest does not map this page');
  expect(judge('policy', got)).toMatchObject({ step: 6, field: 'TLB entry', expected: 'no entry' });
});

it('catches two guest frames backed by one host frame', () => {
  const got = edited((o) => {
    const backing = vmAfter(o, 3).backing!;
    const [first, second] = Object.keys(backing);
    backing[second] = backing[first];
  });
  expect(judge('invariant', got)).toMatchObject({ step: 3, field: 'guest frames it backs', expected: 'at most one' });
});

it('reports a machine that stopped at the event where it stopped, explaining the machine\'s refusal', () => {
  const got = edited((o) => {
    o.events.splice(4);
    o.snapshots.splice(3);
    delete o.stats;
    o.stopped = { event: 3, message: 'NoProgressError: access to 0x400020 still faults after 8 hidden faults' };
  });
  for (const check of ['policy', 'invariant'] as const) {
    const difference = judge(check, got)!;
    expect(difference).toMatchObject({ step: 3, field: 'the event', got: 'it stopped: NoProgressError: access to 0x400020 still faults after 8 hidden faults' });
    expect(difference.message).toMatch(/kept answering 'fixed'/);
  }
});

it('compares the final statistics under policy checks only', () => {
  const got = edited((o) => {
    o.stats!.pageTablePages.shadow += 1;
  });
  expect(judge('invariant', got)).toBeNull();
  expect(judge('policy', got)).toMatchObject({ where: 'end of the run', field: 'pageTablePages.shadow' });
});

/** Rename every host frame of a shadow-mode observation consistently, as another allocation order would. */
function renumberHostFrames(observation: Editable, rename: (frame: bigint) => bigint): void {
  const renameAddress = (address: string) => hex(rename(BigInt(address)));
  const renameEntry = (entry: string) => {
    const value = BigInt(entry);
    return hex((value & ~ENTRY_ADDRESS_MASK) | rename(value & ENTRY_ADDRESS_MASK));
  };
  for (const snapshot of observation.snapshots) {
    for (const vm of snapshot.vms) {
      vm.backing = Object.fromEntries(Object.entries(vm.backing!).map(([guest, host]) => [guest, renameAddress(host)]));
      const shadow = vm.shadow!;
      shadow.root = shadow.root === null ? null : renameAddress(shadow.root);
      for (const page of shadow.pages) {
        page.table = renameAddress(page.table);
        page.entries = Object.fromEntries(Object.entries(page.entries).map(([index, entry]) => [index, renameEntry(entry)]));
      }
      for (const entry of vm.tlb) entry.frame = renameAddress(entry.frame);
    }
  }
}

describe.each(['native', 'ept'] as const)('in %s mode', (mode) => {
  const events: ScenarioEvent[] = [{ op: 'spawn' }, { op: 'mmap', va: '0x400000', pages: 1, prot: 'r' }, { op: 'read', va: '0x400000' }];
  const expected = observeMachine({ kind: 'machine', scenario: { machine: { mode }, events } }, REFERENCE_COMPONENTS, parseScenario);

  it('judges the TLB against the guest tables: a cached right the guest never granted is caught', () => {
    const got = structuredClone(expected) as Editable;
    got.snapshots[0].vms[0].tlb[0].rights = 'rw-u';
    expect(judgeMachine('invariant', expected, expected)).toBeNull();
    expect(judgeMachine('invariant', expected, got as MachineObservation)!.message).toContain('it allows writes, the guest maps the page read-only');
    expect(judgeMachine('policy', expected, got as MachineObservation)).toMatchObject({ step: 2, field: 'TLB entry' });
  });
});

describe('with a 5-level guest (shadow mode, above 2^47)', () => {
  const events: ScenarioEvent[] = [
    { op: 'spawn' },
    { op: 'mmap', va: '0xfffffffff000', pages: 1, prot: 'rw' },
    { op: 'write', va: '0xfffffffff000', value: 1 }, // PML5 0, PML4 511, PDPT 511, PD 511, PT 511
  ];
  const expected = observeMachine({ kind: 'machine', snapshots: 'every-event', scenario: { machine: { mode: 'shadow', guestLevels: 5 }, events } }, REFERENCE_COMPONENTS, parseScenario);

  it('snapshots say the depth, and the judge takes the PML5 shadow for the root it is', () => {
    expect(vmAfter(expected as Editable, 2)).toMatchObject({ guestLevels: 5 });
    expect(vmAfter(expected as Editable, 2).shadow!.pages.map((page) => page.level)).toEqual([5, 4, 3, 2, 1]);
    expect(judgeMachine('invariant', expected, expected)).toBeNull();
  });

  it("judges the TLB against the guest's five levels: a cached right the guest never granted is caught", () => {
    const got = structuredClone(expected) as Editable;
    vmAfter(got, 2).tlb[0].rights = 'rwxu';
    expect(judgeMachine('invariant', expected, got as MachineObservation)!.message).toContain('it allows execution, the guest maps the page NX');
  });
});

it('reports a shadow root an exited process left behind, with the shadows counted against the guest tables', () => {
  // The reference with roots never freed: the exiting process's stores empty its root, which stays.
  const rootsLeak: Components = {
    ...REFERENCE_COMPONENTS,
    shadowSync: {
      ...REFERENCE_COMPONENTS.shadowSync,
      cr3Write(root, context) {
        const next = root === null ? null : context.shadow.pageFor(frameNumber(root), context.shadow.rootLevel);
        if (root !== null) context.writeProtection.protect(frameNumber(root));
        context.tlb.flushContext();
        return next;
      },
      pageTableWrite(write, context) {
        context.guestMemory.writeEntry(write.address, write.value);
        for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) context.shadow.zap(page, Number((write.address & 0xfffn) >> 3n));
        context.tlb.flushAll();
      },
    },
  };
  const probe = { kind: 'machine' as const, snapshots: 'every-event' as const, scenario: { machine: { mode: 'shadow' as const }, events: [...EVENTS.slice(0, 4), { op: 'exit' as const }] } };
  const difference = judgeMachine('invariant', observeMachine(probe, REFERENCE_COMPONENTS, parseScenario), observeMachine(probe, rootsLeak, parseScenario));
  expect(difference).toMatchObject({ where: "after event 4: exit (vm 1, pid 1): the shadow of the guest's PML4 at gPA 0x100000", field: 'shadow page' });
  expect(difference?.message).toMatch(/no page table of a live process.* Shadow memory now: 1 shadow pages \(and 0 direct pages\) for the guest's 0 page-table pages: with no guest table left\.$/);
});
