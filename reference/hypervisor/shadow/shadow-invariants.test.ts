import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../paging/constants';
import { referenceMachine } from '../../reference-components';
import { DEFAULT_MACHINE, ResolvedEvent } from '../../scenario/types';
import { checkShadowInvariants, checkShadowRules, ShadowPageRecord, ShadowRulesInput } from './shadow-invariants';
import { ShadowVm } from './shadow-vm';

/**
 * A guest mapping of gVA 0x400000 written out by hand: guest tables in frames
 * 0x100 (PML4), 0x102 (PDPT), 0x103 (PD, entry 2), 0x104 (PT), the page in
 * guest frame 0x101 (clean, NX), backed by host frame 0x200; shadow pages in
 * host frames 0x300..0x303, each shadowing the guest table of its level.
 */
const TABLE = PTE_P | PTE_RW | PTE_US;
const frame = (number: number) => BigInt(number) << 12n;

interface Fixture {
  guest: Map<number, { level: number; entries: Map<number, bigint> }>;
  pages: Array<{ hostFrame: number; guestFrame: number; level: number; direct: boolean; entries: Map<number, bigint> }>;
  backing: Map<number, number>;
  loaded: ShadowRulesInput['loaded'];
  protectedFrames: Set<number>;
}

function fixture(): Fixture {
  return {
    guest: new Map([
      [0x100, { level: 4, entries: new Map([[0, frame(0x102) | TABLE | PTE_A]]) }],
      [0x102, { level: 3, entries: new Map([[0, frame(0x103) | TABLE | PTE_A]]) }],
      [0x103, { level: 2, entries: new Map([[2, frame(0x104) | TABLE | PTE_A]]) }],
      [0x104, { level: 1, entries: new Map([[0, frame(0x101) | TABLE | PTE_A | PTE_NX]]) }],
    ]),
    pages: [
      { hostFrame: 0x300, guestFrame: 0x100, level: 4, direct: false, entries: new Map([[0, frame(0x301) | TABLE | PTE_A]]) },
      { hostFrame: 0x301, guestFrame: 0x102, level: 3, direct: false, entries: new Map([[0, frame(0x302) | TABLE | PTE_A]]) },
      { hostFrame: 0x302, guestFrame: 0x103, level: 2, direct: false, entries: new Map([[2, frame(0x303) | TABLE | PTE_A]]) },
      { hostFrame: 0x303, guestFrame: 0x104, level: 1, direct: false, entries: new Map([[0, frame(0x200) | PTE_P | PTE_US | PTE_A | PTE_NX]]) },
    ],
    backing: new Map([[0x100, 0x210], [0x101, 0x200], [0x102, 0x212], [0x103, 0x213], [0x104, 0x214]]),
    loaded: { guestRootFrame: 0x100, shadowRootFrame: 0x300 },
    protectedFrames: new Set([0x100, 0x102, 0x103, 0x104]),
  };
}

function check(edit: (f: Fixture) => void): string[] {
  const f = fixture();
  edit(f);
  const input: ShadowRulesInput = {
    rootLevel: 4,
    pages: f.pages as ShadowPageRecord[],
    guestTable: (guestFrame) => {
      const table = f.guest.get(guestFrame);
      return table === undefined ? null : { level: table.level, entry: (index) => table.entries.get(index) ?? 0n };
    },
    hostFrameOf: (guestFrame) => f.backing.get(guestFrame),
    isProtected: (guestFrame) => f.protectedFrames.has(guestFrame),
    loaded: f.loaded,
  };
  return checkShadowRules(input).map((violation) => `${violation.guestFrame.toString(16)}/${violation.level}[${violation.index}] ${violation.problem}`);
}

const page = (f: Fixture, level: number) => f.pages.find((candidate) => candidate.level === level)!;
const setBits = (entries: Map<number, bigint>, index: number, bits: bigint) => entries.set(index, entries.get(index)! | bits);
const clearBits = (entries: Map<number, bigint>, index: number, bits: bigint) => entries.set(index, entries.get(index)! & ~bits);

it('accepts the hand-written shadow of the hand-written mapping', () => {
  expect(check(() => undefined)).toEqual([]);
});

it.each<[string, (f: Fixture) => void, string | string[]]>([
  ['a writable leaf for a clean page', (f) => setBits(page(f, 1).entries, 0, PTE_RW | PTE_D), '104/1[0] is writable while the guest PTE is clean (D = 0)'],
  ['an executable leaf for an NX page', (f) => clearBits(page(f, 1).entries, 0, PTE_NX), '104/1[0] is executable while the guest entry is NX'],
  ['a leaf whose guest PTE was cleared', (f) => f.guest.get(0x104)!.entries.delete(0), '104/1[0] is stale: the guest entry is not present'],
  ['a leaf on the wrong host frame', (f) => page(f, 1).entries.set(0, frame(0x201) | PTE_P | PTE_US | PTE_A | PTE_NX), '104/1[0] maps host frame 0x201000, but guest frame 0x101000 is backed by 0x200000'],
  ['a writable non-leaf entry where the guest says read-only', (f) => clearBits(f.guest.get(0x102)!.entries, 0, PTE_RW), '102/3[0] is writable while the guest entry is read-only'],
  ['a user non-leaf entry where the guest says supervisor', (f) => clearBits(f.guest.get(0x103)!.entries, 2, PTE_US), '103/2[2] is user-accessible while the guest entry is supervisor-only'],
  [
    'a non-leaf entry to a frame that is no shadow page (orphaning the PD shadow it pointed to)',
    (f) => page(f, 3).entries.set(0, frame(0x3ff) | TABLE | PTE_A),
    ['102/3[0] points to host frame 0x3ff000, which is not a shadow page', '103/2[-1] is a non-root shadow page that no entry points to'],
  ],
  [
    'a non-leaf entry to the shadow of another guest table',
    (f) => {
      f.guest.get(0x103)!.entries.set(2, frame(0x105) | TABLE | PTE_A);
      f.guest.set(0x105, { level: 1, entries: new Map() });
    },
    '103/2[2] points to the shadow of guest frame 0x104000, the guest entry points to 0x105000',
  ],
  ['a shadow page of a frame that is no guest table', (f) => f.guest.delete(0x104), '104/1[-1] shadows guest frame 0x104000, which is no page table of a live process: a shadow page must be freed when its guest table is'],
  [
    'the empty shadow root of an exited process, left behind',
    (f) => f.pages.push({ hostFrame: 0x310, guestFrame: 0x180, level: 4, direct: false, entries: new Map() }),
    '180/4[-1] shadows guest frame 0x180000, which is no page table of a live process: a shadow page must be freed when its guest table is',
  ],
  [
    'a shadowed guest table left unprotected',
    (f) => f.protectedFrames.delete(0x103),
    "103/2[-1] shadows guest table 0x103000, which is not write-protected: the guest's next store to it would not trap, and the shadow would go stale",
  ],
  [
    'a leaf that lets a user store reach a protected frame',
    (f) => {
      setBits(f.guest.get(0x104)!.entries, 0, PTE_D);
      setBits(page(f, 1).entries, 0, PTE_RW | PTE_D);
      f.protectedFrames.add(0x101);
    },
    '104/1[0] maps guest frame 0x101000 writable, but that frame is write-protected: a user store to it would not trap',
  ],
  [
    'an out-of-sync page the loaded root reaches, behind the guest',
    (f) => {
      const leaves = page(f, 1) as { unsync?: boolean };
      leaves.unsync = true;
      f.protectedFrames.delete(0x104);
      f.guest.get(0x104)!.entries.delete(0);
    },
    '104/1[0] is stale: the guest entry is not present',
  ],
  ['a shadow page at the wrong level', (f) => (f.guest.get(0x104)!.level = 3), '104/1[-1] shadows a level-3 guest table as a level-1 table'],
  ['a non-root page nothing points to', (f) => f.pages.push({ hostFrame: 0x304, guestFrame: 0x104, level: 2, direct: false, entries: new Map() }), ['104/2[-1] is a non-root shadow page that no entry points to', '104/2[-1] shadows a level-1 guest table as a level-2 table']],
  ["a hardware CR3 that is not the guest root's shadow", (f) => (f.loaded = { guestRootFrame: 0x100, shadowRootFrame: 0x301 }), "100/4[-1] is not what the hardware's CR3 holds (0x301000): CR3 must hold the shadow of the guest's CR3"],
])('reports %s', (_name, edit, problems) => {
  expect(check(edit)).toEqual(typeof problems === 'string' ? [problems] : problems);
});

it('accepts an unprotected out-of-sync page behind the guest while the loaded root does not reach it, and keeps judging its protection once in sync', () => {
  const outOfSync = (f: Fixture) => {
    (page(f, 1) as { unsync?: boolean }).unsync = true;
    f.protectedFrames.delete(0x104);
    f.guest.get(0x104)!.entries.delete(0);
    f.loaded = null;
  };
  expect(check(outOfSync)).toEqual([]);
  expect(
    check((f) => {
      outOfSync(f);
      (page(f, 1) as { unsync?: boolean }).unsync = false;
    }),
  ).toEqual([
    "104/1[-1] shadows guest table 0x104000, which is not write-protected: the guest's next store to it would not trap, and the shadow would go stale",
    '104/1[0] is stale: the guest entry is not present',
  ]);
});

it('accepts a writable leaf once the guest PTE is dirty, and an empty shadow of a page the guest maps', () => {
  expect(
    check((f) => {
      setBits(f.guest.get(0x104)!.entries, 0, PTE_D);
      setBits(page(f, 1).entries, 0, PTE_RW | PTE_D);
    }),
  ).toEqual([]);
  expect(check((f) => page(f, 1).entries.clear())).toEqual([]);
});

/**
 * The fixture plus a guest 2 MiB page: PD entry 3 (gVA 0x600000) maps guest
 * frames 0x400..0x5ff (rw, clean, NX); the PD's shadow links a direct page
 * (host frame 0x305) whose entry 5 maps guest frame 0x405, backed by host
 * frame 0x505, read-only because the large page is clean.
 */
const LARGE_LEAF = frame(0x400) | PTE_P | PTE_RW | PTE_US | PTE_PS | PTE_A | PTE_NX;
function withLargePage(f: Fixture): void {
  f.guest.get(0x103)!.entries.set(3, LARGE_LEAF);
  page(f, 2).entries.set(3, frame(0x305) | TABLE | PTE_A | PTE_NX);
  f.pages.push({ hostFrame: 0x305, guestFrame: 0x400, level: 1, direct: true, entries: new Map([[5, frame(0x505) | PTE_P | PTE_US | PTE_A | PTE_NX]]) });
  f.backing.set(0x405, 0x505);
}
const direct = (f: Fixture) => f.pages.find((candidate) => candidate.direct)!;

describe('a guest large page, shadowed through a direct page', () => {
  it('is accepted as written, and writable once the large page is dirty', () => {
    expect(check(withLargePage)).toEqual([]);
    expect(
      check((f) => {
        withLargePage(f);
        setBits(f.guest.get(0x103)!.entries, 3, PTE_D);
        setBits(direct(f).entries, 5, PTE_RW | PTE_D);
      }),
    ).toEqual([]);
  });

  it.each<[string, (f: Fixture) => void, string]>([
    ['a writable piece of a clean large page', (f) => setBits(direct(f).entries, 5, PTE_RW | PTE_D), "400/1[5] is writable while the guest's large page is clean (D = 0)"],
    ['a writable piece of a read-only large page', (f) => {
      clearBits(f.guest.get(0x103)!.entries, 3, PTE_RW);
      setBits(f.guest.get(0x103)!.entries, 3, PTE_D);
      setBits(direct(f).entries, 5, PTE_RW | PTE_D);
    }, '400/1[5] is writable while the guest entry is read-only'],
    ['an executable piece of an NX large page', (f) => clearBits(direct(f).entries, 5, PTE_NX), '400/1[5] is executable while the guest entry is NX'],
    ['a piece on the wrong host frame', (f) => direct(f).entries.set(5, frame(0x506) | PTE_P | PTE_US | PTE_A | PTE_NX), '400/1[5] maps host frame 0x506000, but the guest frame is backed by 0x505000'],
    ['the direct page of other guest frames', (f) => (direct(f).guestFrame = 0x600), '103/2[3] points to the shadow of guest frame 0x600000, the guest entry points to 0x400000'],
    ['a shadow table where the guest maps a large page', (f) => (direct(f).direct = false), '103/2[3] points to the shadow of a guest table, but the guest entry maps a large page (at 0x400000), which direct pages map'],
    ['a direct page where the guest points to a table', (f) => page(f, 2).entries.set(2, frame(0x305) | TABLE | PTE_A), '103/2[2] points to a direct page, but the guest entry points to the table at 0x104000'],
  ])('reports %s', (_name, edit, problem) => {
    expect(
      check((f) => {
        withLargePage(f);
        edit(f);
      }),
    ).toContain(problem);
  });

  it('judges the pieces of a 1 GiB page against its PDPT leaf, and the links between its direct pages', () => {
    const gigabyte = (f: Fixture) => {
      // PDPT entry 1 (gVA 0x40000000) maps guest frames from 0x40000 (1 GiB), read-only, clean.
      f.guest.get(0x102)!.entries.set(1, frame(0x40000) | PTE_P | PTE_US | PTE_PS | PTE_A | PTE_NX);
      page(f, 3).entries.set(1, frame(0x306) | PTE_P | PTE_US | PTE_A | PTE_NX);
      f.pages.push({ hostFrame: 0x306, guestFrame: 0x40000, level: 2, direct: true, entries: new Map([[2, frame(0x307) | PTE_P | PTE_US | PTE_A | PTE_NX]]) });
      f.pages.push({ hostFrame: 0x307, guestFrame: 0x40400, level: 1, direct: true, entries: new Map([[1, frame(0x601) | PTE_P | PTE_US | PTE_A | PTE_NX]]) });
      f.backing.set(0x40401, 0x601);
    };
    expect(check(gigabyte)).toEqual([]);
    const writablePiece = (f: Fixture) => {
      gigabyte(f);
      setBits(f.pages.find((candidate) => candidate.hostFrame === 0x307)!.entries, 1, PTE_RW);
    };
    expect(check(writablePiece)).toEqual(['40400/1[1] is writable while the guest entry is read-only']);
    const wrongChild = (f: Fixture) => {
      gigabyte(f);
      f.pages.find((candidate) => candidate.hostFrame === 0x307)!.guestFrame = 0x40600;
    };
    expect(check(wrongChild)).toContain('40000/2[2] points to host frame 0x307000, not to the level-1 direct page of the guest frames from 0x40400000');
  });
});

describe('on the live machine', () => {
  const events: ResolvedEvent[] = [
    { op: 'spawn', vm: 1, pid: 1, index: 0 },
    { op: 'mmap', vm: 1, pid: 1, index: 1, va: 0x400000n, pages: 1, prot: 'rw' },
    { op: 'read', vm: 1, pid: 1, index: 2, va: 0x400000n },
  ];
  const run = () => {
    const machine = referenceMachine({ ...DEFAULT_MACHINE, mode: 'shadow' });
    for (const event of events) machine.run(event);
    return machine.vmParts(1)!.hardware as ShadowVm;
  };

  it('finds nothing after a read', () => {
    expect(checkShadowInvariants(run().state)).toEqual([]);
  });

  it('finds a clean leaf made writable through the substrate', () => {
    const vm = run();
    const { shadow } = vm.state;
    const leafPage = shadow.allPages().find((candidate) => candidate.level === 1)!;
    const [[index, entry]] = shadow.presentEntriesOf(leafPage);
    shadow.setLeaf(leafPage, index, Number((entry & ENTRY_ADDRESS_MASK) >> 12n), entry, true);
    expect(checkShadowInvariants(vm.state).map((violation) => violation.problem)).toEqual(['is writable while the guest PTE is clean (D = 0)']);
  });
});
