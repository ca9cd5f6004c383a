import { gva, hex } from '../addresses';
import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W, PTE_D, PTE_G, PTE_NX, PTE_P, PTE_PCD, PTE_PS, PTE_PWT } from './constants';
import { FOUR_LEVEL } from './geometry';
import { pageFaultErrorCode } from './page-fault';
import { Access } from './rights';
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
  PathEntries,
  pte,
} from './test-support/page-table-fixture';
import { TableWalkResult, walkTables } from './walk-tables';
import { referenceWalker } from './reference-walker';
import { X86FormatOptions, x86Format } from './x86-format';

/**
 * Reserved bits of x86-64 paging-structure entries (SDM 4.5, tables 4-15 ..
 * 4-20; DOMAIN.md): which bits fault with P|RSVD at which level, and which are
 * ignored. Each case sets bits in one entry of the DOMAIN.md worked-vector path
 * and walks it with a supervisor read (error code P|RSVD = 0x9 on a reserved bit).
 */

const VA = 0x0000_7f12_3456_7abcn;
const SUPERVISOR_READ: Access = { kind: 'read', user: false };
const bit = (n: number) => 1n << BigInt(n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Which entry is the leaf: a 4 KiB PTE, a 2 MiB PDE or a 1 GiB PDPTE. */
type Shape = '4K' | '2M' | '1G';
const LEAF_LEVEL: Record<Shape, number> = { '4K': 1, '2M': 2, '1G': 3 };
/** The worked vector's translations (DOMAIN.md, and VA bits 29:0 for 1 GiB). */
const TRANSLATION: Record<Shape, bigint> = { '4K': 0x5abcn, '2M': 0x4016_7abcn, '1G': 0x7456_7abcn };
const LEVEL_NAME: Record<number, string> = { 5: 'PML5E', 4: 'PML4E', 3: 'PDPTE', 2: 'PDE', 1: 'PTE' };
const entryName = (shape: Shape, level: number) =>
  level === LEAF_LEVEL[shape] && shape !== '4K' ? `${shape === '2M' ? '2 MiB' : '1 GiB'} ${LEVEL_NAME[level]}` : LEVEL_NAME[level];

interface ReservedCase {
  readonly name: string;
  readonly shape: Shape;
  /** The entry that gets `bits`. */
  readonly level: number;
  readonly bits: bigint;
  readonly nxe?: boolean;
  /** Walk with x86Format(options) instead of the reference walker's defaults. */
  readonly format?: Partial<X86FormatOptions>;
  readonly levels?: 4 | 5;
  /** `reserved` at `level`, or a translation to `address`. */
  readonly expected: { readonly reservedAt: number } | { readonly address: bigint };
}

/** The path of `shape`, every entry present/RW/US, with `bits` ORed into the entry at `level`. */
function pathOf(shape: Shape, level: number, bits: bigint, levels: 4 | 5): PathEntries {
  const at = (entryLevel: number, value: bigint) => (entryLevel === level ? value | bits : value);
  return {
    pml5e: levels === 5 ? at(5, pte(PML4_BASE, OPEN)) : undefined,
    pml4e: at(4, pte(PDPT_BASE, OPEN)),
    pdpte: at(3, shape === '1G' ? pte(FRAME_1G, OPEN | PTE_PS) : pte(PD_BASE, OPEN)),
    pde: shape === '1G' ? undefined : at(2, shape === '2M' ? pte(FRAME_2M, OPEN | PTE_PS) : pte(PT_BASE, OPEN)),
    pte: shape === '4K' ? at(1, pte(FRAME_4K, OPEN)) : undefined,
  };
}

/** The machine a case runs on: the reference walker, or the walk loop with a non-default x86 format. */
type Machine = Pick<ReservedCase, 'nxe' | 'format' | 'levels'>;

function walkVa(tables: PageTableFixture, machine: Machine, access: Access = SUPERVISOR_READ, va: bigint = VA): TableWalkResult {
  const nxe = machine.nxe ?? true;
  const levels = machine.levels ?? 4;
  if (machine.format !== undefined) {
    return walkTables(FOUR_LEVEL, x86Format({ nxe, wp: true, ...machine.format }), PML4_BASE, va, access, tables.readEntry);
  }
  const result = referenceWalker.walk(
    { root: levels === 5 ? PML5_BASE : PML4_BASE, va: gva(va), access, control: { nxe, wp: true, levels } },
    tables.readEntry,
  );
  if (!result.ok && result.fault.kind === 'non-canonical') throw new Error('the worked vector is canonical');
  return result as TableWalkResult;
}

const reserved = (level: number) => ({ reservedAt: level });
const translates = (shape: Shape) => ({ address: TRANSLATION[shape] });

/** Every entry of every shape, top down. */
const POSITIONS: ReadonlyArray<{ shape: Shape; level: number }> = [
  { shape: '4K', level: 4 },
  { shape: '4K', level: 3 },
  { shape: '4K', level: 2 },
  { shape: '4K', level: 1 },
  { shape: '2M', level: 2 },
  { shape: '1G', level: 3 },
];

const cases: ReservedCase[] = [
  // Physical-address bits MAXPHYADDR..51 (46..51 with the default MAXPHYADDR of 46).
  ...POSITIONS.flatMap(({ shape, level }) =>
    range(46, 51).map((n) => ({
      name: `bit ${n} (above MAXPHYADDR 46) in a ${entryName(shape, level)}`,
      shape,
      level,
      bits: bit(n),
      expected: reserved(level),
    })),
  ),
  // A larger MAXPHYADDR makes the same bit an address bit; a smaller one reserves more.
  { name: 'bit 51 in a PTE with MAXPHYADDR 52 is an address bit', shape: '4K', level: 1, bits: bit(51), format: { maxPhysicalAddressBits: 52 }, expected: { address: bit(51) | TRANSLATION['4K'] } },
  { name: 'bit 45 in a PTE with MAXPHYADDR 46 is an address bit', shape: '4K', level: 1, bits: bit(45), expected: { address: bit(45) | TRANSLATION['4K'] } },
  { name: 'bit 39 in a PTE with MAXPHYADDR 39 is reserved', shape: '4K', level: 1, bits: bit(39), format: { maxPhysicalAddressBits: 39 }, expected: reserved(1) },
  { name: 'bit 39 in a PML4E with MAXPHYADDR 39 is reserved', shape: '4K', level: 4, bits: bit(39), format: { maxPhysicalAddressBits: 39 }, expected: reserved(4) },

  // Bit 63: NX with EFER.NXE=1, reserved with EFER.NXE=0, at every level.
  ...POSITIONS.flatMap(({ shape, level }) => [
    { name: `NX with NXE=0 in a ${entryName(shape, level)}`, shape, level, bits: PTE_NX, nxe: false, expected: reserved(level) },
    { name: `NX with NXE=1 in a ${entryName(shape, level)} (read allowed)`, shape, level, bits: PTE_NX, nxe: true, expected: translates(shape) },
  ]),

  // PS where no large page can be: the PML4 (and PML5) level; the PDPT without 1 GiB pages.
  { name: 'PS in a PML4E', shape: '4K', level: 4, bits: PTE_PS, expected: reserved(4) },
  { name: 'PS in a PML5E (5-level paging)', shape: '4K', level: 5, bits: PTE_PS, levels: 5, expected: reserved(5) },
  { name: 'PS in a PDPTE with 1 GiB pages disabled', shape: '1G', level: 3, bits: 0n, format: { gigabytePages: false }, expected: reserved(3) },
  { name: 'PS in a PDPTE with 1 GiB pages enabled', shape: '1G', level: 3, bits: 0n, format: { gigabytePages: true }, expected: translates('1G') },

  // Address bits of a large leaf below its page size: 2 MiB bits 13..20, 1 GiB bits 13..29; bit 12 is PAT.
  ...range(13, 20).map((n) => ({ name: `bit ${n} in a 2 MiB PDE`, shape: '2M' as Shape, level: 2, bits: bit(n), expected: reserved(2) })),
  ...range(13, 29).map((n) => ({ name: `bit ${n} in a 1 GiB PDPTE`, shape: '1G' as Shape, level: 3, bits: bit(n), expected: reserved(3) })),
  { name: 'bit 12 (PAT) in a 2 MiB PDE, not part of the frame', shape: '2M', level: 2, bits: bit(12), expected: translates('2M') },
  { name: 'bit 12 (PAT) in a 1 GiB PDPTE, not part of the frame', shape: '1G', level: 3, bits: bit(12), expected: translates('1G') },
  { name: 'bit 21 in a 2 MiB PDE is a frame bit', shape: '2M', level: 2, bits: bit(21), expected: { address: bit(21) | TRANSLATION['2M'] } },
  { name: 'bit 30 in a 1 GiB PDPTE is a frame bit', shape: '1G', level: 3, bits: bit(30), expected: { address: bit(30) | TRANSLATION['1G'] } },

  // Bits 52..58 (software) and 59..62 (protection key, ignored without CR4.PKE): never reserved, never address.
  ...POSITIONS.flatMap(({ shape, level }) =>
    range(52, 62).map((n) => ({
      name: `bit ${n} (${n >= 59 ? 'protection key' : 'software'}) in a ${entryName(shape, level)} is ignored`,
      shape,
      level,
      bits: bit(n),
      expected: translates(shape),
    })),
  ),
  // Low bits that are not reserved: PWT, PCD, D (ignored in a table pointer), G, software bits 9..11, PAT in a 4 KiB PTE.
  ...POSITIONS.flatMap(({ shape, level }) =>
    [PTE_PWT, PTE_PCD, PTE_D, PTE_G, bit(9), bit(10), bit(11)].map((bits) => ({
      name: `bit ${bits.toString(2).length - 1} in a ${entryName(shape, level)} is not reserved`,
      shape,
      level,
      bits,
      expected: translates(shape),
    })),
  ),
  { name: 'bit 7 (PAT) in a 4 KiB PTE is not PS', shape: '4K', level: 1, bits: PTE_PS, expected: translates('4K') },
];

describe('reserved bits (SDM 4.5) through the walk', () => {
  it.each(cases)('$name', (c) => {
    const tables = new PageTableFixture();
    tables.map(VA, pathOf(c.shape, c.level, c.bits, c.levels ?? 4));

    const result = walkVa(tables, c);

    if ('address' in c.expected) {
      expect(result).toMatchObject({ ok: true, address: c.expected.address, leafLevel: LEAF_LEVEL[c.shape] });
      return;
    }
    const level = c.expected.reservedAt;
    if (result.ok) throw new Error(`expected a reserved-bit fault at level ${level}, translated to ${hex(result.address)}`);
    expect(result.fault).toMatchObject({ kind: 'reserved', level });
    expect(pageFaultErrorCode(result.fault, SUPERVISOR_READ, c.nxe ?? true)).toBe(PFERR_P | PFERR_RSVD);
    // The walk stops at the bad entry and never marks it accessed.
    expect(result.steps[result.steps.length - 1].level).toBe(level);
    expect(result.adWrites.map((write) => write.level)).not.toContain(level);
  });

  it(`runs ${cases.length} cases`, () => {
    // Guards the generated table against silently shrinking.
    expect(cases.length).toBe(6 * 6 + 4 + 6 * 2 + 4 + 8 + 17 + 4 + 6 * 11 + 6 * 7 + 1);
  });
});

describe('reserved-bit details', () => {
  // The worked vector has VA bit 12 set, which would hide a PAT bit leaking into the frame: use its neighbour.
  const VA_BIT_12_CLEAR = VA & ~bit(12);
  it.each([
    { shape: '2M' as Shape, level: 2, expected: 0x4016_6abcn },
    { shape: '1G' as Shape, level: 3, expected: 0x7456_6abcn },
  ])('keeps the PAT bit (12) of a $shape leaf out of the translated address', ({ shape, level, expected }) => {
    const tables = new PageTableFixture();
    tables.map(VA_BIT_12_CLEAR, pathOf(shape, level, bit(12), 4));

    const result = walkVa(tables, {}, SUPERVISOR_READ, VA_BIT_12_CLEAR);

    expect(result).toMatchObject({ ok: true, address: expected });
  });

  it('ignores reserved bits in a not-present entry', () => {
    const tables = new PageTableFixture();
    const path = pathOf('4K', 2, 0n, 4);
    tables.map(VA, { ...path, pde: bit(51) | PTE_NX | PTE_PS }); // P=0

    const result = walkVa(tables, { nxe: false });

    expect(!result.ok && result.fault).toEqual({ kind: 'not-present', level: 2 });
  });

  it('reports the highest bad level when two entries have reserved bits', () => {
    const tables = new PageTableFixture();
    tables.map(VA, { ...pathOf('4K', 1, bit(51), 4), pml4e: pte(PDPT_BASE, OPEN | bit(50)) });

    const result = walkVa(tables, {});

    expect(!result.ok && result.fault).toMatchObject({ kind: 'reserved', level: 4 });
    expect(result.steps).toHaveLength(1);
  });

  it('reports a reserved bit ahead of a protection violation', () => {
    // The PML4E denies user access and writes, but the PTE is malformed: the walk never gets to check rights.
    const tables = new PageTableFixture();
    tables.map(VA, { ...pathOf('4K', 1, bit(51), 4), pml4e: pte(PDPT_BASE, PTE_P) });
    const userWrite: Access = { kind: 'write', user: true };

    const result = walkVa(tables, {}, userWrite);

    if (result.ok) throw new Error('expected a fault');
    expect(result.fault).toMatchObject({ kind: 'reserved', level: 1 });
    expect(pageFaultErrorCode(result.fault, userWrite, true)).toBe(PFERR_P | PFERR_RSVD | PFERR_W | PFERR_U);
  });

  it.each([
    { name: 'user fetch, NXE=1', access: { kind: 'fetch', user: true } as Access, nxe: true, errorCode: PFERR_P | PFERR_RSVD | PFERR_U | PFERR_ID },
    { name: 'supervisor fetch of an NX page with NXE=0 (bit 63 reserved, no I/D)', access: { kind: 'fetch', user: false } as Access, nxe: false, errorCode: PFERR_P | PFERR_RSVD },
  ])('error code of a reserved-bit fault on a $name', ({ access, nxe, errorCode }) => {
    const tables = new PageTableFixture();
    tables.map(VA, pathOf('4K', 1, nxe ? bit(51) : PTE_NX, 4));

    const result = walkVa(tables, { nxe }, access);

    if (result.ok) throw new Error('expected a fault');
    expect(result.fault.kind).toBe('reserved');
    expect(pageFaultErrorCode(result.fault, access, nxe)).toBe(errorCode);
  });
});
