import { Gva } from '../addresses';
import { PhysicalMemory } from '../memory/physical-memory';
import { PTE_NX, PTE_P, PTE_RW, PTE_US } from '../paging/constants';
import { AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../paging/rights';
import { Walker } from '../paging/walker';
import { referenceWalker } from '../paging/reference-walker';
import { NestedWalkRequest } from './nested-walker';
import { referenceNestedWalker } from './reference-nested-walker';
import { NestedWalkFailure, NestedWalkResult, NestedWalkSuccess } from './nested-types';
import { DATA_GPA, DATA_GPA_1G, DATA_GPA_2M, GIB_1, KIB_4, MIB_2, TwoDFixture, VA } from './test-support/two-d-fixture';

// Bits spelled out from the SDM, not imported, so the tests do not check the code against itself.
const EPT_TABLE = 0x7n; // R|W|X
const EPT_LEAF = 0x37n; // R|W|X, memory type WB (6) in bits 5:3
const EPT_A = 1n << 8n;
const EPT_D = 1n << 9n;
const PTE_A = 1n << 5n;
const PTE_D = 1n << 6n;
const GUEST_TABLE = 0x7n; // P|RW|US

/**
 * A 4x4 walk laid out by hand, every address chosen here:
 * - EPT tables in host memory: PML4 0x100000; for the guest tables PDPT
 *   0x101000, PD 0x102000, PT 0x103000; for the data PDPT 0x104000, PD
 *   0x105000, PT 0x106000.
 * - Guest tables at gPA 0x1000 (PML4), 0x2000, 0x3000, 0x4000 (PT), backed
 *   at hPA 0x200000 + gPA. VA 0x7f1234567abc reads guest entries at gPA
 *   0x17f0, 0x2240, 0x3d10, 0x4b38 (the lecture's worked vector).
 * - Data page at gPA 0x81_4060_3000 (EPT indices 1, 5, 3, 3), backed at hPA 0x300000.
 */
function handBuilt(entryBits: { eptA?: boolean; guestA?: boolean } = {}) {
  const host = new PhysicalMemory(1 << 20);
  const written = new Map<bigint, bigint>();
  const write = (address: bigint, value: bigint) => {
    host.writeEntry(address, value);
    written.set(address, value);
  };
  const eptExtra = entryBits.eptA ? EPT_A : 0n;
  const guestExtra = entryBits.guestA ? PTE_A : 0n;
  write(0x100000n, 0x101000n | EPT_TABLE | eptExtra); // PML4[0]
  write(0x100008n, 0x104000n | EPT_TABLE | eptExtra); // PML4[1]
  write(0x101000n, 0x102000n | EPT_TABLE | eptExtra); // PDPT[0]
  write(0x102000n, 0x103000n | EPT_TABLE | eptExtra); // PD[0]
  for (let page = 1n; page <= 4n; page++) write(0x103000n + 8n * page, (0x200000n + page * 0x1000n) | EPT_LEAF | eptExtra); // PT[1..4]
  write(0x104028n, 0x105000n | EPT_TABLE | eptExtra); // PDPT[5]
  write(0x105018n, 0x106000n | EPT_TABLE | eptExtra); // PD[3]
  write(0x106018n, 0x300000n | EPT_LEAF | eptExtra); // PT[3]
  write(0x2017f0n, 0x2000n | GUEST_TABLE | guestExtra);
  write(0x202240n, 0x3000n | GUEST_TABLE | guestExtra);
  write(0x203d10n, 0x4000n | GUEST_TABLE | guestExtra);
  write(0x204b38n, 0x81_4060_3000n | GUEST_TABLE | guestExtra);
  return { host, written };
}

function handRequest(kind: AccessKind, accessedDirty: boolean): NestedWalkRequest {
  return {
    guest: { root: 0x1000n, va: VA, access: { kind, user: true }, control: { wp: true, nxe: true, levels: 4 } },
    nested: { format: 'ept', levels: 4, root: 0x100000n, accessedDirty },
  };
}

function expectOk(result: NestedWalkResult): NestedWalkSuccess {
  if (!result.ok) throw new Error(`expected a translation, got ${JSON.stringify(result.fault, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}`);
  return result;
}

function expectFault(result: NestedWalkResult): NestedWalkFailure {
  if (result.ok) throw new Error('expected a fault, got a translation');
  return result;
}

describe('the 2D walk order (4x4, hand-built tables)', () => {
  // [dimension, row, column, level, hPA read, gPA of a guest entry]
  const expected: [string, number, number, number, bigint, bigint?][] = [
    ['nested', 0, 0, 4, 0x100000n],
    ['nested', 0, 1, 3, 0x101000n],
    ['nested', 0, 2, 2, 0x102000n],
    ['nested', 0, 3, 1, 0x103008n],
    ['guest', 0, 4, 4, 0x2017f0n, 0x17f0n],
    ['nested', 1, 0, 4, 0x100000n],
    ['nested', 1, 1, 3, 0x101000n],
    ['nested', 1, 2, 2, 0x102000n],
    ['nested', 1, 3, 1, 0x103010n],
    ['guest', 1, 4, 3, 0x202240n, 0x2240n],
    ['nested', 2, 0, 4, 0x100000n],
    ['nested', 2, 1, 3, 0x101000n],
    ['nested', 2, 2, 2, 0x102000n],
    ['nested', 2, 3, 1, 0x103018n],
    ['guest', 2, 4, 2, 0x203d10n, 0x3d10n],
    ['nested', 3, 0, 4, 0x100000n],
    ['nested', 3, 1, 3, 0x101000n],
    ['nested', 3, 2, 2, 0x102000n],
    ['nested', 3, 3, 1, 0x103020n],
    ['guest', 3, 4, 1, 0x204b38n, 0x4b38n],
    ['nested', 4, 0, 4, 0x100008n],
    ['nested', 4, 1, 3, 0x104028n],
    ['nested', 4, 2, 2, 0x105018n],
    ['nested', 4, 3, 1, 0x106018n],
  ];

  test('24 references, each at the expected row, column, level and host address, with the entry stored there', () => {
    const { host, written } = handBuilt();
    const result = expectOk(referenceNestedWalker.walk(handRequest('read', false), host, referenceWalker));
    expect(result.references.map((r) => [r.dimension, r.row, r.column, r.level, r.address, r.gpa])).toEqual(expected);
    for (const reference of result.references) expect(reference.entry).toBe(written.get(reference.address));
  });

  test('guest entries are references 5, 10, 15 and 20; 21-24 translate the data gPA', () => {
    const { host } = handBuilt();
    const result = expectOk(referenceNestedWalker.walk(handRequest('read', false), host, referenceWalker));
    const guestPositions = result.references.flatMap((r, index) => (r.dimension === 'guest' ? [index + 1] : []));
    expect(guestPositions).toEqual([5, 10, 15, 20]);
    expect(result.references.slice(20).every((r) => r.dimension === 'nested' && r.row === 4)).toBe(true);
  });

  test('the translation: gPA from the guest tables, hPA from the EPT, 4 KiB, all rights', () => {
    const { host } = handBuilt();
    const result = expectOk(referenceNestedWalker.walk(handRequest('read', false), host, referenceWalker));
    expect(result.gpa).toBe(0x81_4060_3abcn);
    expect(result.hpa).toBe(0x300abcn);
    expect(result.pageSize).toBe(KIB_4);
    expect(result.rights).toBe(RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER);
  });

  test('the guest walker passed in does the guest dimension, once, with the guest request', () => {
    const { host } = handBuilt();
    const calls: unknown[] = [];
    const spy: Walker = {
      walk(request, readEntry) {
        calls.push(request);
        return referenceWalker.walk(request, readEntry);
      },
    };
    const request = handRequest('read', false);
    expectOk(referenceNestedWalker.walk(request, host, spy));
    expect(calls).toEqual([request.guest]);
  });
});

describe('A/D bits (hand-built tables)', () => {
  const guestWrites = (leafBits: bigint) => [
    { level: 4, gpa: 0x17f0n, hpa: 0x2017f0n, bits: PTE_A },
    { level: 3, gpa: 0x2240n, hpa: 0x202240n, bits: PTE_A },
    { level: 2, gpa: 0x3d10n, hpa: 0x203d10n, bits: PTE_A },
    { level: 1, gpa: 0x4b38n, hpa: 0x204b38n, bits: leafBits },
  ];

  test('EPT A/D off: no nested A/D writes; the guest entries still get theirs, at their host addresses', () => {
    const { host } = handBuilt();
    const result = expectOk(referenceNestedWalker.walk(handRequest('write', false), host, referenceWalker));
    expect(result.nestedAdWrites).toEqual([]);
    expect(result.guestAdWrites).toEqual(guestWrites(PTE_A | PTE_D));
  });

  test.each([
    ['read', EPT_A],
    ['write', EPT_A | EPT_D],
  ] as const)('EPT A/D on, data %s: A on every EPT entry used (once each), D on the leaves of guest tables and of written data', (kind, dataLeafBits) => {
    const { host } = handBuilt();
    const result = expectOk(referenceNestedWalker.walk(handRequest(kind, true), host, referenceWalker));
    expect(result.nestedAdWrites).toEqual([
      { level: 4, hpa: 0x100000n, bits: EPT_A },
      { level: 3, hpa: 0x101000n, bits: EPT_A },
      { level: 2, hpa: 0x102000n, bits: EPT_A },
      // Guest page-table accesses count as writes with EPT A/D on.
      { level: 1, hpa: 0x103008n, bits: EPT_A | EPT_D },
      { level: 1, hpa: 0x103010n, bits: EPT_A | EPT_D },
      { level: 1, hpa: 0x103018n, bits: EPT_A | EPT_D },
      { level: 1, hpa: 0x103020n, bits: EPT_A | EPT_D },
      { level: 4, hpa: 0x100008n, bits: EPT_A },
      { level: 3, hpa: 0x104028n, bits: EPT_A },
      { level: 2, hpa: 0x105018n, bits: EPT_A },
      { level: 1, hpa: 0x106018n, bits: dataLeafBits },
    ]);
    expect(result.guestAdWrites).toEqual(guestWrites(kind === 'write' ? PTE_A | PTE_D : PTE_A));
  });

  test('bits already set are not asked for again', () => {
    const { host } = handBuilt({ eptA: true, guestA: true });
    const result = expectOk(referenceNestedWalker.walk(handRequest('read', true), host, referenceWalker));
    // A is everywhere; only the D of the EPT leaves of the guest tables is missing.
    expect(result.nestedAdWrites).toEqual([0x103008n, 0x103010n, 0x103018n, 0x103020n].map((hpa) => ({ level: 1, hpa, bits: EPT_D })));
    expect(result.guestAdWrites).toEqual([]);
  });
});

describe('reference counts for every level mix: (n+1)(m+1) - 1', () => {
  // [guest levels, guest page, nested levels, host page, n guest levels walked, m nested levels walked, references, TLB page size]
  const cases: [4 | 5, bigint, 4 | 5, bigint, number, number, number, bigint][] = [
    [4, KIB_4, 4, KIB_4, 4, 4, 24, KIB_4],
    [4, KIB_4, 4, MIB_2, 4, 3, 19, KIB_4],
    [4, KIB_4, 4, GIB_1, 4, 2, 14, KIB_4],
    [4, MIB_2, 4, KIB_4, 3, 4, 19, KIB_4],
    [4, MIB_2, 4, MIB_2, 3, 3, 15, MIB_2],
    [4, GIB_1, 4, KIB_4, 2, 4, 14, KIB_4],
    [4, GIB_1, 4, GIB_1, 2, 2, 8, GIB_1],
    [4, MIB_2, 4, GIB_1, 3, 2, 11, MIB_2],
    [5, KIB_4, 4, KIB_4, 5, 4, 29, KIB_4],
    [4, KIB_4, 5, KIB_4, 4, 5, 29, KIB_4],
    [5, KIB_4, 5, KIB_4, 5, 5, 35, KIB_4],
  ];
  const dataPage = (size: bigint) => (size === KIB_4 ? DATA_GPA : size === MIB_2 ? DATA_GPA_2M : DATA_GPA_1G);

  const sizeName = (size: bigint) => (size === KIB_4 ? '4 KiB' : size === MIB_2 ? '2 MiB' : '1 GiB');
  const named = cases.map((c) => [`${c[4]}x${c[5]}: ${c[0]}-level guest, ${sizeName(c[1])} pages; ${c[2]}-level nested, ${sizeName(c[3])} pages`, ...c] as const);

  test.each(named)('%s', (_name, guestLevels, guestPage, nestedLevels, hostPage, n, m, count, pageSize) => {
    const fixture = new TwoDFixture({ guestLevels, nestedLevels, hostPageSize: hostPage });
    fixture.mapData(VA, dataPage(guestPage), guestPage);
    const result = expectOk(referenceNestedWalker.walk(fixture.request(VA), fixture.host, referenceWalker));

    expect(result.references).toHaveLength(count);
    // Guest entry k (1-based) is reference k(m+1); each row is m nested references and then, except the last, one guest entry.
    const guestPositions = result.references.flatMap((r, index) => (r.dimension === 'guest' ? [index + 1] : []));
    expect(guestPositions).toEqual(Array.from({ length: n }, (_, k) => (k + 1) * (m + 1)));
    for (let row = 0; row <= n; row++) {
      const inRow = result.references.filter((r) => r.row === row);
      expect(inRow.map((r) => r.column)).toEqual(Array.from({ length: row < n ? m + 1 : m }, (_, column) => column));
    }
    expect(result.references.filter((r) => r.dimension === 'guest').map((r) => r.level)).toEqual(
      Array.from({ length: n }, (_, k) => guestLevels - k),
    );
    expect(result.pageSize).toBe(pageSize);
    expect(result.hpa).toBe(fixture.hpaOf(result.gpa));
  });
});

describe('guest faults pass through to the guest, without an exit', () => {
  const NOT_PRESENT = 0n;
  const cases: [string, bigint, AccessKind, boolean, string, number][] = [
    ['user read of a not-present page', NOT_PRESENT, 'read', true, 'not-present', 0x4],
    ['user write to a read-only page', PTE_P | PTE_US, 'write', true, 'protection', 0x7],
    ['user fetch from an NX page', PTE_P | PTE_RW | PTE_US | PTE_NX, 'fetch', true, 'protection', 0x15],
    ['supervisor write to a read-only page with WP', PTE_P | PTE_US, 'write', false, 'protection', 0x3],
    ['kernel read of a PTE with a reserved bit', PTE_P | PTE_RW | PTE_US | (1n << 50n), 'read', false, 'reserved', 0x9],
  ];

  test.each(cases)('%s', (_name, leafFlags, kind, user, faultKind, errorCode) => {
    const fixture = new TwoDFixture();
    fixture.mapData(VA, DATA_GPA, KIB_4, leafFlags);
    const result = expectFault(referenceNestedWalker.walk(fixture.request(VA, kind, user), fixture.host, referenceWalker));
    expect(result.fault).toEqual({ kind: 'guest-fault', fault: expect.objectContaining({ kind: faultKind, level: 1 }), errorCode });
    // The walk ends with the guest PTE (reference 20): the data gPA is never translated.
    expect(result.references).toHaveLength(20);
    expect(result.references[19]).toMatchObject({ dimension: 'guest', level: 1 });
  });

  test('a non-canonical address is a #GP before any reference', () => {
    const fixture = new TwoDFixture();
    fixture.mapData(VA, DATA_GPA);
    const result = expectFault(referenceNestedWalker.walk(fixture.request(0x0000_8000_0000_0000n as Gva), fixture.host, referenceWalker));
    expect(result.fault).toEqual({ kind: 'guest-fault', fault: { kind: 'non-canonical' } });
    expect(result.references).toEqual([]);
  });

  test('a guest fault reports the A bits of the guest entries above it', () => {
    const fixture = new TwoDFixture();
    fixture.mapData(VA, DATA_GPA, KIB_4, 0n);
    const result = expectFault(referenceNestedWalker.walk(fixture.request(VA), fixture.host, referenceWalker));
    expect(result.guestAdWrites.map((write) => [write.level, write.gpa, write.hpa])).toEqual(
      ([
        [4, 0x17f0n],
        [3, 0x2240n],
        [2, 0x3d10n],
      ] as const).map(([level, gpa]) => [level, gpa, fixture.hpaOf(gpa)]),
    );
  });
});

describe('rights of the final translation: guest AND nested', () => {
  test.each([
    ['guest read-only, nested all', PTE_P | PTE_US, 0x7n, RIGHT_READ | RIGHT_EXECUTE | RIGHT_USER],
    ['guest all, nested read/execute', PTE_P | PTE_RW | PTE_US, 0x5n, RIGHT_READ | RIGHT_EXECUTE | RIGHT_USER],
    ['guest NX, nested read/write', PTE_P | PTE_RW | PTE_US | PTE_NX, 0x3n, RIGHT_READ | RIGHT_WRITE | RIGHT_USER],
    ['guest supervisor-only, nested all', PTE_P | PTE_RW, 0x7n, RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE],
  ])('%s', (_name, guestFlags, nestedLeafRights, rights) => {
    const fixture = new TwoDFixture();
    const gpa = fixture.mapData(VA, DATA_GPA, KIB_4, guestFlags);
    fixture.editNested(gpa, 1, (entry) => (entry & ~0x7n) | nestedLeafRights);
    const result = expectOk(referenceNestedWalker.walk(fixture.request(VA, 'read', false), fixture.host, referenceWalker));
    expect(result.rights).toBe(rights);
  });
});
