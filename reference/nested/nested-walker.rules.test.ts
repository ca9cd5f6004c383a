import { Gva } from '../addresses';
import { referenceWalker } from '../paging/reference-walker';
import { AccessKind } from '../paging/rights';
import { NestedPagingConfig, NestedWalkResult } from './nested-types';
import { referenceNestedWalker } from './reference-nested-walker';

/**
 * Rules of the SDM and the APM that the other nested tests leave out, each on
 * host memory written out word by word here, with every expected value worked
 * out by hand (in the comments) rather than taken from the reference.
 */

// Bits spelled out from the manuals, not imported.
const EPT_RWX = 0x7n;
/** R|W|X, memory type WB (6) in bits 5:3. */
const EPT_LEAF = 0x37n;
const EPT_A = 1n << 8n;
const EPT_D = 1n << 9n;
/** Guest P|RW|US. */
const GUEST_OPEN = 0x7n;
/** Guest PS: a large page. */
const GUEST_PS = 1n << 7n;
const PTE_A = 1n << 5n;
/** Guest indices 254, 72, 418, 359, offset 0xabc. */
const VA = 0x7f12_3456_7abcn as Gva;

/** Host memory as a word map: every word not listed reads as zero. */
function memoryOf(words: Record<string, bigint>) {
  const map = new Map(Object.entries(words).map(([address, value]) => [BigInt(address), value]));
  return { readEntry: (hpa: bigint) => map.get(hpa) ?? 0n };
}

function walk(words: Record<string, bigint>, root: bigint, nested: NestedPagingConfig, kind: AccessKind = 'read'): NestedWalkResult {
  return referenceNestedWalker.walk(
    { guest: { root, va: VA, access: { kind, user: true }, control: { wp: true, nxe: true, levels: 4 } }, nested },
    memoryOf(words),
    referenceWalker,
  );
}

const EPT: NestedPagingConfig = { format: 'ept', levels: 4, root: 0x100000n, accessedDirty: false };
const cells = (result: NestedWalkResult) => result.references.map((reference) => [reference.dimension, reference.row, reference.column, reference.level, reference.address]);

/** The lecture's EPT layout: guest tables at gPA 0x1000..0x4000 behind EPT PT 0x103000, data gPA 0x8140603000 behind EPT PT 0x106000. */
const EPT_TABLES = {
  '0x100000': 0x101000n | EPT_RWX,
  '0x100008': 0x104000n | EPT_RWX,
  '0x101000': 0x102000n | EPT_RWX,
  '0x102000': 0x103000n | EPT_RWX,
  '0x104028': 0x105000n | EPT_RWX,
  '0x105018': 0x106000n | EPT_RWX,
};

describe('rows count down from the guest top level, also when a guest large page shortens the walk', () => {
  // Guest tables gPA 0x1000, 0x2000, 0x3000 backed at hPA 0x400000, 0x401000, 0x402000; the guest PDE maps the
  // 2 MiB page at gPA 0x8140600000, so the data gPA is 0x8140600000 + 0x167abc = 0x8140767abc: EPT indices 1, 5,
  // 3 and 0x167, so EPT PT entry 0x106000 + 8 * 0x167 = 0x106b38, mapping it to hPA 0x403000.
  const words = {
    ...EPT_TABLES,
    '0x103008': 0x400000n | EPT_LEAF,
    '0x103010': 0x401000n | EPT_LEAF,
    '0x103018': 0x402000n | EPT_LEAF,
    '0x106b38': 0x403000n | EPT_LEAF,
    '0x4007f0': 0x2000n | GUEST_OPEN,
    '0x401240': 0x3000n | GUEST_OPEN,
    '0x402d10': 0x81_4060_0000n | GUEST_PS | GUEST_OPEN,
  };

  test('n = 3: row 0 is the PML4E (level 4), row 2 the PDE (level 2), row 3 the data; 19 references', () => {
    const result = walk(words, 0x1000n, EPT);
    const nestedRow = (row: number, leaf: bigint) => [
      ['nested', row, 0, 4, 0x100000n],
      ['nested', row, 1, 3, 0x101000n],
      ['nested', row, 2, 2, 0x102000n],
      ['nested', row, 3, 1, leaf],
    ];
    expect(cells(result)).toEqual([
      ...nestedRow(0, 0x103008n),
      ['guest', 0, 4, 4, 0x4007f0n],
      ...nestedRow(1, 0x103010n),
      ['guest', 1, 4, 3, 0x401240n],
      ...nestedRow(2, 0x103018n),
      ['guest', 2, 4, 2, 0x402d10n],
      ['nested', 3, 0, 4, 0x100008n],
      ['nested', 3, 1, 3, 0x104028n],
      ['nested', 3, 2, 2, 0x105018n],
      ['nested', 3, 3, 1, 0x106b38n],
    ]);
    expect(result).toMatchObject({ ok: true, gpa: 0x81_4076_7abcn, hpa: 0x40_3abcn, pageSize: 0x1000n });
  });
});

describe('a nested table page used at two levels: D after A is a second write, of D alone', () => {
  // EPT PML4[0] -> PDPT 0x101000. PDPT[0] -> PD 0x102000, PD[0] -> page P = 0x103000 as a PT (gPA 0..2 MiB).
  // PDPT[1] -> the same page P as a PD (gPA 1 GiB..2 GiB). P[1] = 0x104007 is a table pointer for gPA
  // 0x40200000..0x403fffff (to the PT 0x104000) and the leaf of gPA 0x1000 (to hPA 0x104000, memory type 0).
  // Guest PML4, PDPT, PD at gPA 0x40200000, 0x40201000, 0x40202000 (through P[1] as a PD entry, PT 0x104000);
  // the guest PT at gPA 0x1000 (through P[1] as a leaf); the data at gPA 0x5000 (P[5], hPA 0x300000).
  const words = {
    '0x100000': 0x101000n | EPT_RWX,
    '0x101000': 0x102000n | EPT_RWX,
    '0x101008': 0x103000n | EPT_RWX,
    '0x102000': 0x103000n | EPT_RWX,
    '0x103008': 0x104000n | EPT_RWX,
    '0x103028': 0x300000n | EPT_LEAF,
    '0x104000': 0x201000n | EPT_LEAF,
    '0x104008': 0x202000n | EPT_LEAF,
    '0x104010': 0x203000n | EPT_LEAF,
    '0x2017f0': 0x4020_1000n | GUEST_OPEN | PTE_A,
    '0x202240': 0x4020_2000n | GUEST_OPEN | PTE_A,
    '0x203d10': 0x1000n | GUEST_OPEN | PTE_A,
    '0x104b38': 0x5000n | GUEST_OPEN | PTE_A,
  };

  test('the guest PT row finds P[1] as a leaf (column 3, level 1) after rows 0-2 passed it as a PD entry (column 2, level 2)', () => {
    const result = walk(words, 0x4020_0000n, { ...EPT, accessedDirty: true });
    expect(cells(result).filter((cell) => cell[4] === 0x103008n)).toEqual([
      ['nested', 0, 2, 2, 0x103008n],
      ['nested', 1, 2, 2, 0x103008n],
      ['nested', 2, 2, 2, 0x103008n],
      ['nested', 3, 3, 1, 0x103008n],
    ]);
    expect(result).toMatchObject({ ok: true, gpa: 0x5abcn, hpa: 0x30_0abcn });
  });

  test('EPT A/D on: A on P[1] in row 0, its D (a guest page-table access is a write) in row 3, as a write of its own', () => {
    const result = walk(words, 0x4020_0000n, { ...EPT, accessedDirty: true });
    // Row 0: A on PML4[0], PDPT[1], P[1] (a table pointer), A|D on the leaf 0x104000; rows 1, 2: A|D on their
    // leaves; row 3: A on PDPT[0] and PD[0], then P[1] as a leaf wants A|D of which A is already asked: D alone;
    // row 4 (a read): A on the data leaf P[5].
    expect(result.nestedAdWrites).toEqual([
      { level: 4, hpa: 0x100000n, bits: EPT_A },
      { level: 3, hpa: 0x101008n, bits: EPT_A },
      { level: 2, hpa: 0x103008n, bits: EPT_A },
      { level: 1, hpa: 0x104000n, bits: EPT_A | EPT_D },
      { level: 1, hpa: 0x104008n, bits: EPT_A | EPT_D },
      { level: 1, hpa: 0x104010n, bits: EPT_A | EPT_D },
      { level: 3, hpa: 0x101000n, bits: EPT_A },
      { level: 2, hpa: 0x102000n, bits: EPT_A },
      { level: 1, hpa: 0x103008n, bits: EPT_D },
      { level: 1, hpa: 0x103028n, bits: EPT_A },
    ]);
  });
});

describe('presence comes first: a not-present entry is a violation (or a not-present #NPF) whatever its other bits', () => {
  const lecture = {
    ...EPT_TABLES,
    '0x103008': 0x201000n | EPT_LEAF,
    '0x103010': 0x202000n | EPT_LEAF,
    '0x103018': 0x203000n | EPT_LEAF,
    '0x103020': 0x204000n | EPT_LEAF,
    '0x106018': 0x300000n | EPT_LEAF,
    '0x2017f0': 0x2000n | GUEST_OPEN | PTE_A,
    '0x202240': 0x3000n | GUEST_OPEN | PTE_A,
    '0x203d10': 0x4000n | GUEST_OPEN | PTE_A,
    '0x204b38': 0x81_4060_3000n | GUEST_OPEN | PTE_A,
  };

  test('an EPT data leaf with XWR = 000, memory type 7 and bit 50 set: a violation, 0x181 (read, bit 7, bit 8)', () => {
    const result = walk({ ...lecture, '0x106018': 0x300000n | (1n << 50n) | 0x38n }, 0x1000n, EPT);
    expect(result).toMatchObject({ ok: false, fault: { kind: 'ept-violation', gpa: 0x81_4060_3abcn, stage: 'final', nestedLevel: 1, qualification: 0x181 } });
    expect(result.references).toHaveLength(24);
  });

  test('an EPT PD entry (a table pointer) with XWR = 000 and bits 7:3 set, above every guest table: a violation in row 0, 0x81', () => {
    const result = walk({ ...lecture, '0x102000': 0x103000n | 0xf8n }, 0x1000n, EPT);
    // Row 0 reads PML4[0], PDPT[0] and stops at the PD entry: 3 references.
    expect(result).toMatchObject({ ok: false, fault: { kind: 'ept-violation', gpa: 0x17f0n, stage: 'guest-table', guestLevel: 4, nestedLevel: 2, qualification: 0x81 } });
    expect(result.references).toHaveLength(3);
  });

  test('an EPT PTE with bit 7 set is a leaf that ignores it: the walk translates (bit 7 is reserved only in table pointers)', () => {
    expect(walk({ ...lecture, '0x106018': 0x300000n | EPT_LEAF | (1n << 7n) }, 0x1000n, EPT)).toMatchObject({ ok: true, hpa: 0x30_0abcn });
  });

  test('NPT: a nested PML4E with P clear and bits 7 and 8 set: #NPF not present, W|U (a guest page-table write) and bit 33', () => {
    const npt = {
      '0x100000': 0x101000n | 0x180n | 0x6n, // RW|US, bits 7 and 8 (reserved in a present NPT PML4E), P clear
      '0x2017f0': 0x2000n | GUEST_OPEN,
    };
    const result = walk(npt, 0x1000n, { format: 'npt', levels: 4, root: 0x100000n, accessedDirty: false });
    // EXITINFO1: P (bit 0) clear for not present, RW (bit 1) for the write, US (bit 2), RSVD (bit 3) clear; bit 33.
    expect(result).toMatchObject({ ok: false, fault: { kind: 'npt-fault', gpa: 0x17f0n, stage: 'guest-table', guestLevel: 4, nestedLevel: 4, exitInfo1: 0x2_0000_0006n } });
    expect(result.references).toHaveLength(1);
  });
});
