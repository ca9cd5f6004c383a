import { gpa, gva } from '../reference/addresses';
import { PTE_P } from '../reference/paging/constants';
import { referenceMachine, runReferenceScenario } from '../reference/reference-components';
import { MODES, Mode, Outcome, ScenarioEvent } from '../reference/scenario/types';
import { parseScenario } from '../reference/scenario/validate';
import { auditRun } from './support/machine-audit';
import { runPhases } from './support/phase-runner';

/**
 * A 5-level guest (CR4.LA57) at the top of its 57-bit user space, where a
 * 4-level guest cannot go, its figures worked out by hand. The last page
 * below 2^56 is 0xfffffffffff000: PML5 index 255 (bits 56:48), and 511 at
 * every level below.
 */
const TOP_PAGE = gva(0xfffffffffff000n);
const LAST_WORD = '0xfffffffffffffc';
const VALUE = 0xfeedbeef;

describe.each(MODES)('a 5-level guest maps and uses the last page below 2^56 in %s mode', (mode) => {
  const events: ScenarioEvent[] = [
    { op: 'spawn', pid: 1 },
    { op: 'mmap', pid: 1, va: '0xfffffffffff000', pages: 1, prot: 'rw' },
    { op: 'write', pid: 1, va: LAST_WORD, value: VALUE },
    { op: 'read', pid: 1, va: LAST_WORD },
    { op: 'inspect', pid: 1, va: '0xfffffffffff000' },
    { op: 'spawn', pid: 2 },
    { op: 'mmap', pid: 2, va: '0x400000', pages: 1, prot: 'rw' },
    // Back from pid 2: the CR3 write dropped pid 1's translation, so this read misses once and walks warm tables.
    { op: 'read', pid: 1, va: LAST_WORD },
  ];
  const scenario = parseScenario({ machine: { mode, guestLevels: 5, nestedLevels: 5 }, events });
  const machine = referenceMachine(scenario.machine);
  const outcomes: Outcome[] = [];
  for (const event of scenario.events.slice(0, -1)) {
    const outcome = machine.run(event);
    if (outcome !== null) outcomes.push(outcome);
  }
  const before = structuredClone(machine.stats());
  outcomes.push(machine.run(scenario.events[scenario.events.length - 1])!);
  const after = machine.stats();

  it('reads back what it wrote, and the kernel sees the PTE accessed and dirty', () => {
    expect(outcomes).toEqual([
      { event: 2, op: 'write' },
      { event: 3, op: 'read', value: VALUE },
      { event: 4, op: 'inspect', pte: { present: true, writable: true, executable: false, accessed: true, dirty: true } },
      { event: 7, op: 'read', value: VALUE },
    ]);
  });

  it('maps the page with a PTE under entry 255 of the PML5: five tables for pid 1, a root alone for pid 2', () => {
    const { os, hardware } = machine.vmParts(1)!;
    expect(os.findLeaf(1, TOP_PAGE)?.level).toBe(1);
    expect(hardware.readEntry(gpa(os.pageTableRoot(1) + 255n * 8n)) & PTE_P).toBe(PTE_P);
    expect(after.pageTablePages.guest).toBe(5 + 1);
  });

  it(`walks ${mode === 'ept' ? '5 x (5 + 1) + 5 = 35' : '5'} references on a miss`, () => {
    expect(after.tlbMisses - before.tlbMisses).toBe(1);
    expect(after.walkMemRefs - before.walkMemRefs).toBe(mode === 'ept' ? 35 : 5);
    expect(after.guestPageFaults - before.guestPageFaults).toBe(0);
    expect(after.hiddenPageFaults - before.hiddenPageFaults).toBe(0);
  });
});

describe('shadow paging under a 5-level guest, worked out by hand', () => {
  const phases: ReadonlyArray<readonly [string, readonly ScenarioEvent[]]> = [
    ['map', [{ op: 'spawn', pid: 1 }, { op: 'mmap', pid: 1, va: '0xfffffffffff000', pages: 1, prot: 'rw' }]],
    ['first write', [{ op: 'write', pid: 1, va: '0xfffffffffff000', value: 1 }]],
    ['read of the unmapped page below', [{ op: 'read', pid: 1, va: '0xffffffffffe000' }]],
    ['mprotect to read-only', [{ op: 'mprotect', pid: 1, va: '0xfffffffffff000', pages: 1, prot: 'r' }]],
    ['write to the read-only page', [{ op: 'write', pid: 1, va: '0xfffffffffff000', value: 2 }]],
    ['re-read after a context switch', [{ op: 'spawn', pid: 2 }, { op: 'mmap', pid: 2, va: '0x400000', pages: 1, prot: 'rw' }, { op: 'read', pid: 1, va: '0xfffffffffff000' }]],
    ['read again after another context switch', [{ op: 'mmap', pid: 2, va: '0x401000', pages: 1, prot: 'rw' }, { op: 'read', pid: 1, va: '0xfffffffffff000' }]],
  ];
  const events = phases.flatMap(([, phaseEvents]) => phaseEvents);
  const machine = { mode: 'shadow' as Mode, guestLevels: 5 as const };

  it('gives the guest-visible outcomes of SCENARIO.md', () => {
    expect(runReferenceScenario(parseScenario({ machine, events })).outcomes).toEqual([
      { event: 2, op: 'write' },
      { event: 3, op: 'read', fault: 'unmapped' },
      { event: 5, op: 'write', fault: 'protection' },
      { event: 8, op: 'read', value: 1 },
      { event: 10, op: 'read', value: 1 },
    ]);
  });

  const row = (tlbMisses: number, walkMemRefs: number, guestPageFaults: number, hiddenPageFaults: number, exits: Record<string, number>) => ({
    tlbMisses,
    walkMemRefs,
    guestPageFaults,
    hiddenPageFaults,
    exits,
  });
  // Frames are backed lazily, and the shadow walk reads PML5, PML4, PDPT, PD, PT: 5 references when the path is there.
  const expected: Record<string, ReturnType<typeof row>> = {
    // The empty shadow root (1): #PF injected. The kernel's first stores into its five tables (PML5 to PT) back
    // them (5 hidden faults); the store into the shadowed root traps. The retry finds the root entry missing
    // (1), a hidden fault fills the path (the software walk sets the guest's D, so the leaf is writable); 5.
    'first write': row(3, 1 + 1 + 5, 1, 6, { 'guest-fault': 1, 'pt-write': 1, 'hidden-fault': 6 }),
    // The shadow PT has no entry 510 (5); the guest's PTE is not present either: #PF, and the kernel says unmapped.
    'read of the unmapped page below': row(1, 5, 1, 0, { 'guest-fault': 1 }),
    // The store into the shadowed PT traps and zaps the shadow leaf; the invlpg exits.
    'mprotect to read-only': row(0, 0, 0, 0, { 'pt-write': 1, invlpg: 1 }),
    // The zapped leaf (5); the guest's PTE forbids the write: #PF, protection.
    'write to the read-only page': row(1, 5, 1, 0, { 'guest-fault': 1 }),
    // Two CR3 writes; the zapped leaf (5), a hidden fault refills it read-only, then 5.
    're-read after a context switch': row(2, 5 + 5, 0, 1, { 'cr3-write': 2, 'hidden-fault': 1 }),
    // Warm tables: one walk of 5.
    'read again after another context switch': row(1, 5, 0, 0, { 'cr3-write': 2 }),
  };
  const run = runPhases('shadow', phases, machine);

  it.each(Object.entries(expected))('%s', (phase, want) => {
    const got = run.phases[phase];
    expect({
      tlbMisses: got.tlbMisses,
      walkMemRefs: got.walkMemRefs,
      guestPageFaults: got.guestPageFaults,
      hiddenPageFaults: got.hiddenPageFaults,
      exits: Object.fromEntries(Object.entries(got.vmExitsByReason).filter(([, count]) => count > 0)),
    }).toEqual(want);
  });

  it("ends with one shadow page per guest table of pid 1 (pid 2's empty shadow root is freed once unloaded), every shadow entry true to the guest's", () => {
    expect(run.final.pageTablePages).toEqual({ guest: 5 + 1, shadow: 5, ept: 0 });
    expect(auditRun(parseScenario({ machine, events }), 'shadow')).toEqual([]);
  });
});
