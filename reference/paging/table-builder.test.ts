import { PhysicalMemory } from '../memory/physical-memory';
import { EPT_PS, EPT_R, EPT_W, EPT_X, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import { FIVE_LEVEL, FOUR_LEVEL, PagingGeometry } from './geometry';
import { PageTableBuilder, TableFormatName } from './table-builder';
import { walkTables } from './walk-tables';
import { x86Format } from './x86-format';

const KIB_4 = 0x1000n;
const MIB_2 = 0x20_0000n;
const GIB_1 = 0x4000_0000n;
/** DOMAIN.md worked vector: indices PML4 254, PDPT 72, PD 418, PT 359, offset 0xabc. */
const VA = 0x0000_7f12_3456_7abcn;
const VA_PAGE = 0x0000_7f12_3456_7000n;

/** A builder whose tables are handed out at 0x1000, 0x2000, ... (the root first). */
function setup(format: TableFormatName, geometry: PagingGeometry = FOUR_LEVEL) {
  const memory = new PhysicalMemory(1 << 20);
  let next = 0x1000n;
  const builder = new PageTableBuilder(memory, format, geometry, () => {
    const table = next;
    next += KIB_4;
    return table;
  });
  return { memory, builder };
}

describe('PageTableBuilder, x86 format', () => {
  test('a 4 KiB mapping creates PDPT, PD and PT under a new root, at the entries of the worked vector', () => {
    const { memory, builder } = setup('x86');
    builder.map(VA_PAGE, 0x5000n, { pageSize: KIB_4, flags: PTE_P | PTE_RW | PTE_US });
    expect(builder.root).toBe(0x1000n);
    // Tables 0x2000, 0x3000, 0x4000 in allocation order; intermediate entries P|RW|US (7).
    expect(memory.readEntry(0x17f0n)).toBe(0x2007n);
    expect(memory.readEntry(0x2240n)).toBe(0x3007n);
    expect(memory.readEntry(0x3d10n)).toBe(0x4007n);
    expect(memory.readEntry(0x4b38n)).toBe(0x5007n);
    expect(builder.tablePages()).toBe(4);
  });

  test('a neighbouring page reuses the tables and writes only its PTE', () => {
    const { memory, builder } = setup('x86');
    builder.map(VA_PAGE, 0x5000n, { pageSize: KIB_4, flags: PTE_P | PTE_RW | PTE_US });
    builder.map(VA_PAGE + KIB_4, 0x9000n, { pageSize: KIB_4, flags: PTE_P | PTE_US | PTE_NX });
    expect(memory.readEntry(0x4b40n)).toBe(0x9005n | PTE_NX);
    expect(builder.tablePages()).toBe(4);
  });

  test('a 2 MiB leaf sets PS in the PDE, and the walk loop translates through it as DOMAIN.md says', () => {
    const { memory, builder } = setup('x86');
    builder.map(0x0000_7f12_3440_0000n, 0x4000_0000n, { pageSize: MIB_2, flags: PTE_P | PTE_RW });
    expect(memory.readEntry(0x3d10n)).toBe(0x4000_0083n);
    expect(builder.tablePages()).toBe(3);
    const result = walkTables(FOUR_LEVEL, x86Format({ nxe: true, wp: true }), builder.root, VA, { kind: 'read', user: false }, (address) =>
      memory.readEntry(address),
    );
    expect(result.ok && result.address).toBe(0x4016_7abcn);
  });

  test('a 1 GiB leaf sets PS in the PDPTE', () => {
    const { memory, builder } = setup('x86');
    builder.map(0x0000_7f12_0000_0000n, 0x8000_0000n, { pageSize: GIB_1, flags: PTE_P });
    expect(memory.readEntry(0x2240n)).toBe(0x8000_0000n | PTE_PS | PTE_P);
    expect(builder.lookupLeaf(VA)).toEqual({ level: 3, entryAddress: 0x2240n, entry: 0x8000_0081n });
  });

  test('tableFlags replace the default bits of the intermediate entries it creates', () => {
    const { memory, builder } = setup('x86');
    builder.map(VA_PAGE, 0x5000n, { pageSize: KIB_4, flags: PTE_P, tableFlags: PTE_P | PTE_RW });
    expect(memory.readEntry(0x17f0n)).toBe(0x2003n);
    expect(memory.readEntry(0x4b38n)).toBe(0x5001n);
  });

  test('5-level geometry adds a PML5 above', () => {
    const { memory, builder } = setup('x86', FIVE_LEVEL);
    builder.map(VA_PAGE, 0x6000n, { pageSize: KIB_4, flags: PTE_P });
    // PML5 index of VA is 0; PML4 is the second table, 0x2000; the PT is 0x5000.
    expect(memory.readEntry(0x1000n)).toBe(0x2007n);
    expect(memory.readEntry(0x27f0n)).toBe(0x3007n);
    expect(memory.readEntry(0x5b38n)).toBe(0x6001n);
    expect(builder.tablePages()).toBe(5);
  });
});

describe('PageTableBuilder, EPT format', () => {
  test('intermediate entries get R|W|X; a leaf gets write-back (6) unless its flags carry a memory type', () => {
    const { memory, builder } = setup('ept');
    builder.map(0x5000n, 0x9000n, { pageSize: KIB_4, flags: EPT_R | EPT_W });
    // gPA 0x5000: indices 0, 0, 0, 5.
    expect(memory.readEntry(0x1000n)).toBe(0x2007n);
    expect(memory.readEntry(0x2000n)).toBe(0x3007n);
    expect(memory.readEntry(0x3000n)).toBe(0x4007n);
    expect(memory.readEntry(0x4028n)).toBe(0x9000n | 0x3n | (6n << 3n));

    builder.map(0x6000n, 0xa000n, { pageSize: KIB_4, flags: EPT_R | (2n << 3n) });
    expect(memory.readEntry(0x4030n)).toBe(0xa000n | 0x1n | (2n << 3n));
  });

  test('large EPT leaves set PS (bit 7)', () => {
    const { memory, builder } = setup('ept');
    builder.map(0x4000_0000n, 0x8000_0000n, { pageSize: GIB_1, flags: EPT_R | EPT_X });
    builder.map(0x20_0000n, 0x40_0000n, { pageSize: MIB_2, flags: EPT_R });
    expect(memory.readEntry(0x2008n)).toBe(0x8000_0000n | EPT_PS | 0x30n | 0x5n);
    // The 2 MiB page at gPA 2 MiB: PDPT index 0 needs a PD (0x3000), PD index 1.
    expect(memory.readEntry(0x3008n)).toBe(0x40_0000n | EPT_PS | 0x30n | 0x1n);
  });

  test('tableFlags apply to EPT intermediate entries too', () => {
    const { memory, builder } = setup('ept');
    builder.map(0n, 0x9000n, { pageSize: KIB_4, flags: EPT_R, tableFlags: EPT_R });
    expect(memory.readEntry(0x1000n)).toBe(0x2001n);
  });
});

describe('PageTableBuilder lookups', () => {
  test('lookupLeaf finds present leaves of every size and nothing else', () => {
    const { builder } = setup('ept');
    builder.map(0x5000n, 0x9000n, { pageSize: KIB_4, flags: EPT_R });
    builder.map(0x20_0000n, 0x40_0000n, { pageSize: MIB_2, flags: EPT_R });
    expect(builder.lookupLeaf(0x5123n)).toEqual({ level: 1, entryAddress: 0x4028n, entry: 0x9031n });
    expect(builder.lookupLeaf(0x21_2345n)).toMatchObject({ level: 2, entryAddress: 0x3008n });
    expect(builder.lookupLeaf(0x6000n)).toBeNull(); // PT slot 6 is empty
    expect(builder.lookupLeaf(0x80_0000_0000n)).toBeNull(); // PML4 slot 1 is empty
  });

  test('path lists the entries top down and stops at the first one not present', () => {
    const { builder } = setup('x86');
    builder.map(VA_PAGE, 0x5000n, { pageSize: KIB_4, flags: PTE_P });
    expect(builder.path(VA).map((step) => [step.level, step.entryAddress])).toEqual([
      [4, 0x17f0n],
      [3, 0x2240n],
      [2, 0x3d10n],
      [1, 0x4b38n],
    ]);
    // Another PDPT slot of the same PML4 table: the walk stops at the empty PDPTE.
    expect(builder.path(0x0000_7f00_0000_0000n).map((step) => [step.level, step.entryAddress, step.entry])).toEqual([
      [4, 0x17f0n, 0x2007n],
      [3, 0x2000n, 0n],
    ]);
  });

  test('an existing root is extended, not replaced', () => {
    const memory = new PhysicalMemory(1 << 20);
    let next = 0x10_0000n;
    const allocate = () => (next += KIB_4);
    const builder = new PageTableBuilder(memory, 'x86', FOUR_LEVEL, allocate, 0x7000n);
    builder.map(0n, 0x5000n, { pageSize: KIB_4, flags: PTE_P });
    expect(builder.root).toBe(0x7000n);
    expect(memory.readEntry(0x7000n)).toBe(0x10_1007n);
  });
});

describe('PageTableBuilder refuses inconsistent mappings', () => {
  test.each([
    ['an unsupported page size', 0n, 0n, 0x10_0000n],
    ['an unaligned output', 0n, 0x5800n, KIB_4],
    ['an unaligned input', 0x1000n, 0x20_0000n, MIB_2],
  ])('%s', (_name, input, output, pageSize) => {
    const { builder } = setup('x86');
    expect(() => builder.map(input, output, { pageSize, flags: PTE_P })).toThrow(/internal error/);
  });

  test('a 4 KiB page inside an existing 2 MiB page', () => {
    const { builder } = setup('x86');
    builder.map(0n, 0x20_0000n, { pageSize: MIB_2, flags: PTE_P });
    expect(() => builder.map(0x1000n, 0x5000n, { pageSize: KIB_4, flags: PTE_P })).toThrow(/already inside/);
  });

  test('a 2 MiB page where a page table already is', () => {
    const { builder } = setup('ept');
    builder.map(0x1000n, 0x5000n, { pageSize: KIB_4, flags: EPT_R });
    expect(() => builder.map(0n, 0x20_0000n, { pageSize: MIB_2, flags: EPT_R })).toThrow(/page table already covers/);
  });

  test('remapping a leaf of the same size replaces it', () => {
    const { memory, builder } = setup('x86');
    builder.map(0x1000n, 0x5000n, { pageSize: KIB_4, flags: PTE_P });
    builder.map(0x1000n, 0x6000n, { pageSize: KIB_4, flags: PTE_P | PTE_RW });
    expect(memory.readEntry(0x4008n)).toBe(0x6003n);
  });
});
