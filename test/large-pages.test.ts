import { Mode, ScenarioEvent } from '../reference/scenario/types';
import { runPhases } from './support/phase-runner';

/**
 * A guest 2 MiB page in each mode, its costs worked out by hand. The guest
 * maps it with one PDE (3 levels to walk); natively the TLB caches it as one
 * 2 MiB entry. Shadow paging shadows it 4 KiB at a time through a direct
 * page (4 levels of shadow table), and EPT backs it with 4 KiB host pages,
 * so both cache 4 KiB pieces and miss once per piece.
 *
 * Frames: root 0x100000, PDPT 0x101000, PD 0x102000, the page 0x200000.
 */
const BASE = 0x40000000;
const phases: ReadonlyArray<readonly [string, readonly ScenarioEvent[]]> = [
  ['map', [{ op: 'spawn', pid: 1 }, { op: 'mmap', pid: 1, va: BASE, pages: 512, prot: 'rw', pageSize: '2M' }]],
  ['first write', [{ op: 'write', pid: 1, va: BASE, value: 1 }]],
  ['write at offset 0x1ff000', [{ op: 'write', pid: 1, va: BASE + 0x1ff000, value: 2 }]],
  ['another process', [{ op: 'spawn', pid: 2 }, { op: 'mmap', pid: 2, va: 0x400000, pages: 1, prot: 'rw' }, { op: 'write', pid: 2, va: 0x400000, value: 3 }]],
  ['re-read both after a context switch', [{ op: 'read', pid: 1, va: BASE }, { op: 'read', pid: 1, va: BASE + 0x1ff000 }]],
];

interface Expected {
  tlbMisses: number;
  tlbHits: number;
  walkMemRefs: number;
  guestPageFaults: number;
  hiddenPageFaults: number;
  exits: Record<string, number>;
}

const row = (tlbMisses: number, tlbHits: number, walkMemRefs: number, guestPageFaults: number, hiddenPageFaults: number, exits: Record<string, number> = {}): Expected => ({
  tlbMisses,
  tlbHits,
  walkMemRefs,
  guestPageFaults,
  hiddenPageFaults,
  exits,
});

const EXPECTED: Record<Mode, Record<string, Expected>> = {
  // The walk stops at the empty PML4 (1), the guest maps the page, the retry walks PML4, PDPT, PD (3).
  // The write at 0x1ff000 hits the 2 MiB entry; after the CR3 write one miss (3) serves both reads.
  native: {
    'first write': row(2, 0, 1 + 3, 1, 0),
    'write at offset 0x1ff000': row(0, 1, 0, 0, 0),
    're-read both after a context switch': row(1, 1, 3, 0, 0),
  },
  // Empty shadow root (1): #PF injected; the kernel's first stores into the root, PDPT and PD back them
  // (3 hidden faults), the store into the shadowed root traps. Retry: root entry missing (1), the handler
  // fills root, PDPT, PD and the direct page (a hidden fault); retry walks 4 levels. The second piece:
  // the direct page lacks entry 511 (4), one hidden fault, then 4. Each re-read walks 4.
  shadow: {
    'first write': row(3, 0, 1 + 1 + 4, 1, 4, { 'guest-fault': 1, 'pt-write': 1, 'hidden-fault': 4 }),
    'write at offset 0x1ff000': row(2, 0, 4 + 4, 0, 1, { 'hidden-fault': 1 }),
    're-read both after a context switch': row(2, 0, 4 + 4, 0, 0, { 'cr3-write': 1 }),
  },
  // A 2D walk of 3 guest levels over a 4-level EPT: 3 x (4 + 1) + 4 = 19. First: the root's gPA is
  // unbacked (1, violation); the guest PML4E is read (5) and not present (#PF, no exit); the kernel's
  // first stores into the PDPT and PD exit; the retry walks 15 and stops at the page's gPA (3, violation);
  // then 19. The second piece is another host page: 15 + 4 (violation), then 19. Each re-read walks 19.
  ept: {
    'first write': row(4, 0, 1 + 5 + (15 + 3) + 19, 1, 0, { 'ept-violation': 4 }),
    'write at offset 0x1ff000': row(2, 0, 19 + 19, 0, 0, { 'ept-violation': 1 }),
    're-read both after a context switch': row(2, 0, 19 + 19, 0, 0, {}),
  },
};

describe.each(Object.entries(EXPECTED))('a 2 MiB guest page in %s mode', (mode, expected) => {
  const run = runPhases(mode as Mode, phases);

  it.each(Object.entries(expected))('%s', (phase, want) => {
    const got = run.phases[phase];
    const exits = Object.fromEntries(Object.entries(got.vmExitsByReason).filter(([, count]) => count > 0));
    expect({
      tlbMisses: got.tlbMisses,
      tlbHits: got.tlbHits,
      walkMemRefs: got.walkMemRefs,
      guestPageFaults: got.guestPageFaults,
      hiddenPageFaults: got.hiddenPageFaults,
      exits,
    }).toEqual(want);
  });

  it('backs only the 4 KiB pieces touched, and keeps tables of 4 KiB pieces', () => {
    const { hostFramesBackingGuests, pageTablePages } = run.final;
    // Each process: root, PDPT, PD, and pid 2 a PT; pid 1 touched two pieces of its page, pid 2 one page.
    expect(pageTablePages.guest).toBe(3 + 4);
    if (mode === 'native') return;
    expect(hostFramesBackingGuests).toBe(3 + 2 + (4 + 1));
    // Shadow: pid 1's root, PDPT, PD and the direct page; pid 2's four. EPT: PML4, PDPT, PD, and one PT
    // for guest frames 0x100-0x1ff, one for the page's 0x200-0x3ff.
    expect(mode === 'shadow' ? pageTablePages.shadow : pageTablePages.ept).toBe(mode === 'shadow' ? 8 : 5);
  });
});
