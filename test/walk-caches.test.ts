import { EptVm } from '../reference/hypervisor/ept/ept-vm';
import { referenceMachine } from '../reference/reference-components';
import { ScenarioBuilder } from '../reference/scenario/builder';
import { MachineOptions, Mode, ScenarioEvent } from '../reference/scenario/types';
import { runPhases } from './support/phase-runner';

/**
 * What a TLB miss costs in memory references with the walk caches, the nested
 * TLB and 2 MiB host pages, worked out by hand on one small layout: process 1
 * maps eight pages at 0x400000 (one page table) and touches the first two;
 * process 2 runs in between, so switching back writes CR3, which flushes the
 * TLB and the guest's paging-structure cache but not the nested caches
 * (tagged by VM, not by context). Every guest table and data frame lies in
 * guest-physical 0-2 MiB, under one nested PDE.
 */
const P = 0x400000;
const PHASES: ReadonlyArray<readonly [string, readonly ScenarioEvent[]]> = [
  [
    'warm-up',
    [
      { op: 'spawn', pid: 1 },
      { op: 'mmap', pid: 1, va: P, pages: 8, prot: 'rw' },
      { op: 'write', pid: 1, va: P, value: 1 },
      { op: 'write', pid: 1, va: P + 0x1000, value: 2 },
      { op: 'spawn', pid: 2 },
      { op: 'mmap', pid: 2, va: P, pages: 1, prot: 'rw' },
      { op: 'write', pid: 2, va: P, value: 3 },
    ],
  ],
  ['first miss after the switch back', [{ op: 'read', pid: 1, va: P }]],
  ['a neighbour in the same page table', [{ op: 'read', pid: 1, va: P + 0x1000 }]],
];

const GUEST_CACHE: MachineOptions = { walkCaches: { guest: 32, nested: 0 } };
const BOTH_CACHES: MachineOptions = { walkCaches: { guest: 32, nested: 32 } };
const CACHES_AND_NESTED_TLB: MachineOptions = { walkCaches: { guest: 32, nested: 32 }, nestedTlb: 32 };

const CASES: ReadonlyArray<readonly [string, Mode, MachineOptions, number, number]> = [
  // 1D: 4 reads; the neighbour finds the PDE cached and reads only its PTE.
  ['native, no caches', 'native', {}, 4, 4],
  ['native, guest walk cache', 'native', GUEST_CACHE, 4, 1],
  ['shadow, guest walk cache (over the shadow tables)', 'shadow', GUEST_CACHE, 4, 1],
  // 2D, 4 guest x 4 nested levels: (4 + 1) x (4 + 1) - 1 = 24.
  ['ept, no caches', 'ept', {}, 24, 24],
  // The neighbour skips the rows of guest levels 4, 3 and 2: the PT's nested walk (4), its PTE (1), the data's nested walk (4).
  ['ept, guest walk cache', 'ept', GUEST_CACHE, 24, 9],
  // Nested PDE cached since the warm-up: each nested walk reads its EPT PTE only. First: 4 x (1 + 1) + 1; neighbour: 1 + 1 + 1.
  ['ept, walk caches in both dimensions', 'ept', BOTH_CACHES, 9, 3],
  // Every gPA translated before: the nested TLB leaves only the guest's own entries (4, then its PTE).
  ['ept, walk caches and nested TLB', 'ept', CACHES_AND_NESTED_TLB, 4, 1],
  // 2 MiB host pages end each nested walk at its PDE: (4 + 1) x (3 + 1) - 1 = 19.
  ['ept, 2 MiB host pages', 'ept', { hostPageSize: '2M' }, 19, 19],
  // The nested PDPTE cached: one read (the PDE leaf) per nested walk. 4 x 2 + 1, then 1 + 1 + 1.
  ['ept, 2 MiB host pages and walk caches', 'ept', { hostPageSize: '2M', ...BOTH_CACHES }, 9, 3],
];

describe.each(CASES)('references per TLB miss: %s', (_label, mode, machine, firstMiss, neighbour) => {
  const run = runPhases(mode, PHASES, machine);

  it('the first miss after a CR3 write', () => {
    expect(run.phases['first miss after the switch back']).toMatchObject({ walks: 1, walkMemRefs: firstMiss, vmExits: mode === 'shadow' ? 1 : 0 });
  });

  it('a miss on a neighbour under the same page table', () => {
    expect(run.phases['a neighbour in the same page table']).toMatchObject({ walks: 1, walkMemRefs: neighbour, vmExits: 0 });
  });
});

describe('what invalidates the caches', () => {
  const warm: readonly ScenarioEvent[] = [
    { op: 'spawn', pid: 1 },
    { op: 'mmap', pid: 1, va: P, pages: 8, prot: 'rw' },
    { op: 'write', pid: 1, va: P, value: 1 },
    { op: 'write', pid: 1, va: P + 0x1000, value: 2 },
    { op: 'write', pid: 1, va: P + 0x2000, value: 3 },
  ];

  it('the guest invlpg (munmap of a touched page) empties the guest paging-structure cache', () => {
    const munmapThenTouch = (mode: Mode, munmap: boolean) =>
      runPhases(mode, [
        ['warm-up', warm],
        ['munmap page 2', munmap ? [{ op: 'munmap', pid: 1, va: P + 0x2000, pages: 1 }] : []],
        ['first touch of page 3', [{ op: 'read', pid: 1, va: P + 0x3000 }]],
      ], GUEST_CACHE).phases['first touch of page 3'];
    // Page 3 is mapped but untouched: the first walk stops at its empty PTE (#PF), the retry walks again.
    // After the invlpg the first walk starts at the top and refills the cache for the retry:
    // native 4 + 1; ept 4 rows of (4 + 1), then the PT's row and the data's nested walk, 5 + 4.
    expect(munmapThenTouch('native', true)).toMatchObject({ walks: 2, walkMemRefs: 4 + 1 });
    expect(munmapThenTouch('ept', true)).toMatchObject({ walks: 2, walkMemRefs: 20 + 9 });
    // Without it every walk starts at the cached PDE. In ept mode page 3 then gets a never-touched frame
    // (page 2's is not freed): the data's nested walk meets an EPT violation and the access walks a third time.
    expect(munmapThenTouch('native', false)).toMatchObject({ walks: 2, walkMemRefs: 1 + 1 });
    expect(munmapThenTouch('ept', false)).toMatchObject({ walks: 3, walkMemRefs: 5 + 9 + 9 });
  });

  it('a VM switch without VPID flushes the guest walk cache; the nested caches, tagged by VM, survive', () => {
    const phases: ReadonlyArray<readonly [string, readonly ScenarioEvent[]]> = [
      ['warm-up', warm],
      ['another VM runs', [{ op: 'spawn', vm: 2, pid: 1 }]],
      ['back in VM 1', [{ op: 'read', pid: 1, va: P + 0x2000 }]],
    ];
    const withVpid = runPhases('ept', phases, BOTH_CACHES);
    const withoutVpid = runPhases('ept', phases, { ...BOTH_CACHES, vpid: false });
    // With VPIDs the TLB entry itself survives: a hit, no walk.
    expect(withVpid.phases['back in VM 1']).toMatchObject({ walks: 0, tlbHits: 1 });
    // Without them, a full guest walk, but every nested walk starts at the cached nested PDE: 4 x (1 + 1) + 1.
    expect(withoutVpid.phases['back in VM 1']).toMatchObject({ walks: 1, walkMemRefs: 9 });
  });

  it('INVEPT empties the nested caches and the VM\'s TLB entries', () => {
    const scenario = new ScenarioBuilder({ name: 'invept', machine: { ...CACHES_AND_NESTED_TLB, mode: 'ept' } }).add(warm).read(1, P + 0x2000).resolve();
    const machine = referenceMachine(scenario.machine);
    for (const event of scenario.events.slice(0, -1)) machine.run(event);
    const hardware = machine.vmParts(1)?.hardware;
    if (!(hardware instanceof EptVm)) throw new Error('VM 1 runs on EPT hardware');
    hardware.invept();
    const before = machine.stats().walkMemRefs;
    machine.run(scenario.events[scenario.events.length - 1]);
    // Everything is cold again: the first row's nested walk reads all 4 levels and refills the nested
    // cache, so the later rows read only their EPT PTE: (4 + 1) + 3 x (1 + 1) + 1 = 12. Warm, the nested
    // TLB would have left only the 4 guest entries (see "walk caches and nested TLB" above).
    expect(machine.stats().walkMemRefs - before).toBe(12);
  });
});

describe('hit counters', () => {
  it('count the walks each cache shortened', () => {
    const run = runPhases('ept', PHASES, CACHES_AND_NESTED_TLB);
    const { guest, nested, nestedTlb } = run.final.walkCacheHits;
    expect(guest).toBeGreaterThan(0);
    expect(nested).toBeGreaterThan(0);
    expect(nestedTlb).toBeGreaterThan(0);
    expect(runPhases('ept', PHASES).final.walkCacheHits).toEqual({ guest: 0, nested: 0, nestedTlb: 0 });
  });
});
