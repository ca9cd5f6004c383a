import { compareNestedWalks, NestedWalkDifferenceDetail } from './nested-walk-difference';
import { NestedFaultObservation, NestedWalkObservation, TwoDReferenceObservation } from './nested-walk-probe';

/**
 * Observations written out by hand: the lecture's 4x4 walk of VA
 * 0x7f1234567abc (the lecture's vector) with EPT tables at hPA 0x100000.., guest tables
 * at gPA 0x1000..0x4000 backed at hPA 0x200000 + gPA, the data page at gPA
 * 0x8140603000 backed at 0x300000.
 */
const TABLE_ROW_NESTED = ['0x100000', '0x101000', '0x102000'];
const GUEST_ENTRY_GPAS = ['0x17f0', '0x2240', '0x3d10', '0x4b38'];
const DATA_ROW_NESTED = ['0x100008', '0x104028', '0x105018', '0x106018'];

const nested = (row: number, column: number, address: string): TwoDReferenceObservation => ({ dimension: 'nested', row, column, address, level: 4 - column, entry: '0x7' });

function lectureReferences(): TwoDReferenceObservation[] {
  const references: TwoDReferenceObservation[] = [];
  for (let row = 0; row < 4; row++) {
    TABLE_ROW_NESTED.forEach((address, column) => references.push(nested(row, column, address)));
    references.push(nested(row, 3, `0x${(0x103008 + 8 * row).toString(16)}`));
    const gpa = GUEST_ENTRY_GPAS[row];
    references.push({ dimension: 'guest', row, column: 4, address: `0x${(0x200000 + Number(gpa)).toString(16)}`, gpa, level: 4 - row, entry: '0x7' });
  }
  DATA_ROW_NESTED.forEach((address, column) => references.push(nested(4, column, address)));
  return references;
}

function translation(): NestedWalkObservation {
  return {
    kind: 'nested-walk',
    references: lectureReferences(),
    result: { ok: true, gpa: '0x8140603abc', hpa: '0x300abc', pageSize: '0x1000', rights: 15 },
    guestAdWrites: GUEST_ENTRY_GPAS.map((gpa, i) => ({ level: 4 - i, gpa, hpa: `0x${(0x200000 + Number(gpa)).toString(16)}`, bits: '0x20' })),
    nestedAdWrites: [
      { level: 4, hpa: '0x100000', bits: '0x100' },
      { level: 3, hpa: '0x101000', bits: '0x100' },
      { level: 1, hpa: '0x106018', bits: '0x300' },
    ],
  };
}

/** The same walk stopped by `fault` after `references` references. */
function faulting(fault: NestedFaultObservation, references: number): NestedWalkObservation {
  return { ...translation(), references: lectureReferences().slice(0, references), result: { ok: false, fault } };
}

const finalViolation: NestedFaultObservation = { kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, qualification: 0x1aa };

const cell = (row: number, column: number): NestedWalkDifferenceDetail => ({ cell: { row, column } });

function withReference(observation: NestedWalkObservation, index: number, change: Partial<TwoDReferenceObservation>): NestedWalkObservation {
  return { ...observation, references: observation.references.map((reference, i) => (i === index ? { ...reference, ...change } : reference)) };
}

describe('equal walks', () => {
  test('have no difference', () => {
    expect(compareNestedWalks(translation(), translation())).toBeNull();
    expect(compareNestedWalks(faulting(finalViolation, 24), faulting(finalViolation, 24))).toBeNull();
  });
});

describe('references, in hardware order, each located in the grid', () => {
  test('a wrong nested entry read: reference 7 is row 1 (the guest PML4E gPA), column 1, nested level 3', () => {
    const got = withReference(translation(), 6, { address: '0x105000' });
    expect(compareNestedWalks(translation(), got)).toEqual({
      where: "reference 7: row 1 (the guest PML4E's gPA), column 1, nested level 3",
      step: 6,
      field: 'host-physical address',
      expected: '0x101000',
      got: '0x105000',
      message: expect.stringMatching(/one column to the left/),
      detail: cell(1, 1),
    });
  });

  test('row 0 translates guest CR3, the last row the data gPA', () => {
    expect(compareNestedWalks(translation(), withReference(translation(), 0, { address: '0x0' }))?.where).toBe("reference 1: row 0 (guest CR3's gPA), column 0, nested level 4");
    const last = compareNestedWalks(translation(), withReference(translation(), 22, { entry: '0x0' }));
    expect(last).toMatchObject({ where: 'reference 23: row 4 (the data gPA), column 2, nested level 2', field: 'entry value', detail: cell(4, 2) });
  });

  test("a guest entry at the wrong gPA is reported as its gPA, before its hPA", () => {
    const got = withReference(translation(), 9, { gpa: '0x2248', address: '0x202248' });
    expect(compareNestedWalks(translation(), got)).toMatchObject({
      where: 'reference 10: row 1, column 4, the guest PDPTE (level 3)',
      field: 'guest-physical address of the entry',
      expected: '0x2240',
      got: '0x2248',
      detail: cell(1, 4),
    });
  });

  test('a guest entry read at the wrong host address', () => {
    const got = withReference(translation(), 4, { address: '0x17f0' });
    expect(compareNestedWalks(translation(), got)).toMatchObject({ field: 'host-physical address', expected: '0x2017f0', got: '0x17f0', message: expect.stringMatching(/nested walk produced/) });
  });

  test('the guest entry read before the nested walk of its gPA: a dimension difference at the first cell', () => {
    const references = lectureReferences();
    const got = { ...translation(), references: [references[4], ...references.slice(0, 4), ...references.slice(5)] };
    expect(compareNestedWalks(translation(), got)).toMatchObject({ where: expect.stringMatching(/^reference 1: row 0/), field: 'dimension', expected: 'a nested entry', got: 'a guest entry', detail: cell(0, 0) });
  });

  test('cells numbered wrongly', () => {
    const got = withReference(translation(), 0, { column: 1 });
    expect(compareNestedWalks(translation(), got)).toMatchObject({ field: 'grid cell', expected: 'row 0, column 0', got: 'row 0, column 1', detail: cell(0, 0) });
  });

  test('a wrong level', () => {
    expect(compareNestedWalks(translation(), withReference(translation(), 1, { level: 2 }))).toMatchObject({ field: 'level', expected: '3', got: '2' });
  });

  test('a walk that stops early: the first reference missing', () => {
    const got = { ...translation(), references: lectureReferences().slice(0, 20) };
    expect(compareNestedWalks(translation(), got)).toMatchObject({
      where: 'reference 21: row 4 (the data gPA), column 0, nested level 4',
      step: 20,
      field: 'reference',
      expected: 'a read of the nested entry at 0x100008 (level 4)',
      got: 'the walk had stopped',
      message: expect.stringMatching(/nested walk of the data gPA/),
      detail: cell(4, 0),
    });
  });

  test('a walk that goes on after its fault: the extra reference, at the cell it claims', () => {
    const expected = faulting({ kind: 'ept-violation', gpa: '0x3d10', stage: 'guest-table', guestLevel: 2, nestedLevel: 1, qualification: 0x81 }, 14);
    const got = { ...expected, references: lectureReferences().slice(0, 15) };
    expect(compareNestedWalks(expected, got)).toMatchObject({
      where: 'reference 15: row 2, column 4, the guest PDE (level 2)',
      field: 'reference',
      expected: 'no further reference',
      got: 'a read of the guest PDE (level 2) at gPA 0x3d10 (hPA 0x203d10)',
      message: expect.stringMatching(/stops at the reference that faults/),
      detail: cell(2, 4),
    });
  });

  test('the fault the walk should have stopped at is named: an EPT violation; an NPT entry not present or with a reserved bit', () => {
    const violation = faulting({ kind: 'ept-violation', gpa: '0x3d10', stage: 'guest-table', guestLevel: 2, nestedLevel: 1, qualification: 0x81 }, 14);
    expect(compareNestedWalks(violation, { ...violation, references: lectureReferences().slice(0, 15) })?.message).toBe(
      'The walk stops at the reference that faults (reference 14): an EPT violation (guest level 2 table access of gPA 0x3d10, nested level 1, qualification 0x81). An EPT entry on the way is not present (none of R, W, X). Yours went on.',
    );
    const npf = (exitInfo1: string) => faulting({ kind: 'npt-fault', gpa: '0x17f0', stage: 'guest-table', guestLevel: 4, nestedLevel: 4, exitInfo1 }, 1);
    const wentOn = (expected: NestedWalkObservation) => compareNestedWalks(expected, { ...expected, references: lectureReferences().slice(0, 2) })?.message;
    expect(wentOn(npf('0x20000000f'))).toMatch(/EXITINFO1 0x20000000f\)\. A nested \(NPT\) entry on the way has a reserved bit set\. Yours went on\.$/);
    expect(wentOn(npf('0x200000006'))).toMatch(/A nested \(NPT\) entry on the way is not present\./);
    expect(wentOn(npf('0x200000007'))).toMatch(/A nested \(NPT\) entry on the way refuses the access\./);
  });

  test('an EPT violation expected is named by what its qualification shows: rights refused at the leaf, or a guest page table written through a page without W', () => {
    expect(compareNestedWalks(faulting(finalViolation, 24), translation())?.message).toBe('The rights ANDed over the EPT levels refuse the access (checked once, at the leaf).');
    const adUpdate = faulting({ kind: 'ept-violation', gpa: '0x17f0', stage: 'guest-table', guestLevel: 4, nestedLevel: 1, qualification: 0x8b }, 5);
    expect(compareNestedWalks(adUpdate, translation())?.message).toMatch(/^The EPT maps this guest page table without W, and the walk writes it: .*setting a guest entry's A\/D bits is a data write\. The hardware's walk ends after 5 references/);
  });

  test('a walk that stops at a different place is reported by its outcome first: the fault expected and the one got', () => {
    const got = faulting({ kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 2, qualification: 0x1aa }, 23);
    expect(compareNestedWalks(faulting(finalViolation, 24), got)).toEqual({
      where: 'outcome',
      field: 'nested level',
      expected: '1',
      got: '2',
      message:
        'The nested level is where the nested walk stopped: the first entry not present or malformed, top down, or the leaf when the rights refuse the access. ' +
        "The hardware's walk ends after 24 references with an EPT violation (final translation of gPA 0x8140603abc, nested level 1, qualification 0x1aa); " +
        'yours after 23 references with an EPT violation (final translation of gPA 0x8140603abc, nested level 2, qualification 0x1aa).',
      detail: cell(4, 3),
    });
  });

  test('a walk that stops before the fault expected names that fault, not the missing reference', () => {
    const misconfig = faulting({ kind: 'ept-misconfig', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1 }, 24);
    expect(compareNestedWalks(misconfig, { ...translation(), references: lectureReferences().slice(0, 20) })).toMatchObject({
      where: 'outcome',
      field: 'outcome',
      expected: 'an EPT misconfiguration (final translation of gPA 0x8140603abc, nested level 1)',
      got: 'a translation to gPA 0x8140603abc, hPA 0x300abc',
      message: expect.stringMatching(/malformed: an EPT misconfiguration\. The hardware's walk ends after 24 references with an EPT misconfiguration .*; yours after 20 references with a translation/),
    });
  });

  test('a translation without the data row: the final hPA differs, and the message says where each walk ended', () => {
    const got = { ...translation(), references: lectureReferences().slice(0, 20), result: { ...translation().result, hpa: '0x8140603abc' } };
    expect(compareNestedWalks(translation(), got)).toMatchObject({
      where: 'outcome',
      field: 'host-physical address',
      message: expect.stringMatching(/^The data gPA goes through the nested tables too.* ends after 24 references with a translation .*; yours after 20 references/),
    });
  });

  test('walks of different lengths with the same outcome: the first missing reference', () => {
    const expected = faulting(finalViolation, 24);
    expect(compareNestedWalks(expected, { ...expected, references: lectureReferences().slice(0, 22) })).toMatchObject({ field: 'reference', step: 22, got: 'the walk had stopped' });
  });

  test('a reference difference wins over a wrong outcome after it', () => {
    const got = { ...withReference(translation(), 3, { entry: '0x0' }), result: { ok: false as const, fault: finalViolation } };
    expect(compareNestedWalks(translation(), got)?.field).toBe('entry value');
  });
});

describe('the outcome', () => {
  test('a fault where a translation was due', () => {
    expect(compareNestedWalks(translation(), faulting(finalViolation, 24))).toMatchObject({
      where: 'outcome',
      field: 'outcome',
      expected: 'a translation to gPA 0x8140603abc, hPA 0x300abc',
      got: 'an EPT violation (final translation of gPA 0x8140603abc, nested level 1, qualification 0x1aa)',
      detail: cell(4, 3),
    });
  });

  test.each([
    ['hpa', '0x8140603abc', 'host-physical address'],
    ['gpa', '0x300abc', 'guest-physical address'],
    ['pageSize', '0x200000', 'page size'],
  ] as const)('a wrong %s', (key, value, field) => {
    const got = { ...translation(), result: { ...translation().result, [key]: value } } as NestedWalkObservation;
    expect(compareNestedWalks(translation(), got)).toMatchObject({ where: 'outcome', field, got: value });
  });

  test('rights are shown as r/w/x/u', () => {
    const got = { ...translation(), result: { ok: true as const, gpa: '0x8140603abc', hpa: '0x300abc', pageSize: '0x1000', rights: 13 } };
    expect(compareNestedWalks(translation(), got)).toMatchObject({ field: 'rights', expected: 'rwxu', got: 'r-xu' });
  });

  test('a misconfiguration reported as a violation', () => {
    const expected = faulting({ kind: 'ept-misconfig', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1 }, 24);
    const got = faulting({ kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, qualification: 0x181 }, 24);
    expect(compareNestedWalks(expected, got)).toMatchObject({
      field: 'fault kind',
      expected: 'an EPT misconfiguration (final translation of gPA 0x8140603abc, nested level 1)',
      message: expect.stringMatching(/misconfiguration/),
    });
  });

  test('a guest fault turned into an exit', () => {
    const expected = faulting({ kind: 'guest-fault', guestFault: 'not-present', level: 1, errorCode: 4 }, 20);
    const got = faulting({ kind: 'ept-violation', gpa: '0x4b38', stage: 'guest-table', guestLevel: 1, nestedLevel: 1, qualification: 0x81 }, 20);
    expect(compareNestedWalks(expected, got)).toMatchObject({ field: 'fault kind', expected: 'a #PF in the guest (not-present at guest level 1, error code 0x4)', message: expect.stringMatching(/no VM exit/) });
  });

  test('the qualification, decoded bit by bit', () => {
    const got = faulting({ ...finalViolation, qualification: 0x1aa & ~0x100 & ~0x20 }, 24);
    const difference = compareNestedWalks(faulting(finalViolation, 24), got);
    expect(difference).toMatchObject({
      field: 'exit qualification',
      expected: '0x1aa (write, readable, executable, linear address valid, final translation)',
      got: '0x8a (write, readable, linear address valid, guest page-table access)',
      detail: {
        cell: { row: 4, column: 3 },
        bits: [
          { bit: 5, name: 'the gPA was executable', expected: true, got: false },
          { bit: 8, name: 'set: the final translation; clear: a guest page-table access', expected: true, got: false },
        ],
      },
    });
    expect(difference?.message).toBe(
      'The exit qualification is wrong: bit 5 (the gPA was executable) should be set; bit 8 (set: the final translation; clear: a guest page-table access) should be set.',
    );
  });

  test('EXITINFO1, decoded bit by bit, bits 32 and 33 included', () => {
    const npf = (exitInfo1: string): NestedFaultObservation => ({ kind: 'npt-fault', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, exitInfo1 });
    const difference = compareNestedWalks(faulting(npf('0x100000007'), 24), faulting(npf('0x200000005'), 24));
    expect(difference?.field).toBe('EXITINFO1');
    expect((difference?.detail as NestedWalkDifferenceDetail).bits?.map((bit) => [bit.bit, bit.expected])).toEqual([
      [1, true],
      [32, true],
      [33, false],
    ]);
    expect(difference?.expected).toBe('0x100000007 (P (protection), W (write), U (user), final translation)');
  });

  test('the #PF error code, decoded bit by bit', () => {
    const pf = (errorCode: number): NestedFaultObservation => ({ kind: 'guest-fault', guestFault: 'protection', level: 1, errorCode });
    const difference = compareNestedWalks(faulting(pf(0x7), 20), faulting(pf(0x3), 20));
    expect(difference).toMatchObject({ field: '#PF error code', message: 'The #PF error code is wrong: bit 2 (U: the access was in user mode) should be set.' });
  });

  test('a #GP given an error code: there is none', () => {
    const gp: NestedFaultObservation = { kind: 'guest-fault', guestFault: 'non-canonical' };
    expect(compareNestedWalks(faulting(gp, 0), faulting({ ...gp, errorCode: 0 }, 0))).toMatchObject({
      field: '#PF error code',
      message: 'There is no #PF error code here (a #GP for a non-canonical address has none), but yours has one.',
    });
  });

  test('the fields of a nested fault, in order: stage, gPA, guest level, nested level', () => {
    const table: NestedFaultObservation = { kind: 'ept-violation', gpa: '0x3d10', stage: 'guest-table', guestLevel: 2, nestedLevel: 1, qualification: 0x81 };
    const expected = faulting(table, 14);
    expect(compareNestedWalks(expected, faulting({ ...table, stage: 'final', guestLevel: undefined }, 14))?.field).toBe('stage');
    expect(compareNestedWalks(expected, faulting({ ...table, gpa: '0x3000' }, 14))?.field).toBe('faulting gPA');
    expect(compareNestedWalks(expected, faulting({ ...table, guestLevel: 3 }, 14))?.field).toBe('guest level');
    expect(compareNestedWalks(expected, faulting({ ...table, nestedLevel: 2 }, 14))?.field).toBe('nested level');
  });

  test('a guest fault at the wrong level', () => {
    const pf = (level: number): NestedFaultObservation => ({ kind: 'guest-fault', guestFault: 'not-present', level, errorCode: 4 });
    expect(compareNestedWalks(faulting(pf(1), 20), faulting(pf(2), 20))).toMatchObject({ field: 'guest fault', expected: 'not-present at guest level 1', got: 'not-present at guest level 2' });
  });
});

describe('A/D writes, guest then nested, each marked at the cell of its entry', () => {
  test('a missing nested A/D write', () => {
    const got = { ...translation(), nestedAdWrites: translation().nestedAdWrites.slice(0, 2) };
    expect(compareNestedWalks(translation(), got)).toMatchObject({
      where: 'nested A/D write 3, to the nested level-1 entry at 0x106018',
      field: 'A/D write',
      expected: '0x300 (A|D) into the nested level-1 entry at 0x106018',
      got: 'none',
      detail: cell(4, 3),
    });
  });

  test('wrong bits', () => {
    const got = { ...translation(), nestedAdWrites: translation().nestedAdWrites.map((write, i) => (i === 2 ? { ...write, bits: '0x100' } : write)) };
    expect(compareNestedWalks(translation(), got)).toMatchObject({ field: 'bits', expected: '0x300 (A|D)', got: '0x100 (A)' });
  });

  test('an extra write', () => {
    const got = { ...translation(), nestedAdWrites: [...translation().nestedAdWrites, { level: 2, hpa: '0x105018', bits: '0x100' }] };
    expect(compareNestedWalks(translation(), got)).toMatchObject({ where: 'nested A/D write 4', expected: 'no further write', detail: cell(4, 2) });
  });

  test('a guest A/D write not located in host memory, found before any nested one', () => {
    const got = {
      ...translation(),
      guestAdWrites: translation().guestAdWrites.map((write) => ({ ...write, hpa: write.gpa })),
      nestedAdWrites: [],
    };
    expect(compareNestedWalks(translation(), got)).toMatchObject({
      where: 'guest A/D write 1, to the guest PML4E (level 4) at gPA 0x17f0, hPA 0x2017f0',
      field: 'entry written',
      expected: 'guest PML4E (level 4) at gPA 0x17f0, hPA 0x2017f0',
      got: 'guest PML4E (level 4) at gPA 0x17f0, hPA 0x17f0',
      detail: cell(0, 4),
    });
  });
});
