import { AccessKind } from '../paging/rights';
import { referenceWalker } from '../paging/reference-walker';
import { referenceNestedWalker } from './reference-nested-walker';
import { NestedWalkFailure, NestedWalkResult } from './nested-types';
import { DATA_GPA, DATA_GPA_1G, DATA_GPA_2M, GIB_1, KIB_4, MIB_2, TwoDFixture, TwoDFixtureOptions, VA } from './test-support/two-d-fixture';

// EPT entry and exit-qualification bits, spelled out from the SDM (29.3.2, table 28-7).
const R = 0x1n;
const W = 0x2n;
const X = 0x4n;
const XWR = 0x7n;
const PS = 1n << 7n;
const MEMTYPE = 0x38n;
const Q_READ = 0x1;
const Q_WRITE = 0x2;
const Q_FETCH = 0x4;
const Q_READABLE = 0x8;
const Q_WRITABLE = 0x10;
const Q_EXECUTABLE = 0x20;
const Q_LINEAR_VALID = 0x80;
const Q_FINAL = 0x100;
/** The x86 accessed bit of a guest entry. */
const A_BIT = 0x20n;

const withRights = (rights: bigint) => (entry: bigint) => (entry & ~XWR) | rights;
/** The data gPA the fixture's VA lands on (guest 4 KiB page at DATA_GPA). */
const DATA = DATA_GPA | 0xabcn;
/** Guest tables are gPA 0x1000 (PML4), 0x2000, 0x3000, 0x4000 (PT); VA reads their entries at these gPAs. */
const GUEST_ENTRY = { 4: 0x17f0n, 3: 0x2240n, 2: 0x3d10n, 1: 0x4b38n } as const;
const GUEST_TABLE = { 4: 0x1000n, 3: 0x2000n, 2: 0x3000n, 1: 0x4000n } as const;

function fixtureWith(options: TwoDFixtureOptions = {}, guestPage = KIB_4) {
  const fixture = new TwoDFixture(options);
  fixture.mapData(VA, guestPage === KIB_4 ? DATA_GPA : guestPage === MIB_2 ? DATA_GPA_2M : DATA_GPA_1G, guestPage);
  return fixture;
}

function walk(fixture: TwoDFixture, kind: AccessKind = 'read'): NestedWalkFailure {
  const result: NestedWalkResult = referenceNestedWalker.walk(fixture.request(VA, kind), fixture.host, referenceWalker);
  if (result.ok) throw new Error('expected a fault, got a translation');
  return result;
}

describe('EPT violation in a guest page-table access', () => {
  test('the guest PD page is not mapped: bit 8 clear, bit 7 set; the walk stops in row 2', () => {
    const fixture = fixtureWith();
    fixture.editNested(GUEST_TABLE[2], 1, withRights(0n));
    const result = walk(fixture);
    expect(result.fault).toEqual({
      kind: 'ept-violation',
      gpa: GUEST_ENTRY[2],
      stage: 'guest-table',
      guestLevel: 2,
      nestedLevel: 1,
      qualification: Q_READ | Q_LINEAR_VALID,
    });
    // Rows 0 and 1 complete (10), then the 4 nested references of row 2, the last one the empty EPT PTE.
    expect(result.references).toHaveLength(14);
    expect(result.references[13]).toMatchObject({ dimension: 'nested', row: 2, column: 3, level: 1 });
  });

  test('a not-present entry higher up stops the nested walk there', () => {
    const fixture = fixtureWith();
    fixture.editNested(GUEST_TABLE[4], 3, withRights(0n)); // every guest table shares this EPT PDPTE
    const result = walk(fixture);
    expect(result.fault).toMatchObject({ kind: 'ept-violation', gpa: GUEST_ENTRY[4], guestLevel: 4, nestedLevel: 3, qualification: Q_READ | Q_LINEAR_VALID });
    expect(result.references).toHaveLength(2);
  });

  /** A write refused in the read-only page of the guest PDPT: bits 0 and 1 (a guest page-table write), readable, bit 8 clear. */
  const WRITE_TO_READ_ONLY_PDPT_PAGE = {
    kind: 'ept-violation',
    gpa: GUEST_ENTRY[3],
    stage: 'guest-table',
    guestLevel: 3,
    nestedLevel: 1,
    qualification: Q_READ | Q_WRITE | Q_READABLE | Q_LINEAR_VALID,
  };

  // SDM 29.3.3.2: "writes by the logical processor to guest paging structures to update accessed and dirty
  // flags are considered to be data writes", so they need EPT write permission even with EPT A/D off.
  test('EPT A/D off: a guest entry whose A the walk must set, on a read-only EPT page, is an EPT violation (a data write)', () => {
    const fixture = fixtureWith();
    fixture.editNested(GUEST_TABLE[3], 1, withRights(R));
    const result = walk(fixture);
    expect(result.fault).toEqual(WRITE_TO_READ_ONLY_PDPT_PAGE);
    // The walk stops at that entry: its read is the last reference, and only the PML4E above it got its A.
    expect(result.references).toHaveLength(10);
    expect(result.references[result.references.length - 1]).toMatchObject({ dimension: 'guest', gpa: GUEST_ENTRY[3] });
    expect(result.guestAdWrites.map((write) => write.gpa)).toEqual([GUEST_ENTRY[4]]);
  });

  test('EPT A/D off: a read-only EPT page may hold guest entries whose A (and D) already hold', () => {
    const fixture = fixtureWith();
    const entryHpa = fixture.hpaOf(GUEST_ENTRY[3]);
    fixture.host.writeEntry(entryHpa, fixture.host.readEntry(entryHpa) | A_BIT);
    fixture.editNested(GUEST_TABLE[3], 1, withRights(R));
    const result = referenceNestedWalker.walk(fixture.request(VA), fixture.host, referenceWalker);
    expect(result.ok).toBe(true);
    expect(result.guestAdWrites.map((write) => write.gpa)).not.toContain(GUEST_ENTRY[3]);
  });

  test('EPT A/D on: guest page-table accesses are writes, so a read-only EPT page faults with bits 0 and 1 set', () => {
    const fixture = fixtureWith({ accessedDirty: true });
    fixture.editNested(GUEST_TABLE[3], 1, withRights(R));
    const result = walk(fixture);
    expect(result.fault).toEqual(WRITE_TO_READ_ONLY_PDPT_PAGE);
    expect(result.references).toHaveLength(9);
  });

  test('an execute-only EPT page refuses the read of a guest table', () => {
    const fixture = fixtureWith();
    fixture.editNested(GUEST_TABLE[1], 1, withRights(X));
    const result = walk(fixture);
    expect(result.fault).toMatchObject({ kind: 'ept-violation', guestLevel: 1, qualification: Q_READ | Q_EXECUTABLE | Q_LINEAR_VALID });
  });
});

describe('EPT violation in the final translation', () => {
  const cases: [string, number, bigint, AccessKind, number][] = [
    ['write to a read/execute page', 1, R | X, 'write', Q_WRITE | Q_READABLE | Q_EXECUTABLE],
    ['fetch from a read/write page', 1, R | W, 'fetch', Q_FETCH | Q_READABLE | Q_WRITABLE],
    ['read of an execute-only page', 1, X, 'read', Q_READ | Q_EXECUTABLE],
    ['read of a not-present page', 1, 0n, 'read', Q_READ],
    ['write when a higher level denies W (rights AND over the levels)', 3, R | X, 'write', Q_WRITE | Q_READABLE | Q_EXECUTABLE],
    ['read through a not-present PD entry', 2, 0n, 'read', Q_READ],
  ];

  test.each(cases)('%s', (_name, level, rights, kind, accessAndRights) => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, level, withRights(rights));
    const result = walk(fixture, kind);
    // A not-present entry stops the walk where it is; a rights violation is found at the leaf.
    const stopLevel = rights === 0n ? level : 1;
    expect(result.fault).toEqual({
      kind: 'ept-violation',
      gpa: DATA,
      stage: 'final',
      guestLevel: undefined,
      nestedLevel: stopLevel,
      qualification: accessAndRights | Q_LINEAR_VALID | Q_FINAL,
    });
    expect(result.references).toHaveLength(20 + (4 - stopLevel + 1));
    expect(result.references[result.references.length - 1]).toMatchObject({ dimension: 'nested', row: 4, level: stopLevel });
  });

  test('a fetch from an execute-only page is allowed when execute-only is supported', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 1, withRights(X));
    expect(referenceNestedWalker.walk(fixture.request(VA, 'fetch'), fixture.host, referenceWalker).ok).toBe(true);
  });

  test('the guest A/D writes of the completed guest walk are still reported', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 1, withRights(R));
    const result = walk(fixture, 'write');
    expect(result.guestAdWrites.map((write) => [write.level, write.gpa, write.bits])).toEqual([
      [4, GUEST_ENTRY[4], 0x20n],
      [3, GUEST_ENTRY[3], 0x20n],
      [2, GUEST_ENTRY[2], 0x20n],
      [1, GUEST_ENTRY[1], 0x60n],
    ]);
  });
});

describe('EPT misconfiguration of each kind, at each level (final translation)', () => {
  const setMemoryType = (type: bigint) => (entry: bigint) => (entry & ~MEMTYPE) | (type << 3n);
  // [name, host page size, level, edit, fixture options, reason]
  const cases: [string, bigint, number, (entry: bigint) => bigint, TwoDFixtureOptions, RegExp][] = [];
  for (const level of [4, 3, 2, 1]) {
    cases.push([`W without R (XWR 010) at level ${level}`, KIB_4, level, withRights(W), {}, /write without read/]);
    cases.push([`XWR 110 at level ${level}`, KIB_4, level, withRights(W | X), {}, /write without read/]);
    cases.push([`X-only without execute-only support at level ${level}`, KIB_4, level, withRights(X), { executeOnly: false }, /execute-only/]);
    cases.push([`bit 46 (above MAXPHYADDR) at level ${level}`, KIB_4, level, (entry) => entry | (1n << 46n), {}, /MAXPHYADDR/]);
  }
  for (const type of [2n, 3n, 7n]) {
    cases.push([`memory type ${type} in a 4 KiB leaf`, KIB_4, 1, setMemoryType(type), {}, new RegExp(`memory type ${type}`)]);
    cases.push([`memory type ${type} in a 2 MiB leaf`, MIB_2, 2, setMemoryType(type), {}, new RegExp(`memory type ${type}`)]);
    cases.push([`memory type ${type} in a 1 GiB leaf`, GIB_1, 3, setMemoryType(type), {}, new RegExp(`memory type ${type}`)]);
  }
  for (const level of [4, 3, 2]) {
    cases.push([`bit 3 in a non-leaf entry at level ${level}`, KIB_4, level, (entry) => entry | (1n << 3n), {}, /reserved bits 7:3/]);
    cases.push([`bit 6 in a non-leaf entry at level ${level}`, KIB_4, level, (entry) => entry | (1n << 6n), {}, /reserved bits 7:3/]);
  }
  cases.push(['PS at the PML4 level', KIB_4, 4, (entry) => entry | PS, {}, /PS at level 4/]);
  cases.push(['bit 12 in a 2 MiB leaf', MIB_2, 2, (entry) => entry | (1n << 12n), {}, /large-page address bits/]);
  cases.push(['bit 20 in a 2 MiB leaf', MIB_2, 2, (entry) => entry | (1n << 20n), {}, /large-page address bits/]);
  cases.push(['bit 12 in a 1 GiB leaf', GIB_1, 3, (entry) => entry | (1n << 12n), {}, /large-page address bits/]);
  cases.push(['bit 29 in a 1 GiB leaf', GIB_1, 3, (entry) => entry | (1n << 29n), {}, /large-page address bits/]);

  test.each(cases)('%s', (_name, hostPageSize, level, edit, options, reason) => {
    const fixture = fixtureWith({ hostPageSize, ...options });
    fixture.editNested(DATA, level, edit);
    const result = walk(fixture, 'write');
    expect(result.fault).toEqual({ kind: 'ept-misconfig', gpa: DATA, stage: 'final', guestLevel: undefined, nestedLevel: level, reason: expect.stringMatching(reason) });
    // n = 4 guest rows of m + 1 references, then the data row down to the bad level.
    const m = hostPageSize === KIB_4 ? 4 : hostPageSize === MIB_2 ? 3 : 2;
    expect(result.references).toHaveLength(4 * (m + 1) + (4 - level + 1));
  });

  test('PS at the PML5 level of a 5-level EPT', () => {
    const fixture = fixtureWith({ nestedLevels: 5 });
    fixture.editNested(DATA, 5, (entry) => entry | PS);
    expect(walk(fixture).fault).toMatchObject({ kind: 'ept-misconfig', nestedLevel: 5, reason: expect.stringMatching(/PS at level 5/) });
  });
});

describe('misconfigurations are checked per level, top down', () => {
  test('two misconfigured levels: the higher one is reported', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 1, (entry) => (entry & ~MEMTYPE) | (2n << 3n));
    fixture.editNested(DATA, 3, (entry) => entry | (1n << 3n));
    expect(walk(fixture).fault).toMatchObject({ kind: 'ept-misconfig', nestedLevel: 3 });
  });

  test('a misconfiguration wins over a not-present entry below it', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 1, withRights(0n));
    fixture.editNested(DATA, 2, withRights(W | X));
    expect(walk(fixture).fault).toMatchObject({ kind: 'ept-misconfig', nestedLevel: 2, reason: 'write without read' });
  });

  test('a misconfigured leaf wins over the rights the levels above deny', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 3, withRights(R | X));
    fixture.editNested(DATA, 1, (entry) => (entry & ~MEMTYPE) | (7n << 3n));
    expect(walk(fixture, 'write').fault).toMatchObject({ kind: 'ept-misconfig', nestedLevel: 1 });
  });

  test('a not-present entry above a misconfigured one is a violation: the walk never reads further', () => {
    const fixture = fixtureWith();
    fixture.editNested(DATA, 1, withRights(W));
    fixture.editNested(DATA, 3, withRights(0n));
    expect(walk(fixture).fault).toMatchObject({ kind: 'ept-violation', nestedLevel: 3 });
  });

  test('a misconfiguration in the translation of a guest table is reported at that stage', () => {
    const fixture = fixtureWith();
    fixture.editNested(GUEST_TABLE[3], 1, (entry) => (entry & ~MEMTYPE) | (3n << 3n));
    const result = walk(fixture);
    expect(result.fault).toEqual({
      kind: 'ept-misconfig',
      gpa: GUEST_ENTRY[3],
      stage: 'guest-table',
      guestLevel: 3,
      nestedLevel: 1,
      reason: 'reserved memory type 3',
    });
    expect(result.references).toHaveLength(9);
  });
});
