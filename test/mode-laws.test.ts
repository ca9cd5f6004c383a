import { MachineOptions, Mode, ScenarioEvent } from '../reference/scenario/types';
import { runPhases } from './support/phase-runner';
import { PAGE, exit, mmap, readPages, repeat, seededRandom, spawn, writePages } from './support/workload-events';

/**
 * The lecture's claims about the three modes, each stated as numbers that
 * follow from the rules (walk lengths, what traps, what a TLB entry may
 * serve), measured on the phase of a workload the claim is about.
 */

const BASE = 0x400000;
const OTHER = 0x800000;
/** Pages of a working set; with the default TLB (16 sets of 4) two VMs' sets of 8 consecutive pages fit together. */
const WORKING_SET = 8;

type Phases = ReadonlyArray<readonly [string, readonly ScenarioEvent[]]>;

/** Alternate the events of two lists: a0, b0, a1, b1, ... */
function interleave(a: readonly ScenarioEvent[], b: readonly ScenarioEvent[]): ScenarioEvent[] {
  return a.flatMap((event, i) => [event, b[i]]);
}

describe('a TLB miss costs one page walk: n references natively and under shadow paging, (n + 1)(m + 1) - 1 under EPT', () => {
  // Pid 1 touches its pages, so every table exists, every page is present and
  // dirty, and (in shadow mode) every shadow entry is filled. Running pid 2
  // and then pid 1 again is a CR3 write, which drops pid 1's TLB entries (no
  // PCIDs): each re-read misses once and walks warm tables without a fault.
  const phases: Phases = [
    [
      'warm-up',
      [
        spawn({ pid: 1 }),
        mmap(BASE, WORKING_SET, 'rw', { pid: 1 }),
        ...writePages(BASE, WORKING_SET, { pid: 1 }),
        spawn({ pid: 2 }),
        mmap(OTHER, 1, 'rw', { pid: 2 }),
        ...writePages(OTHER, 1, { pid: 2 }),
      ],
    ],
    ['re-read after a context switch', readPages(BASE, WORKING_SET, { pid: 1 })],
    ['read again', readPages(BASE, WORKING_SET, { pid: 1 })],
  ];
  // n guest levels, m nested levels: n guest entries, each after the m-reference nested walk of its
  // table's gPA, and m more for the data page's gPA: n(m + 1) + m.
  const cases: Array<[string, Mode, MachineOptions, number]> = [
    ['native: 4 levels', 'native', {}, 4],
    ['native, 5-level guest: 5 levels', 'native', { guestLevels: 5 }, 5],
    ['native ignores nestedLevels', 'native', { nestedLevels: 5 }, 4],
    ['shadow: 4 levels of shadow table', 'shadow', {}, 4],
    ['shadow, 5-level guest: 5 levels of shadow table', 'shadow', { guestLevels: 5 }, 5],
    ['shadow ignores nestedLevels', 'shadow', { nestedLevels: 5 }, 4],
    ['ept (Intel EPT): 4 guest levels x (4 nested + 1) + 4 nested for the data page', 'ept', {}, 24],
    ['ept with EPT accessed/dirty flags', 'ept', { eptAccessedDirty: true }, 24],
    ['ept (AMD NPT)', 'ept', { nestedFormat: 'npt' }, 24],
    ['ept, 4-level guest over 5-level EPT: 4 x (5 + 1) + 5', 'ept', { nestedLevels: 5 }, 29],
    ['ept, 5-level guest over 4-level EPT: 5 x (4 + 1) + 4', 'ept', { guestLevels: 5 }, 29],
    ['ept, 5-level guest over 5-level EPT: 5 x (5 + 1) + 5', 'ept', { guestLevels: 5, nestedLevels: 5 }, 35],
    ['ept (AMD NPT), 5 x 5', 'ept', { nestedFormat: 'npt', guestLevels: 5, nestedLevels: 5 }, 35],
  ];

  it.each(cases)('%s', (_label, mode, machine, referencesPerWalk) => {
    const run = runPhases(mode, phases, machine);
    const reread = run.phases['re-read after a context switch'];
    expect(reread.contextSwitches).toBe(1);
    expect(reread.tlbMisses).toBe(WORKING_SET);
    expect(reread.walks).toBe(WORKING_SET);
    expect(reread.walkMemRefs).toBe(WORKING_SET * referencesPerWalk);
    expect(reread.guestPageFaults).toBe(0);
    expect(reread.hiddenPageFaults).toBe(0);
    // The only exit is shadow paging's trapped CR3 write.
    expect(reread.vmExits).toBe(mode === 'shadow' ? 1 : 0);

    const again = run.phases['read again'];
    expect(again.tlbHits).toBe(WORKING_SET);
    expect(again.tlbMisses).toBe(0);
    expect(again.walkMemRefs).toBe(0);
  });
});

describe('under EPT the guest kernel runs without exits; only first touches of guest frames exit', () => {
  // Everything a kernel does to its MMU: context switches, demand paging,
  // mprotect and munmap (PTE edits + invlpg), fork, exit, and both kinds of
  // access fault.
  const kernelHeavy: ScenarioEvent[] = [
    spawn({ pid: 1 }),
    mmap(BASE, 4, 'rw', { pid: 1 }),
    ...writePages(BASE, 4, { pid: 1 }),
    spawn({ pid: 2 }),
    mmap(OTHER, 2, 'rw', { pid: 2 }),
    ...writePages(OTHER, 2, { pid: 2 }),
    ...repeat(3, [...readPages(BASE, 1, { pid: 1 }), ...readPages(OTHER, 1, { pid: 2 })]),
    { op: 'mprotect', pid: 1, va: BASE, pages: 4, prot: 'r' },
    { op: 'write', pid: 1, va: BASE, value: 1 },
    { op: 'read', pid: 1, va: 0x9000000 },
    { op: 'munmap', pid: 1, va: BASE, pages: 2 },
    { op: 'fork', pid: 1, child: 3 },
    { op: 'read', pid: 3, va: BASE + 2 * PAGE },
    exit({ pid: 3 }),
    exit({ pid: 2 }),
  ];
  const KERNEL_EXITS = ['cr3-write', 'invlpg', 'pt-write', 'guest-fault'] as const;

  it('shadow paging exits for each of them, and on every CR3 write and invlpg the guest makes', () => {
    const native = runPhases('native', [['all', kernelHeavy]]).final;
    const stats = runPhases('shadow', [['all', kernelHeavy]]).final;
    for (const reason of KERNEL_EXITS) expect({ reason, exits: stats.vmExitsByReason[reason] > 0 }).toEqual({ reason, exits: true });
    expect(stats.vmExitsByReason['cr3-write']).toBe(native.contextSwitches);
    expect(stats.vmExitsByReason.invlpg).toBe(native.tlbPageInvalidations);
    expect(stats.vmExitsByReason['guest-fault']).toBe(native.guestPageFaults);
  });

  it.each([
    ['Intel EPT', {}],
    ['Intel EPT with accessed/dirty flags', { eptAccessedDirty: true }],
  ] as Array<[string, MachineOptions]>)('%s exits for none of them', (_label, machine) => {
    const native = runPhases('native', [['all', kernelHeavy]]).final;
    const stats = runPhases('ept', [['all', kernelHeavy]], machine).final;
    for (const reason of [...KERNEL_EXITS, 'hidden-fault'] as const) expect({ reason, exits: stats.vmExitsByReason[reason] }).toEqual({ reason, exits: 0 });
    // The guest still switches contexts, invalidates pages and takes page faults exactly as natively, in hardware.
    for (const counter of ['contextSwitches', 'tlbPageInvalidations', 'guestPageFaults'] as const) {
      expect({ counter, value: stats[counter] }).toEqual({ counter, value: native[counter] });
      expect({ counter, positive: native[counter] > 0 }).toEqual({ counter, positive: true });
    }
    // One VM, so no VM switches: every exit is a violation, and each backs one more guest frame.
    expect(stats.vmExits).toBe(stats.vmExitsByReason['ept-violation']);
    expect(stats.vmExitsByReason['ept-violation']).toBe(stats.hostFramesBackingGuests);
  });

  it('AMD NPT reports its nested faults as npt-fault, one per guest frame', () => {
    const stats = runPhases('ept', [['all', kernelHeavy]], { nestedFormat: 'npt' }).final;
    for (const reason of [...KERNEL_EXITS, 'hidden-fault', 'ept-violation'] as const) expect({ reason, exits: stats.vmExitsByReason[reason] }).toEqual({ reason, exits: 0 });
    expect(stats.vmExits).toBe(stats.vmExitsByReason['npt-fault']);
    expect(stats.vmExitsByReason['npt-fault']).toBe(stats.hostFramesBackingGuests);
  });

  it('a process touching n pages of one page table makes n + 4 guest frames exit once each (4 tables + n data pages)', () => {
    const run = runPhases('ept', [
      ['pid 1 writes its pages', [spawn({ pid: 1 }), mmap(BASE, WORKING_SET, 'rw', { pid: 1 }), ...writePages(BASE, WORKING_SET, { pid: 1 })]],
      ['pid 2 writes one page', [spawn({ pid: 2 }), mmap(OTHER, 1, 'rw', { pid: 2 }), ...writePages(OTHER, 1, { pid: 2 })]],
      ['pid 1 writes them again', writePages(BASE, WORKING_SET, { pid: 1 })],
    ]);
    expect(run.phases['pid 1 writes its pages'].vmExitsByReason['ept-violation']).toBe(WORKING_SET + 4);
    expect(run.phases['pid 2 writes one page'].vmExitsByReason['ept-violation']).toBe(1 + 4);
    // Backed frames stay backed: the second pass takes TLB misses (the context switch) but no exit.
    const again = run.phases['pid 1 writes them again'];
    expect(again.tlbMisses).toBe(WORKING_SET);
    expect(again.vmExits).toBe(0);
  });
});

describe('shadow paging exits on every guest CR3 write', () => {
  const ROUNDS = 10;
  const phases: Phases = [
    [
      'set-up',
      [
        spawn({ pid: 1 }),
        spawn({ pid: 2 }),
        mmap(BASE, 1, 'rw', { pid: 1 }),
        mmap(BASE, 1, 'rw', { pid: 2 }),
        ...writePages(BASE, 1, { pid: 1 }),
        ...writePages(BASE, 1, { pid: 2 }),
      ],
    ],
    // Pid 2 ran last, so each access below is by a process that is not running: one switch each.
    ['alternation', repeat(ROUNDS, [...writePages(BASE, 1, { pid: 1 }), ...writePages(BASE, 1, { pid: 2 })])],
  ];

  it('shadow: cr3-write exits equal context switches', () => {
    const run = runPhases('shadow', phases);
    expect(run.phases.alternation.contextSwitches).toBe(2 * ROUNDS);
    expect(run.phases.alternation.vmExitsByReason['cr3-write']).toBe(2 * ROUNDS);
    expect(run.final.vmExitsByReason['cr3-write']).toBe(run.final.contextSwitches);
  });

  it.each(['native', 'ept'] as const)('%s: the same context switches, no exit', (mode) => {
    const run = runPhases(mode, phases);
    expect(run.phases.alternation.contextSwitches).toBe(2 * ROUNDS);
    expect(run.final.vmExitsByReason['cr3-write']).toBe(0);
  });
});

describe('VPID: two VMs alternating over a warm working set', () => {
  const vm1 = { vm: 1 };
  const vm2 = { vm: 2 };
  const ROUNDS = 4;
  const ALTERNATING_READS = ROUNDS * 2 * WORKING_SET;
  const phases: Phases = [
    [
      'warm-up',
      [
        spawn(vm1),
        mmap(BASE, WORKING_SET, 'rw', vm1),
        spawn(vm2),
        mmap(BASE, WORKING_SET, 'rw', vm2),
        ...writePages(BASE, WORKING_SET, vm1),
        ...writePages(BASE, WORKING_SET, vm2),
        ...interleave(readPages(BASE, WORKING_SET, vm1), readPages(BASE, WORKING_SET, vm2)),
      ],
    ],
    // Every read is by the other VM: each one is a VM switch.
    ['alternating reads', repeat(ROUNDS, interleave(readPages(BASE, WORKING_SET, vm1), readPages(BASE, WORKING_SET, vm2)))],
  ];

  it.each([
    ['shadow', 4],
    ['ept', 24],
  ] as Array<[Mode, number]>)('%s', (mode, referencesPerWalk) => {
    const tagged = runPhases(mode, phases, { vpid: true }).phases['alternating reads'];
    expect(tagged.vmSwitches).toBe(ALTERNATING_READS);
    expect(tagged.tlbMisses).toBe(0);
    expect(tagged.tlbHits).toBe(ALTERNATING_READS);

    // Without VPIDs each VM entry flushes the TLB: every read misses and walks (warm tables, no fault).
    const untagged = runPhases(mode, phases, { vpid: false }).phases['alternating reads'];
    expect(untagged.vmSwitches).toBe(ALTERNATING_READS);
    expect(untagged.tlbMisses).toBe(ALTERNATING_READS);
    expect(untagged.tlbHits).toBe(0);
    expect(untagged.walkMemRefs).toBe(ALTERNATING_READS * referencesPerWalk);
  });
});

/**
 * Page-table pages of one process under x86-64 4-level paging, for the pages
 * it has present: the root, plus one PDPT per 512 GiB, one PD per 1 GiB and
 * one PT per 2 MiB slot that holds any of them.
 */
function guestTablePages(presentPages: readonly number[]): number {
  const distinct = (shift: number) => new Set(presentPages.map((va) => Math.floor(va / 2 ** shift))).size;
  return 1 + distinct(39) + distinct(30) + distinct(21);
}

function pagesOf(base: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => base + i * PAGE);
}

describe("shadow page tables track the guest's (the lecture's 2x page-table memory)", () => {
  // One shadow page per guest table in use: once every process has run over
  // all its pages since its tables last changed, each guest table has exactly
  // one shadow, so the counts are equal; at any moment there are no more
  // shadow pages than guest ones.
  const LOW = 0x400000;
  const ABOVE_1G = 0x40000000;
  const HIGH = 0x7f0000000000;
  const REGIONS: Array<[number, number]> = [
    [LOW, 4],
    [ABOVE_1G, 2],
    [HIGH, 3],
  ];
  const vm1p1 = { vm: 1, pid: 1 };
  const vm1p2 = { vm: 1, pid: 2 };
  const vm2p1 = { vm: 2, pid: 1 };
  const touchAll = (who: { vm: number; pid: number }, regions: Array<[number, number]>, touch: typeof readPages) =>
    regions.flatMap(([base, count]) => touch(base, count, who));
  const remaining: Array<[number, number]> = [REGIONS[0], REGIONS[2]];

  const run = runPhases('shadow', [
    [
      'every process touches all its pages',
      [
        spawn(vm1p1),
        ...REGIONS.map(([base, count]) => mmap(base, count, 'rw', vm1p1)),
        ...touchAll(vm1p1, REGIONS, writePages),
        { op: 'fork', ...vm1p1, child: 2 },
        ...touchAll(vm1p2, REGIONS, readPages),
        spawn(vm2p1),
        mmap(0x10000, 1, 'rw', vm2p1),
        ...writePages(0x10000, 1, vm2p1),
      ],
    ],
    [
      'pid 1 unmaps a region and runs over the rest',
      [{ op: 'munmap', ...vm1p1, va: ABOVE_1G, pages: 2 }, ...touchAll(vm1p1, remaining, readPages), ...touchAll(vm1p2, REGIONS, readPages)],
    ],
    ['every process exits', [exit(vm1p2), exit(vm1p1), exit(vm2p1)]],
  ]);
  const everyPage = REGIONS.flatMap(([base, count]) => pagesOf(base, count));
  const remainingPages = remaining.flatMap(([base, count]) => pagesOf(base, count));

  it('after every process has touched all its pages: shadow = guest', () => {
    const expected = 2 * guestTablePages(everyPage) + guestTablePages([0x10000]);
    expect(run.after['every process touches all its pages'].pageTablePages).toMatchObject({ guest: expected, shadow: expected });
  });

  it('after an munmap frees tables and the process runs again: shadow = guest', () => {
    const expected = guestTablePages(remainingPages) + guestTablePages(everyPage) + guestTablePages([0x10000]);
    expect(run.after['pid 1 unmaps a region and runs over the rest'].pageTablePages).toMatchObject({ guest: expected, shadow: expected });
  });

  it('after every process has exited: none of either', () => {
    expect(run.final.pageTablePages).toMatchObject({ guest: 0, shadow: 0 });
  });

  it('never more shadow pages than guest ones', () => {
    expect(run.samples.filter((sample) => sample.shadow > sample.guest)).toEqual([]);
  });
});

describe('shadow paging: a read of a clean page installs a read-only shadow entry', () => {
  const phases: Phases = [
    ['set-up', [spawn({ pid: 1 }), mmap(BASE, 2, 'rw', { pid: 1 }), spawn({ pid: 2 }), mmap(OTHER, 1, 'rw', { pid: 2 }), ...writePages(OTHER, 1, { pid: 2 })]],
    ['first read of page 0', readPages(BASE, 1, { pid: 1 })],
    ['first write of page 0', writePages(BASE, 1, { pid: 1 })],
    ['first touch of page 1 is a write', writePages(BASE + PAGE, 1, { pid: 1 })],
    ['pid 2 runs', writePages(OTHER, 1, { pid: 2 })],
    ['page 1 written again, through an empty TLB', writePages(BASE + PAGE, 1, { pid: 1 })],
  ];

  it('shadow: the first write after a read takes exactly one hidden fault, invisible to the guest', () => {
    const run = runPhases('shadow', phases);
    const writeAfterRead = run.phases['first write of page 0'];
    expect(writeAfterRead.hiddenPageFaults).toBe(1);
    expect(writeAfterRead.guestPageFaults).toBe(0);
    expect(writeAfterRead.vmExits).toBe(1);
    expect(writeAfterRead.vmExitsByReason['hidden-fault']).toBe(1);
    // The clean TLB entry cannot serve the write (miss), the walk meets the read-only shadow leaf (miss again after the fix).
    expect(writeAfterRead.tlbMisses).toBe(2);

    // A page first touched by a write gets a writable shadow entry: writing it again later costs a walk, no fault.
    const rewrite = run.phases['page 1 written again, through an empty TLB'];
    expect(rewrite.tlbMisses).toBe(1);
    expect(rewrite.hiddenPageFaults).toBe(0);
    expect(rewrite.vmExits).toBe(1); // the CR3 write
  });

  it.each(['native', 'ept'] as const)('%s: the hardware sets D itself, one walk and no fault or exit', (mode) => {
    const writeAfterRead = runPhases(mode, phases).phases['first write of page 0'];
    expect(writeAfterRead.tlbMisses).toBe(1);
    expect(writeAfterRead.walks).toBe(1);
    expect(writeAfterRead.guestPageFaults).toBe(0);
    expect(writeAfterRead.vmExits).toBe(0);
  });
});

describe('shadow paging: a true guest fault is one exit and one injected fault; a hidden fault is invisible', () => {
  const UNMAPPED = 0x9000000;
  const phases: Phases = [
    [
      'set-up',
      [
        spawn(),
        mmap(BASE, 1, 'rw'),
        mmap(BASE + PAGE, 1, 'r'),
        mmap(BASE + 2 * PAGE, 2, 'rw'),
        ...writePages(BASE, 1),
        ...readPages(BASE + PAGE, 1),
        ...readPages(BASE + 3 * PAGE, 1),
      ],
    ],
    ['read of an unmapped page', [{ op: 'read', va: UNMAPPED }]],
    ['write to a present read-only page', [{ op: 'write', va: BASE + PAGE, value: 1 }]],
    ['exec of a present non-executable page', [{ op: 'exec', va: BASE }]],
    ['first touch of a mapped page (demand paging)', readPages(BASE + 2 * PAGE, 1)],
    ['first write after a read (hidden fault)', writePages(BASE + 3 * PAGE, 1)],
  ];
  const run = runPhases('shadow', phases);

  it.each([
    'read of an unmapped page',
    'write to a present read-only page',
    'exec of a present non-executable page',
    'first touch of a mapped page (demand paging)',
  ])('%s: one guest-fault exit, one fault delivered to the guest', (phase) => {
    const delta = run.phases[phase];
    expect(delta.vmExitsByReason['guest-fault']).toBe(1);
    expect(delta.guestPageFaults).toBe(1);
    // Hidden faults are exits of their own, never injected.
    expect(delta.vmExitsByReason['hidden-fault']).toBe(delta.hiddenPageFaults);
  });

  it('refused accesses on pages the shadow already maps take no hidden fault', () => {
    for (const phase of ['read of an unmapped page', 'write to a present read-only page', 'exec of a present non-executable page']) {
      expect({ phase, hidden: run.phases[phase].hiddenPageFaults }).toEqual({ phase, hidden: 0 });
    }
  });

  it('a hidden fault: the guest sees no fault', () => {
    const delta = run.phases['first write after a read (hidden fault)'];
    expect(delta.hiddenPageFaults).toBe(1);
    expect(delta.guestPageFaults).toBe(0);
    expect(delta.vmExitsByReason['guest-fault']).toBe(0);
  });

  it('over the whole run the guest sees as many faults as natively, each one a guest-fault exit', () => {
    const native = runPhases('native', phases).final;
    expect(run.final.guestPageFaults).toBe(native.guestPageFaults);
    expect(run.final.vmExitsByReason['guest-fault']).toBe(run.final.guestPageFaults);
  });
});

describe('the cost model points the way the lecture says', () => {
  it('process churn (fork/exit): shadow costs more than native, and EPT less than shadow', () => {
    const churn: ScenarioEvent[] = [
      spawn({ pid: 1 }),
      mmap(BASE, 16, 'rw', { pid: 1 }),
      ...writePages(BASE, 16, { pid: 1 }),
      ...repeat(10, [{ op: 'fork', pid: 1, child: 2 }, ...writePages(BASE, 4, { pid: 2 }), exit({ pid: 2 })]),
    ];
    const cycles = (mode: Mode) => runPhases(mode, [['churn', churn]]).final.cycles;
    expect(cycles('shadow')).toBeGreaterThan(cycles('native'));
    expect(cycles('ept')).toBeLessThan(cycles('shadow'));
  });

  it('TLB misses over many pages with a tiny TLB: EPT costs more than native, and (once warm) more than shadow', () => {
    const PAGES = 256;
    const READS = 2000;
    const random = seededRandom(7);
    const reads = Array.from({ length: READS }, () => ({ op: 'read' as const, va: BASE + Math.floor(random() * PAGES) * PAGE }));
    const phases: Phases = [
      ['warm-up', [spawn(), mmap(BASE, PAGES, 'rw'), ...writePages(BASE, PAGES)]],
      ['random reads', reads],
    ];
    const tiny = { tlb: { entries: 8, ways: 2 } };
    const measure = (mode: Mode) => runPhases(mode, phases, tiny);
    const native = measure('native');
    const shadow = measure('shadow');
    const ept = measure('ept');
    // Misses dominate: with 8 entries over 256 pages almost every read misses.
    expect(ept.phases['random reads'].tlbMisses).toBeGreaterThan(0.9 * READS);
    expect(ept.final.cycles).toBeGreaterThan(native.final.cycles);
    expect(ept.phases['random reads'].cycles).toBeGreaterThan(native.phases['random reads'].cycles);
    expect(ept.phases['random reads'].cycles).toBeGreaterThan(shadow.phases['random reads'].cycles);
  });
});
