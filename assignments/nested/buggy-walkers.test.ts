import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { Difference } from '../../observe/difference';
import { judgeCase } from '../../observe/judge';
import { NestedWalkDifferenceDetail, TwoDCell } from '../../observe/nested-walk-difference';
import { NestedWalkObservation, TwoDReferenceObservation } from '../../observe/nested-walk-probe';
import { observe } from '../../observe/observe';
import { NestedWalker } from '../../reference/nested/nested-walker';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import * as buggy from './test-support/buggy-nested-walkers';

/**
 * Each deliberately wrong walker must fail at least one hidden test, and the
 * first difference of its first failing case must point at the mistake: the
 * right field, at the right cell of the grid.
 */
const assignment = loadAssignment(__dirname);
const hiddenCases = assignment.suites
  .filter((suite) => suite.reference.visibility === 'hidden')
  .flatMap((suite) => expandSuite(suite))
  .flatMap((test) =>
    test.probes.map((probe, index) => {
      const expected = observe(probe, REFERENCE_COMPONENTS);
      if (expected.kind !== 'nested-walk') throw new Error(`the reference failed on ${test.id} case ${index + 1}`);
      return { test, index, probe, expected };
    }),
  );

interface Caught {
  readonly testId: string;
  readonly difference: Difference;
  readonly cell: TwoDCell | undefined;
  readonly expected: NestedWalkObservation;
}

function firstCaught(walker: NestedWalker): Caught | null {
  const components = { ...REFERENCE_COMPONENTS, nestedWalker: walker };
  for (const { test, probe, expected } of hiddenCases) {
    const difference = judgeCase(test.check, expected, observe(probe, components));
    if (difference !== null) return { testId: test.id, difference, cell: (difference.detail as NestedWalkDifferenceDetail | undefined)?.cell, expected };
  }
  return null;
}

const cellOf = (reference: TwoDReferenceObservation | undefined): TwoDCell | undefined => (reference === undefined ? undefined : { row: reference.row, column: reference.column });
const lastCell = (walk: NestedWalkObservation) => cellOf(walk.references[walk.references.length - 1]);
const dataRow = (walk: NestedWalkObservation) => walk.references.filter((reference) => reference.dimension === 'guest').length;
const bitsOf = (difference: Difference) => ((difference.detail as NestedWalkDifferenceDetail).bits ?? []).map((bit) => [bit.bit, bit.expected]);

const cases: [string, NestedWalker, (caught: Caught) => void][] = [
  [
    'reads the guest entry before translating its gPA',
    buggy.guestEntryFirst,
    ({ difference, cell }) => {
      expect(difference).toMatchObject({ field: 'dimension', expected: 'a nested entry', got: 'a guest entry', where: expect.stringMatching(/^reference 1: row 0/) });
      expect(cell).toEqual({ row: 0, column: 0 });
    },
  ],
  [
    'numbers columns from 1',
    buggy.columnsFromOne,
    ({ difference, cell }) => {
      expect(difference).toMatchObject({ field: 'grid cell', expected: 'row 0, column 0', got: 'row 0, column 1' });
      expect(cell).toEqual({ row: 0, column: 0 });
    },
  ],
  [
    'forgets to translate the final gPA',
    buggy.finalGpaUntranslated,
    ({ difference, cell, expected }) => {
      // The walks read the same entries until the untranslated one stops: the outcome comes first, with where each walk ended.
      expect(difference).toMatchObject({ where: 'outcome', field: 'host-physical address', message: expect.stringMatching(/nested tables too.*The hardware's walk ends after \d+ references/) });
      expect(cell).toEqual(lastCell(expected));
    },
  ],
  [
    'reports the guest page size',
    buggy.guestPageSizeOnly,
    ({ difference }) => expect(difference).toMatchObject({ where: 'outcome', field: 'page size' }),
  ],
  [
    'never sets qualification bit 8',
    buggy.qualificationWithoutFinalBit,
    ({ difference, cell, expected }) => {
      expect(difference.field).toBe('exit qualification');
      expect(bitsOf(difference)).toEqual([[8, true]]);
      expect(cell).toEqual(lastCell(expected));
      expect(cell?.row).toBe(dataRow(expected));
    },
  ],
  [
    'leaves the rights out of the qualification',
    buggy.qualificationWithoutRights,
    ({ difference }) => {
      expect(difference.field).toBe('exit qualification');
      const bits = bitsOf(difference);
      expect(bits.length).toBeGreaterThan(0);
      for (const [bit, expected] of bits) expect([[3, 4, 5].includes(bit as number), expected]).toEqual([true, true]);
    },
  ],
  [
    'reports a misconfiguration as a violation',
    buggy.misconfigAsViolation,
    ({ difference, cell, expected }) => {
      expect(difference).toMatchObject({ where: 'outcome', field: 'fault kind', expected: expect.stringMatching(/^an EPT misconfiguration/), got: expect.stringMatching(/^an EPT violation/) });
      expect(cell).toEqual(lastCell(expected));
    },
  ],
  [
    'keeps no nested A/D bits',
    buggy.noNestedAccessedDirty,
    ({ difference, cell, expected }) => {
      expect(difference).toMatchObject({ where: expect.stringMatching(/^nested A\/D write 1, to the nested level-\d entry at 0x[0-9a-f]+$/), field: 'A/D write', got: 'none' });
      const written = expected.nestedAdWrites[0].hpa;
      expect(cell).toEqual(cellOf(expected.references.find((reference) => reference.dimension === 'nested' && reference.address === written)));
    },
  ],
  [
    'treats guest page-table accesses as reads under EPT A/D',
    buggy.guestTableAccessesAsReads,
    ({ difference, cell, expected }) => {
      // The leaf may be large (a guest table backed by a 2 MiB or 1 GiB nested page).
      expect(difference.where).toMatch(/^nested A\/D write \d+, to the nested level-[123] entry at 0x[0-9a-f]+$/);
      // The cell is the nested leaf of a guest table: the guest entry is next in its row.
      expect(expected.references.some((reference) => reference.dimension === 'guest' && reference.row === cell?.row && reference.column === cell.column + 1)).toBe(true);
    },
  ],
  [
    'leaves guest A/D writes at their gPA',
    buggy.guestAdWritesAtGpa,
    ({ difference, cell, expected }) => {
      expect(difference).toMatchObject({ where: expect.stringMatching(/^guest A\/D write 1, to the guest PML4E/), field: 'entry written' });
      const gpa = expected.guestAdWrites[0].gpa;
      expect(cell).toEqual(cellOf(expected.references.find((reference) => reference.gpa === gpa)));
    },
  ],
  [
    'builds the #PF error code without the U bit',
    buggy.errorCodeWithoutUser,
    ({ difference, cell, expected }) => {
      expect(difference.field).toBe('#PF error code');
      expect(bitsOf(difference)).toEqual([[2, true]]);
      expect(cell).toEqual(lastCell(expected));
    },
  ],
  [
    'leaves bits 32 and 33 out of EXITINFO1',
    buggy.exitInfoWithoutStage,
    ({ difference }) => {
      expect(difference.field).toBe('EXITINFO1');
      expect(bitsOf(difference)).toEqual([[expect.any(Number), true]]);
      expect([32, 33]).toContain(bitsOf(difference)[0][0]);
    },
  ],
];

test.each(cases)('a walker that %s fails a hidden test, first at the right place', (_name, walker, check) => {
  const caught = firstCaught(walker);
  if (caught === null) throw new Error('no hidden test catches this walker');
  check(caught);
});
