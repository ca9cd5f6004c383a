import { gva, hex } from '../addresses';
import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import { pageFaultErrorCode } from './page-fault';
import { Access, AccessKind } from './rights';
import {
  FRAME_1G,
  FRAME_2M,
  FRAME_4K,
  OPEN,
  PD_BASE,
  PDPT_BASE,
  PML4_BASE,
  PML5_BASE,
  PT_BASE,
  PageTableFixture,
  entryAddress,
  pte,
  vaFields,
} from './test-support/page-table-fixture';
import { EntryReader, TableWalkFault } from './walk-tables';
import { GuestWalkResult, PagingControl } from './walker';
import { referenceWalker } from './reference-walker';

/**
 * Known-answer tests for the x86-64 walker: the DOMAIN.md worked vector, its
 * #PF error-code examples, canonical addresses, and where a walk stops. Every
 * expected value is written out from DOMAIN.md or the Intel SDM (vol. 3, ch. 4).
 */

const WP_NXE: PagingControl = { wp: true, nxe: true, levels: 4 };
const at = (user: boolean, kind: AccessKind): Access => ({ kind, user });
const SUPERVISOR_READ = at(false, 'read');
const SUPERVISOR_WRITE = at(false, 'write');
const USER_READ = at(true, 'read');
const USER_WRITE = at(true, 'write');
const USER_FETCH = at(true, 'fetch');

function walk(
  readEntry: EntryReader,
  va: bigint,
  access: Access,
  control: PagingControl = WP_NXE,
  root: bigint = PML4_BASE,
): GuestWalkResult {
  return referenceWalker.walk({ root, va: gva(va), access, control }, readEntry);
}

/** The table-walk fault of a failed walk (a #PF candidate); fails the test otherwise. */
function tableFault(result: GuestWalkResult): TableWalkFault {
  if (result.ok) throw new Error('expected the walk to fault, it translated');
  if (result.fault.kind === 'non-canonical') throw new Error('expected a table-walk fault, got non-canonical');
  return result.fault;
}

function translated(result: GuestWalkResult): bigint {
  if (!result.ok) throw new Error(`expected a translation, got fault ${JSON.stringify(result.fault)}`);
  return result.address;
}

// DOMAIN.md, "Worked vector".
const VA = 0x0000_7f12_3456_7abcn;
const PML4_INDEX = 254;
const PDPT_INDEX = 72;
const PD_INDEX = 418;
const PT_INDEX = 359;
const OFFSET = 0xabcn;
const PML4E_AT = 0x17f0n;
const PDPTE_AT = 0x2240n;
const PDE_AT = 0x3d10n;
const PTE_AT = 0x4b38n;

describe('the DOMAIN.md worked vector', () => {
  it('splits VA 0x00007f1234567abc into indices 254, 72, 418, 359 and offset 0xabc', () => {
    const reassembled =
      (BigInt(PML4_INDEX) << 39n) | (BigInt(PDPT_INDEX) << 30n) | (BigInt(PD_INDEX) << 21n) | (BigInt(PT_INDEX) << 12n) | OFFSET;
    expect(reassembled).toBe(VA);
    expect(vaFields(VA)).toMatchObject({ pml4: PML4_INDEX, pdpt: PDPT_INDEX, pd: PD_INDEX, pt: PT_INDEX, offset: OFFSET });
    expect([entryAddress(PML4_BASE, PML4_INDEX), entryAddress(PDPT_BASE, PDPT_INDEX), entryAddress(PD_BASE, PD_INDEX), entryAddress(PT_BASE, PT_INDEX)]).toEqual([
      PML4E_AT,
      PDPTE_AT,
      PDE_AT,
      PTE_AT,
    ]);
  });

  it('reads the entries at 0x17f0, 0x2240, 0x3d10, 0x4b38 and translates through a 4 KiB page', () => {
    const tables = new PageTableFixture();
    const leaf = pte(FRAME_4K, PTE_P | PTE_RW);
    tables.map4K(VA, FRAME_4K, PTE_P | PTE_RW);

    const result = walk(tables.readEntry, VA, SUPERVISOR_READ);

    expect(result.steps).toEqual([
      { level: 4, index: PML4_INDEX, entryAddress: PML4E_AT, entry: pte(PDPT_BASE, OPEN) },
      { level: 3, index: PDPT_INDEX, entryAddress: PDPTE_AT, entry: pte(PD_BASE, OPEN) },
      { level: 2, index: PD_INDEX, entryAddress: PDE_AT, entry: pte(PT_BASE, OPEN) },
      { level: 1, index: PT_INDEX, entryAddress: PTE_AT, entry: leaf },
    ]);
    expect(tables.reads).toEqual([PML4E_AT, PDPTE_AT, PDE_AT, PTE_AT]);
    expect(result).toMatchObject({ ok: true, address: 0x5abcn, pageSize: 0x1000n, leafLevel: 1 });
  });

  it('translates to 0x40167abc through a 2 MiB leaf with frame 0x40000000', () => {
    const tables = new PageTableFixture();
    tables.map(VA, { pml4e: pte(PDPT_BASE, OPEN), pdpte: pte(PD_BASE, OPEN), pde: pte(FRAME_2M, PTE_P | PTE_RW | PTE_PS) });

    const result = walk(tables.readEntry, VA, SUPERVISOR_READ);

    expect(result).toMatchObject({ ok: true, address: 0x4016_7abcn, pageSize: 0x20_0000n, leafLevel: 2 });
    expect(result.steps.map((step) => step.entryAddress)).toEqual([PML4E_AT, PDPTE_AT, PDE_AT]);
  });

  it('translates to 0x74567abc through a 1 GiB leaf with frame 0x40000000 (offset = VA bits 29:0)', () => {
    const tables = new PageTableFixture();
    tables.map(VA, { pml4e: pte(PDPT_BASE, OPEN), pdpte: pte(FRAME_1G, PTE_P | PTE_RW | PTE_PS) });

    const result = walk(tables.readEntry, VA, SUPERVISOR_READ);

    expect(result).toMatchObject({ ok: true, address: 0x7456_7abcn, pageSize: 0x4000_0000n, leafLevel: 3 });
    expect(result.steps.map((step) => step.entryAddress)).toEqual([PML4E_AT, PDPTE_AT]);
  });

  it('follows table pointers that are not aligned beyond 4 KiB at every level', () => {
    // Tables at odd frames: a walker that masks a table pointer by the level's page size would lose them.
    const tables = new PageTableFixture();
    const pdpt = 0x3000n;
    const pd = 0x5000n;
    const pt = 0x7000n;
    tables.memory.writeEntry(entryAddress(PML4_BASE, PML4_INDEX), pte(pdpt, OPEN));
    tables.memory.writeEntry(entryAddress(pdpt, PDPT_INDEX), pte(pd, OPEN));
    tables.memory.writeEntry(entryAddress(pd, PD_INDEX), pte(pt, OPEN));
    tables.memory.writeEntry(entryAddress(pt, PT_INDEX), pte(0x1234_5000n, OPEN));

    const result = walk(tables.readEntry, VA, USER_WRITE);

    expect(tables.reads).toEqual([0x17f0n, 0x3240n, 0x5d10n, 0x7b38n]);
    expect(translated(result)).toBe(0x1234_5abcn);
  });
});

describe('accessed and dirty bits of a successful walk', () => {
  // The walk reports the bits it wants set instead of writing them.
  const cases: ReadonlyArray<{ name: string; leafLevel: 1 | 2 | 3; access: Access; leafFlags: bigint; expected: Array<[bigint, bigint]> }> = [
    { name: '4 KiB read, all clean', leafLevel: 1, access: SUPERVISOR_READ, leafFlags: 0n, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A], [PTE_AT, PTE_A]] },
    { name: '4 KiB write, all clean', leafLevel: 1, access: SUPERVISOR_WRITE, leafFlags: 0n, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A], [PTE_AT, PTE_A | PTE_D]] },
    { name: '4 KiB write, leaf already accessed', leafLevel: 1, access: SUPERVISOR_WRITE, leafFlags: PTE_A, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A], [PTE_AT, PTE_D]] },
    { name: '4 KiB fetch sets no D', leafLevel: 1, access: USER_FETCH, leafFlags: 0n, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A], [PTE_AT, PTE_A]] },
    { name: '2 MiB write: D in the PDE', leafLevel: 2, access: USER_WRITE, leafFlags: 0n, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A | PTE_D]] },
    { name: '1 GiB write: D in the PDPTE', leafLevel: 3, access: USER_WRITE, leafFlags: 0n, expected: [[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A | PTE_D]] },
    { name: '1 GiB write, leaf already dirty', leafLevel: 3, access: USER_WRITE, leafFlags: PTE_A | PTE_D, expected: [[PML4E_AT, PTE_A]] },
  ];

  it.each(cases)('$name', ({ leafLevel, access, leafFlags, expected }) => {
    const tables = new PageTableFixture();
    const leaf = (frame: bigint) => pte(frame, OPEN | leafFlags | (leafLevel > 1 ? PTE_PS : 0n));
    tables.map(VA, {
      pml4e: pte(PDPT_BASE, OPEN),
      pdpte: leafLevel === 3 ? leaf(FRAME_1G) : pte(PD_BASE, OPEN),
      pde: leafLevel === 3 ? undefined : leafLevel === 2 ? leaf(FRAME_2M) : pte(PT_BASE, OPEN),
      pte: leafLevel === 1 ? leaf(FRAME_4K) : undefined,
    });
    const before = [PML4E_AT, PDPTE_AT, PDE_AT, PTE_AT].map((address) => tables.memory.readEntry(address));

    const result = walk(tables.readEntry, VA, access);

    expect(result.ok).toBe(true);
    expect(result.adWrites.map((write) => [write.entryAddress, write.bits])).toEqual(expected);
    // The walk itself leaves memory alone.
    expect([PML4E_AT, PDPTE_AT, PDE_AT, PTE_AT].map((address) => tables.memory.readEntry(address))).toEqual(before);
  });

  it('sets no leaf A/D on a faulting access, but A in the table entries it went through', () => {
    const tables = new PageTableFixture();
    tables.map4K(VA, FRAME_4K, PTE_P | PTE_US); // read-only leaf

    const result = walk(tables.readEntry, VA, USER_WRITE);

    expect(tableFault(result)).toEqual({ kind: 'protection', level: 1, rights: expect.any(Number) });
    expect(result.adWrites.map((write) => [write.entryAddress, write.bits])).toEqual([[PML4E_AT, PTE_A], [PDPTE_AT, PTE_A], [PDE_AT, PTE_A]]);
  });
});

describe('#PF error codes (DOMAIN.md examples, SDM 4.7)', () => {
  /** leafFlags null: the PTE is not present at all. */
  const cases: ReadonlyArray<{ name: string; leafFlags: bigint; access: Access; control: PagingControl; kind: TableWalkFault['kind']; errorCode: number }> = [
    { name: 'user write to a present read-only page', leafFlags: PTE_P | PTE_US, access: USER_WRITE, control: WP_NXE, kind: 'protection', errorCode: 0x7 },
    { name: 'user read of a not-present page', leafFlags: 0n, access: USER_READ, control: WP_NXE, kind: 'not-present', errorCode: 0x4 },
    { name: 'kernel write to a not-present page', leafFlags: 0n, access: SUPERVISOR_WRITE, control: WP_NXE, kind: 'not-present', errorCode: 0x2 },
    { name: 'supervisor write to a read-only page, WP=1', leafFlags: PTE_P, access: SUPERVISOR_WRITE, control: WP_NXE, kind: 'protection', errorCode: 0x3 },
    { name: 'user fetch from an NX page', leafFlags: PTE_P | PTE_US | PTE_NX, access: USER_FETCH, control: WP_NXE, kind: 'protection', errorCode: 0x15 },
    { name: 'reserved bit (51) on a kernel read', leafFlags: PTE_P | PTE_RW | (1n << 51n), access: SUPERVISOR_READ, control: WP_NXE, kind: 'reserved', errorCode: 0x9 },
    // Composed from the same rules.
    { name: 'reserved bit on a user write', leafFlags: PTE_P | PTE_RW | PTE_US | (1n << 51n), access: USER_WRITE, control: WP_NXE, kind: 'reserved', errorCode: PFERR_P | PFERR_RSVD | PFERR_W | PFERR_U },
    { name: 'reserved bits ignored in a not-present entry', leafFlags: 1n << 51n, access: USER_READ, control: WP_NXE, kind: 'not-present', errorCode: PFERR_U },
    { name: 'user fetch of a not-present page, NXE=1: I/D', leafFlags: 0n, access: USER_FETCH, control: WP_NXE, kind: 'not-present', errorCode: PFERR_U | PFERR_ID },
    { name: 'user fetch of a not-present page, NXE=0: no I/D', leafFlags: 0n, access: USER_FETCH, control: { ...WP_NXE, nxe: false }, kind: 'not-present', errorCode: PFERR_U },
    { name: 'NX with NXE=0 is reserved', leafFlags: PTE_P | PTE_US | PTE_NX, access: USER_READ, control: { ...WP_NXE, nxe: false }, kind: 'reserved', errorCode: PFERR_P | PFERR_RSVD | PFERR_U },
  ];

  it.each(cases.map((c) => ({ ...c, title: `${c.name}: ${hex(c.errorCode)}` })))('$title', ({ leafFlags, access, control, kind, errorCode }) => {
    const tables = new PageTableFixture();
    tables.map4K(VA, FRAME_4K, leafFlags);

    const fault = tableFault(walk(tables.readEntry, VA, access, control));

    expect(fault.kind).toBe(kind);
    expect(fault.level).toBe(1);
    expect(pageFaultErrorCode(fault, access, control.nxe)).toBe(errorCode);
  });

  it('lets a supervisor write to a read-only page through with WP=0, and sets D', () => {
    const tables = new PageTableFixture();
    tables.map4K(VA, FRAME_4K, PTE_P | PTE_A);

    const result = walk(tables.readEntry, VA, SUPERVISOR_WRITE, { ...WP_NXE, wp: false });

    expect(translated(result)).toBe(0x5abcn);
    expect(result.adWrites).toContainEqual({ level: 1, entryAddress: PTE_AT, bits: PTE_D });
  });

  it('does not treat a failed entry read as a #PF', () => {
    expect(() => pageFaultErrorCode({ kind: 'access-failed', level: 2 }, USER_READ, true)).toThrow(/internal error/);
  });
});

describe('canonical addresses (SDM 3.3.7.1): #GP before any walk', () => {
  const cases: ReadonlyArray<{ va: bigint; levels: 4 | 5; canonical: boolean }> = [
    // 4-level: bits 63:48 copy bit 47.
    { va: 0x0000_0000_0000_0000n, levels: 4, canonical: true },
    { va: 0x0000_7fff_ffff_ffffn, levels: 4, canonical: true },
    { va: 0xffff_8000_0000_0000n, levels: 4, canonical: true },
    { va: 0xffff_ffff_ffff_ffffn, levels: 4, canonical: true },
    { va: 0x0000_8000_0000_0000n, levels: 4, canonical: false },
    { va: 0xffff_7fff_ffff_ffffn, levels: 4, canonical: false },
    { va: 0x0001_0000_0000_0000n, levels: 4, canonical: false },
    { va: 0x8000_0000_0000_0000n, levels: 4, canonical: false },
    { va: 0x7fff_8000_0000_0000n, levels: 4, canonical: false },
    // 5-level: bits 63:57 copy bit 56.
    { va: 0x00ff_ffff_ffff_ffffn, levels: 5, canonical: true },
    { va: 0xff00_0000_0000_0000n, levels: 5, canonical: true },
    { va: 0x0000_8000_0000_0000n, levels: 5, canonical: true },
    { va: 0xffff_7fff_ffff_ffffn, levels: 5, canonical: true },
    { va: 0x0100_0000_0000_0000n, levels: 5, canonical: false },
    { va: 0xfeff_ffff_ffff_ffffn, levels: 5, canonical: false },
    { va: 0x8000_0000_0000_0000n, levels: 5, canonical: false },
  ];

  const titled = cases.map((c) => ({ ...c, title: `${hex(c.va)} with ${c.levels} levels: ${c.canonical ? 'canonical' : 'non-canonical'}` }));
  it.each(titled)('$title', ({ va, levels, canonical }) => {
    const tables = new PageTableFixture(); // empty: a canonical address walks and finds the top entry not present
    const result = walk(tables.readEntry, va, USER_READ, { ...WP_NXE, levels });

    if (canonical) {
      expect(tableFault(result)).toEqual({ kind: 'not-present', level: levels });
      expect(tables.reads).toHaveLength(1);
    } else {
      expect(result).toEqual({ ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps: [], adWrites: [] });
      expect(tables.reads).toEqual([]);
    }
  });

  it('translates an upper-half address through PML4 index 256', () => {
    const va = 0xffff_8000_0000_1234n;
    const tables = new PageTableFixture();
    tables.map4K(va, FRAME_4K, PTE_P);

    const result = walk(tables.readEntry, va, SUPERVISOR_READ);

    expect(translated(result)).toBe(0x5234n);
    expect(result.steps[0]).toMatchObject({ level: 4, index: 256, entryAddress: 0x1800n });
  });

  it('walks five levels with LA57, the PML5 index taken from VA bits 56:48', () => {
    const va = (3n << 48n) | VA; // PML5 index 3
    const tables = new PageTableFixture();
    tables.map(va, { pml5e: pte(PML4_BASE, OPEN), pml4e: pte(PDPT_BASE, OPEN), pdpte: pte(PD_BASE, OPEN), pde: pte(PT_BASE, OPEN), pte: pte(FRAME_4K, OPEN) });

    const result = walk(tables.readEntry, va, USER_READ, { ...WP_NXE, levels: 5 }, PML5_BASE);

    expect(translated(result)).toBe(0x5abcn);
    expect(result.steps.map((step) => [step.level, step.index, step.entryAddress])).toEqual([
      [5, 3, 0x6018n],
      [4, PML4_INDEX, PML4E_AT],
      [3, PDPT_INDEX, PDPTE_AT],
      [2, PD_INDEX, PDE_AT],
      [1, PT_INDEX, PTE_AT],
    ]);
  });
});

describe('how far a walk goes', () => {
  it.each([
    { leaf: '4 KiB', leafLevel: 1, steps: 4 },
    { leaf: '2 MiB', leafLevel: 2, steps: 3 },
    { leaf: '1 GiB', leafLevel: 3, steps: 2 },
  ])('a $leaf page takes $steps steps', ({ leafLevel, steps }) => {
    const tables = new PageTableFixture();
    tables.map(VA, {
      pml4e: pte(PDPT_BASE, OPEN),
      pdpte: leafLevel === 3 ? pte(FRAME_1G, OPEN | PTE_PS) : pte(PD_BASE, OPEN),
      pde: leafLevel === 2 ? pte(FRAME_2M, OPEN | PTE_PS) : pte(PT_BASE, OPEN),
      pte: pte(FRAME_4K, OPEN),
    });

    const result = walk(tables.readEntry, VA, USER_READ);

    expect(result).toMatchObject({ ok: true, leafLevel });
    expect(result.steps).toHaveLength(steps);
    expect(tables.reads).toHaveLength(steps);
  });

  const levels = [4, 3, 2, 1] as const;
  /** The path with the entry at `faultLevel` replaced by `bad`. */
  function pathWith(faultLevel: number, bad: bigint) {
    return {
      pml4e: faultLevel === 4 ? bad : pte(PDPT_BASE, OPEN),
      pdpte: faultLevel === 3 ? bad : pte(PD_BASE, OPEN),
      pde: faultLevel === 2 ? bad : pte(PT_BASE, OPEN),
      pte: faultLevel === 1 ? bad : pte(FRAME_4K, OPEN),
    };
  }

  it.each(levels)('stops at a not-present entry at level %d', (faultLevel) => {
    const tables = new PageTableFixture();
    tables.map(VA, pathWith(faultLevel, 0n));

    const result = walk(tables.readEntry, VA, USER_READ);

    expect(tableFault(result)).toEqual({ kind: 'not-present', level: faultLevel });
    expect(result.steps.map((step) => step.level)).toEqual(levels.filter((level) => level >= faultLevel));
    // A only in the table entries above the fault.
    expect(result.adWrites.map((write) => write.level)).toEqual(levels.filter((level) => level > faultLevel));
  });

  it.each(levels)('stops at a reserved bit at level %d', (faultLevel) => {
    const tables = new PageTableFixture();
    const next = [FRAME_4K, PT_BASE, PD_BASE, PDPT_BASE][faultLevel - 1];
    tables.map(VA, pathWith(faultLevel, pte(next, OPEN | (1n << 51n))));

    const result = walk(tables.readEntry, VA, USER_READ);

    expect(tableFault(result)).toMatchObject({ kind: 'reserved', level: faultLevel });
    expect(result.steps.map((step) => step.level)).toEqual(levels.filter((level) => level >= faultLevel));
    expect(result.adWrites.map((write) => write.level)).toEqual(levels.filter((level) => level > faultLevel));
  });

  it.each(levels)('reports access-failed when the entry read at level %d fails', (failLevel) => {
    const tables = new PageTableFixture();
    tables.map4K(VA, FRAME_4K, OPEN);
    const failingAt = [PTE_AT, PDE_AT, PDPTE_AT, PML4E_AT][failLevel - 1];
    const readEntry: EntryReader = (address, level) => (address === failingAt ? null : tables.readEntry(address, level));

    const result = walk(readEntry, VA, USER_READ);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.fault).toEqual({ kind: 'access-failed', level: failLevel });
    expect(result.steps.map((step) => step.level)).toEqual(levels.filter((level) => level > failLevel));
    expect(tables.reads).toHaveLength(4 - failLevel);
  });

  it('passes the level being walked to the entry reader', () => {
    const tables = new PageTableFixture();
    tables.map4K(VA, FRAME_4K, OPEN);
    const seen: Array<[bigint, number]> = [];

    walk((address, level) => (seen.push([address, level]), tables.readEntry(address, level)), VA, USER_READ);

    expect(seen).toEqual([[PML4E_AT, 4], [PDPTE_AT, 3], [PDE_AT, 2], [PTE_AT, 1]]);
  });
});
