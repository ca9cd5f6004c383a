import { AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../paging/rights';
import { referenceWalker } from '../paging/reference-walker';
import { referenceNestedWalker } from './reference-nested-walker';
import { NestedWalkResult } from './nested-types';
import { DATA_GPA, TwoDFixture, VA } from './test-support/two-d-fixture';

// x86 PTE bits (SDM 4.5) and #NPF EXITINFO1 bits (APM 15.25.6), spelled out here.
const P = 0x1n;
const RW = 0x2n;
const US = 0x4n;
const A = 0x20n;
const D = 0x40n;
const NX = 1n << 63n;
const FINAL = 1n << 32n;
const GUEST_TABLE_ACCESS = 1n << 33n;

const DATA = DATA_GPA | 0xabcn;
/** Guest tables are gPA 0x1000 (PML4), 0x2000, 0x3000, 0x4000 (PT); VA reads their entries at these gPAs. */
const GUEST_TABLE = { 4: 0x1000n, 3: 0x2000n, 2: 0x3000n, 1: 0x4000n } as const;
const GUEST_ENTRY = { 4: 0x17f0n, 3: 0x2240n, 2: 0x3d10n, 1: 0x4b38n } as const;

function nptFixture(): TwoDFixture {
  const fixture = new TwoDFixture({ format: 'npt' });
  fixture.mapData(VA, DATA_GPA);
  return fixture;
}

function walk(fixture: TwoDFixture, kind: AccessKind = 'read', user = true): NestedWalkResult {
  return referenceNestedWalker.walk(fixture.request(VA, kind, user), fixture.host, referenceWalker);
}

describe('NPT: x86-format nested tables', () => {
  test('a 4x4 walk reads 24 references and lands where the NPT maps the data', () => {
    const fixture = nptFixture();
    const result = walk(fixture);
    if (!result.ok) throw new Error('expected a translation');
    expect(result.references).toHaveLength(24);
    expect(result.hpa).toBe(fixture.hpaOf(DATA));
    expect(result.rights).toBe(RIGHT_READ | RIGHT_WRITE | RIGHT_EXECUTE | RIGHT_USER);
  });

  test('a nested NX leaf takes execute out of the translation rights', () => {
    const fixture = nptFixture();
    fixture.editNested(DATA, 1, (entry) => entry | NX);
    const result = walk(fixture);
    expect(result.ok && result.rights).toBe(RIGHT_READ | RIGHT_WRITE | RIGHT_USER);
  });

  test('A/D are always kept, whatever accessedDirty says: D on the leaves of guest tables (user writes) and of written data', () => {
    const fixture = nptFixture();
    expect(fixture.config.accessedDirty).toBe(false);
    const result = walk(fixture, 'write');
    if (!result.ok) throw new Error('expected a translation');
    const leafWrites = result.nestedAdWrites.filter((write) => write.level === 1);
    expect(leafWrites.map((write) => write.bits)).toEqual([A | D, A | D, A | D, A | D, A | D]);
    expect(result.nestedAdWrites.filter((write) => write.level > 1).every((write) => write.bits === A)).toBe(true);
    // Each nested entry the walk used appears once: the 3 upper entries shared by the guest tables,
    // 4 guest-table leaves, and the 4 entries of the data path.
    expect(result.nestedAdWrites).toHaveLength(11);
  });

  test('a read of data leaves the nested data leaf clean', () => {
    const fixture = nptFixture();
    const result = walk(fixture, 'read');
    if (!result.ok) throw new Error('expected a translation');
    expect(result.nestedAdWrites[result.nestedAdWrites.length - 1]).toEqual({ level: 1, hpa: expect.any(BigInt), bits: A });
  });
});

describe('NPT faults: #NPF with EXITINFO1', () => {
  const setBits = (bits: bigint) => (entry: bigint) => entry | bits;
  const clearBits = (bits: bigint) => (entry: bigint) => entry & ~bits;
  // [name, gPA whose nested path is edited, level edited, edit, access, user, stage, level the nested walk stops at, exit info 1]
  const cases: [string, bigint, number, (entry: bigint) => bigint, AccessKind, boolean, 'final' | 'guest-table', number, bigint][] = [
    ['final read of a not-present page', DATA, 1, clearBits(P), 'read', true, 'final', 1, US | FINAL],
    ['final read through a not-present PDPT entry', DATA, 3, clearBits(P), 'read', true, 'final', 3, US | FINAL],
    ['final write to a read-only page', DATA, 1, clearBits(RW), 'write', true, 'final', 1, P | RW | US | FINAL],
    ['a nested NX page refuses a fetch', DATA, 1, setBits(NX), 'fetch', true, 'final', 1, P | US | 0x10n | FINAL],
    // Nested accesses are user accesses, even for a guest kernel access.
    ['a supervisor-only (US=0) nested page refuses a guest kernel read', DATA, 1, clearBits(US), 'read', false, 'final', 1, P | US | FINAL],
    // Rights combine over the levels and are checked at the leaf.
    ['a supervisor-only nested PD entry refuses it too', DATA, 2, clearBits(US), 'read', false, 'final', 1, P | US | FINAL],
    ['NX in a nested PDPT entry refuses a fetch', DATA, 3, setBits(NX), 'fetch', true, 'final', 1, P | US | 0x10n | FINAL],
    ['a reserved bit in a nested leaf', DATA, 1, setBits(1n << 50n), 'read', true, 'final', 1, P | US | 0x8n | FINAL],
    // Guest page-table accesses are user writes.
    ['a not-present guest table page', GUEST_TABLE[2], 1, clearBits(P), 'read', true, 'guest-table', 1, RW | US | GUEST_TABLE_ACCESS],
    ['a read-only guest table page, even for a guest read', GUEST_TABLE[2], 1, clearBits(RW), 'read', true, 'guest-table', 1, P | RW | US | GUEST_TABLE_ACCESS],
    ['a supervisor-only guest table page', GUEST_TABLE[2], 1, clearBits(US), 'read', false, 'guest-table', 1, P | RW | US | GUEST_TABLE_ACCESS],
  ];

  test.each(cases)('%s', (_name, gpa, level, edit, kind, user, stage, nestedLevel, exitInfo1) => {
    const fixture = nptFixture();
    fixture.editNested(gpa, level, edit);
    const result = walk(fixture, kind, user);
    if (result.ok) throw new Error('expected a fault');
    const faultGpa = stage === 'final' ? DATA : GUEST_ENTRY[2];
    expect(result.fault).toEqual({
      kind: 'npt-fault',
      gpa: faultGpa,
      stage,
      guestLevel: stage === 'final' ? undefined : 2,
      nestedLevel,
      exitInfo1,
    });
  });
});

describe('AMD: bits 7 and 8 of a nested PML4E must be zero (APM vol. 2, 5.3.3)', () => {
  const RSVD = 0x8n;
  test.each([
    ['bit 8', 1n << 8n],
    ['bit 7', 1n << 7n],
  ])('%s of the nested PML4E is a reserved-bit #NPF at nested level 4, on the first nested walk', (_name, bit) => {
    const fixture = nptFixture();
    // Every gPA of the fixture, the guest tables' and the data's, goes through this one PML4E.
    fixture.editNested(DATA, 4, (entry) => entry | bit);
    const result = walk(fixture);
    if (result.ok) throw new Error('expected a fault');
    expect(result.fault).toMatchObject({ kind: 'npt-fault', nestedLevel: 4 });
    if (result.fault.kind !== 'npt-fault') throw new Error('expected an NPT fault');
    expect(result.fault.exitInfo1 & (P | RSVD | US)).toBe(P | RSVD | US);
  });

  test('bit 8 of a non-leaf nested PDPT entry is not reserved: the walk translates', () => {
    const fixture = nptFixture();
    fixture.editNested(DATA, 3, (entry) => entry | (1n << 8n));
    expect(walk(fixture).ok).toBe(true);
  });
});
