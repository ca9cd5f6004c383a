import { Components } from '../../reference/components';
import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { Mode, ScenarioEvent } from '../../reference/scenario/types';
import { parseScenario } from '../../reference/scenario/validate';
import { MachineObservation, observeMachine } from './machine-probe';
import { MachineProbe } from '../probe-types';
import { observe } from '../observe';

const READ_THEN_WRITE: ScenarioEvent[] = [
  { op: 'spawn' },
  { op: 'mmap', va: '0x400000', pages: 1, prot: 'rw' },
  { op: 'read', va: '0x400010' },
  { op: 'write', va: '0x400020', value: 7 },
  { op: 'inspect', va: '0x400000' },
];

function probe(events: ScenarioEvent[], mode: Mode, snapshots?: MachineProbe['snapshots']): MachineProbe {
  return { kind: 'machine', ...(snapshots === undefined ? {} : { snapshots }), scenario: { machine: { mode }, events } };
}

/** The leaf entries for gVA 0x400000 after an event: the guest's PTE and its shadow (the only level-1 tables of this scenario). */
function leavesAfter(observation: MachineObservation, event: number): { guest: bigint; shadow: bigint | undefined } {
  const vm = observation.snapshots.find((snapshot) => snapshot.afterEvent === event)!.vms[0];
  const guestPt = vm.guestTables.find((table) => table.level === 1)!;
  const shadowPt = vm.shadow!.pages.find((page) => page.level === 1 && page.shadows === guestPt.table);
  const shadowEntry = shadowPt?.entries['0'];
  return { guest: BigInt(guestPt.entries['0']), shadow: shadowEntry === undefined ? undefined : BigInt(shadowEntry) };
}

describe('observeMachine in shadow mode, on a read then a write of a fresh page', () => {
  const observation = observeMachine(probe(READ_THEN_WRITE, 'shadow', 'every-event'), REFERENCE_COMPONENTS, parseScenario);

  it('records the outcomes as the scenario contract states them', () => {
    expect(observation.events.map((record) => record.outcome)).toEqual([
      undefined,
      undefined,
      { event: 2, op: 'read', value: 0 },
      { event: 3, op: 'write' },
      { event: 4, op: 'inspect', pte: { present: true, writable: true, executable: false, accessed: true, dirty: true } },
    ]);
  });

  it('records the switch to the process as a CR3 write that flushes its TLB context', () => {
    expect(observation.events[1]).toMatchObject({ exits: { 'cr3-write': 1 }, counters: { tlbFlushes: 1 } });
  });

  it("records the read's two page faults: the guest's demand fault, injected as 0x4, then the hidden fault", () => {
    const read = observation.events[2];
    expect(read.faults).toEqual([
      { va: '0x400010', access: 'read', result: 'inject', errorCode: '0x4', cr2: '0x400010' },
      { va: '0x400010', access: 'read', result: 'fixed' },
    ]);
    // Hidden faults: the handler's one, plus the kernel's first touch of its four new table frames
    // (root, PDPT, PD, PT), each backed on first use. Only the store into the root traps: the
    // lower tables are not shadowed yet when the guest fills them.
    expect(read.exits).toEqual({ 'guest-fault': 1, 'hidden-fault': 5, 'pt-write': 1 });
    // Three walks of the shadow tables: the empty root (1 reference), again after the guest's
    // fault (1), and the whole path once filled (4).
    expect(read.counters).toMatchObject({ tlbMisses: 3, walkRefs: 6, guestFaults: 1, hiddenFaults: 5 });
  });

  it('after the read: the guest PTE is accessed but clean, and its shadow leaf is read-only', () => {
    const { guest, shadow } = leavesAfter(observation, 2);
    expect(guest & (PTE_A | PTE_D)).toBe(PTE_A);
    expect(shadow).toBeDefined();
    expect(shadow! & (PTE_P | PTE_RW | PTE_US | PTE_NX)).toBe(PTE_P | PTE_US | PTE_NX);
  });

  it('the first write takes one hidden fault, after which the guest PTE is dirty and the shadow leaf writable', () => {
    expect(observation.events[3].faults).toEqual([{ va: '0x400020', access: 'write', result: 'fixed' }]);
    expect(observation.events[3].exits).toEqual({ 'hidden-fault': 1 });
    const { guest, shadow } = leavesAfter(observation, 3);
    expect(guest & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(shadow! & (PTE_RW | PTE_D)).toBe(PTE_RW | PTE_D);
  });

  it('the shadow leaf maps the host frame that backs the guest frame of the PTE', () => {
    const vm = observation.snapshots[3].vms[0];
    const guestFrame = '0x' + (leavesAfter(observation, 3).guest & 0xffffffffff000n).toString(16);
    expect('0x' + (leavesAfter(observation, 3).shadow! & 0xffffffffff000n).toString(16)).toBe(vm.backing![guestFrame]);
  });

  it('ends with the contract statistics', () => {
    expect(observation.stats).toMatchObject({ accesses: 2, guestPageFaults: 1, hiddenPageFaults: 6, pageTablePages: { guest: 4, shadow: 4, ept: 0 } });
  });
});

describe('snapshots', () => {
  it.each([
    ['none', []],
    ['end', [4]],
    [undefined, [4]],
    ['every-event', [0, 1, 2, 3, 4]],
  ] as const)('%s: after events %j', (snapshots, after) => {
    expect(observeMachine(probe(READ_THEN_WRITE, 'shadow', snapshots), REFERENCE_COMPONENTS, parseScenario).snapshots.map((snapshot) => snapshot.afterEvent)).toEqual(after);
  });

  it('in native mode hold the guest tables and the TLB, but no backing and no shadow', () => {
    const observation = observeMachine(probe(READ_THEN_WRITE, 'native'), REFERENCE_COMPONENTS, parseScenario);
    const [vm] = observation.snapshots[0].vms;
    expect(vm.backing).toBeUndefined();
    expect(vm.shadow).toBeUndefined();
    expect(vm.guestTables.map((table) => table.level)).toEqual([4, 3, 2, 1]);
    expect(vm.tlb).toEqual([{ page: '0x400000', frame: '0x101000', rights: 'rw-u', dirty: true }]);
    expect(observation.events.some((record) => record.faults !== undefined)).toBe(false);
  });

  it('in EPT mode hold the backing too', () => {
    const [vm] = observeMachine(probe(READ_THEN_WRITE, 'ept'), REFERENCE_COMPONENTS, parseScenario).snapshots[0].vms;
    expect(Object.keys(vm.backing!)).toHaveLength(5); // four tables and the page
    expect(vm.shadow).toBeUndefined();
  });

  it('name every VM of the scenario', () => {
    const events: ScenarioEvent[] = [{ op: 'spawn', vm: 2 }, { op: 'spawn', vm: 1 }, { op: 'mmap', vm: 2, va: '0x400000', pages: 1, prot: 'r' }];
    expect(observeMachine(probe(events, 'shadow'), REFERENCE_COMPONENTS, parseScenario).snapshots[0].vms.map((vm) => vm.vm)).toEqual([1, 2]);
  });
});

describe('a component that throws', () => {
  const throwing: Components = {
    ...REFERENCE_COMPONENTS,
    hiddenFaultHandler: {
      handle() {
        throw new TypeError('cannot read properties of undefined');
      },
    },
  };

  it('stops the machine at that event, keeping what was recorded before it', () => {
    const observation = observeMachine(probe(READ_THEN_WRITE, 'shadow', 'every-event'), throwing, parseScenario);
    expect(observation.stopped).toEqual({ event: 2, message: 'TypeError: cannot read properties of undefined' });
    expect(observation.events.map((record) => record.event)).toEqual([0, 1, 2]);
    expect(observation.snapshots.map((snapshot) => snapshot.afterEvent)).toEqual([0, 1]);
    expect(observation.stats).toBeUndefined();
  });

  it('is recorded, as is an answer that is no answer', () => {
    const confused: Components = { ...REFERENCE_COMPONENTS, hiddenFaultHandler: { handle: () => ({ kind: 'inject', errorCode: 4 }) as never } };
    const observation = observeMachine(probe(READ_THEN_WRITE, 'shadow'), confused, parseScenario);
    expect(observation.events[2].faults?.[0]).toEqual({ va: '0x400010', access: 'read', result: 'invalid', returned: '{"kind":"inject","errorCode":4}' });
  });
});

it('refuses an invalid scenario before running anything (observe() reports it)', () => {
  const observation = observe(probe([{ op: 'read', va: '0x400000' }], 'shadow'), REFERENCE_COMPONENTS);
  expect(observation.kind).toBe('error');
});

it('is data: the same probe gives the same JSON', () => {
  const once = JSON.stringify(observeMachine(probe(READ_THEN_WRITE, 'shadow', 'every-event'), REFERENCE_COMPONENTS, parseScenario));
  expect(JSON.stringify(observeMachine(probe(READ_THEN_WRITE, 'shadow', 'every-event'), REFERENCE_COMPONENTS, parseScenario))).toBe(once);
});

it("records the TLB entries' tags (VPID, PCID, global bit) only when the probe asks, leaving the rest as it was", () => {
  const plain = observeMachine(probe(READ_THEN_WRITE, 'shadow', 'every-event'), REFERENCE_COMPONENTS, parseScenario);
  const tagged = observeMachine({ ...probe(READ_THEN_WRITE, 'shadow', 'every-event'), tlbTags: true }, REFERENCE_COMPONENTS, parseScenario);
  const tlbOf = (observation: MachineObservation) => observation.snapshots.flatMap((snapshot) => snapshot.vms.flatMap((vm) => vm.tlb));
  expect(tlbOf(plain).length).toBeGreaterThan(0);
  expect(tlbOf(plain).every((entry) => !('vpid' in entry) && !('pcid' in entry) && !('global' in entry))).toBe(true);
  // A guest's entries carry its VPID (1 and up, 0 is the host's); this guest uses no PCIDs and no global pages.
  expect(tlbOf(tagged).map(({ vpid, pcid, global }) => ({ vpid, pcid, global }))).toEqual(tlbOf(plain).map(() => ({ vpid: 1, pcid: 0, global: false })));
  const untag = (observation: MachineObservation) => JSON.stringify(observation, (key, value) => (key === 'vpid' || key === 'pcid' || key === 'global' ? undefined : value));
  expect(untag(tagged)).toBe(JSON.stringify(plain));
});
