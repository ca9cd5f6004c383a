import { judgeCase } from '../../../observe/judge';
import { NestedWalkObservation, TwoDReferenceObservation } from '../../../observe/nested-walk-probe';
import { observe } from '../../../observe/observe';
import { MemoryImage, NestedWalkProbe } from '../../../observe/probe-types';
import { LECTURE_MEMORY } from '../../../observe/test-support/lecture-two-d-memory';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { failurePicture, MAX_PICTURE_CHARACTERS } from './failure-picture';
import { isFailurePicture } from './picture-schema';
import { TwoDPicture } from './picture-types';
import { gridView, GridView } from './two-d-view';

/**
 * The lecture's 4x4 walk of VA 0x7f1234567abc (LECTURE_MEMORY) observed on
 * the reference, and a student's walk changed by hand in one place.
 */
function probe(memory: MemoryImage = LECTURE_MEMORY, access: 'read' | 'write' = 'read'): NestedWalkProbe {
  return {
    kind: 'nested-walk',
    guest: { control: { wp: true, nxe: true, levels: 4 }, root: '0x1000', va: '0x7f1234567abc', access: { kind: access, user: true } },
    nested: { format: 'ept', levels: 4, root: '0x100000', accessedDirty: false },
    memory,
  };
}

function reference(of: NestedWalkProbe): NestedWalkObservation {
  const observation = observe(of, REFERENCE_COMPONENTS);
  if (observation.kind !== 'nested-walk') throw new Error(`the reference failed: ${JSON.stringify(observation)}`);
  return observation;
}

function withReference(walk: NestedWalkObservation, index: number, change: Partial<TwoDReferenceObservation>): NestedWalkObservation {
  return { ...walk, references: walk.references.map((item, i) => (i === index ? { ...item, ...change } : item)) };
}

function picture(of: NestedWalkProbe, expected: NestedWalkObservation, got: NestedWalkObservation): TwoDPicture {
  const difference = judgeCase('policy', expected, got);
  expect(difference).not.toBeNull();
  const drawn = failurePicture({ probe: of, check: 'policy', expected, got, difference: difference! });
  expect(drawn?.kind).toBe('nested-walk');
  expect(isFailurePicture(drawn)).toBe(true);
  expect(JSON.stringify(drawn).length).toBeLessThanOrEqual(MAX_PICTURE_CHARACTERS);
  return drawn as TwoDPicture;
}

const cells = (view: GridView) => view.rows.flatMap((row, r) => row.cells.map((cell, c) => ({ ...cell, row: r, column: c })));
const marked = (view: GridView) => cells(view).filter((cell) => cell.first).map(({ row, column, number }) => ({ row, column, number }));

test('the 4x4 grid: 25 cells, 24 numbered references in hardware order and the final gPA→hPA; the diverging reference marked', () => {
  const expected = reference(probe());
  const drawn = picture(probe(), expected, withReference(expected, 6, { address: '0x105000' }));
  expect(drawn.first).toEqual({ at: 'reference', index: 6, cell: { row: 1, column: 1 } });
  const view = gridView(drawn);
  expect(view.rows).toHaveLength(5);
  expect(view.rows.every((row) => row.cells.length === 5)).toBe(true);
  const all = cells(view);
  expect(all.filter((cell) => cell.number !== '').map((cell) => Number(cell.number))).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  expect(all.filter((cell) => cell.final)).toEqual([expect.objectContaining({ row: 4, column: 4, address: '0x300abc', got: '' })]);
  expect(all.filter((cell) => cell.what.startsWith('guest')).map((cell) => [cell.row, cell.column])).toEqual([
    [0, 4],
    [1, 4],
    [2, 4],
    [3, 4],
  ]);
  expect(marked(view)).toEqual([{ row: 1, column: 1, number: '7' }]);
  expect(all.filter((cell) => cell.got !== '').map((cell) => [cell.number, cell.got])).toEqual([['7', 'hPA 0x105000']]);
  expect(view.explanation).toMatch(/makes 24 memory references.*first difference is at reference 7\./);
});

test('past the first difference the student\'s side is kept for a few references only, and the grid says nothing of the rest', () => {
  const expected = reference(probe());
  const shifted = { ...expected, references: expected.references.map((item, i) => (i >= 2 ? { ...item, address: `0x${(Number(item.address) + 8).toString(16)}` } : item)) };
  const drawn = picture(probe(), expected, shifted);
  expect(drawn.compared).toBe(6);
  expect(drawn.references.filter((pair) => pair.got !== undefined)).toHaveLength(4);
  expect(gridView(drawn).rows[0].cells[2].got).toBe('hPA 0x102008');
  expect(gridView(drawn).rows[3].cells[2].got).toBe('');
});

test('an EPT violation on the data gPA: the faulting cell marked, the exit qualification decoded bit by bit', () => {
  const memory = { ...LECTURE_MEMORY, '0x106018': '0x300035' };
  const expected = reference(probe(memory, 'write'));
  expect(expected.result.ok).toBe(false);
  const qualification = expected.result.ok === false && expected.result.fault.kind === 'ept-violation' ? expected.result.fault.qualification : -1;
  const got: NestedWalkObservation = { ...expected, result: { ok: false, fault: { kind: 'ept-violation', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, qualification: qualification & ~0x100 } } };
  const drawn = picture(probe(memory, 'write'), expected, got);
  expect(drawn.first).toEqual({ at: 'outcome', cell: { row: 4, column: 3 } });
  const view = gridView(drawn);
  expect(marked(view)).toEqual([{ row: 4, column: 3, number: '24' }]);
  expect(view.outcome).toMatchObject({ first: true, differs: true });
  expect(view.codeBits?.caption).toBe('The EPT exit qualification, bit by bit');
  expect(view.codeBits?.rows.map((row) => row.bits)).toEqual(['0', '1', '2', '3', '4', '5', '7', '8']);
  expect(view.codeBits?.rows.filter((row) => row.differs).map((row) => [row.bits, row.values])).toEqual([['8', ['1', '0']]]);
});

test('a guest #PF: the error code decoded, the guest entry that refuses marked', () => {
  const memory = { ...LECTURE_MEMORY, '0x204b38': '0x0' };
  const expected = reference(probe(memory));
  const fault = expected.result.ok ? undefined : expected.result.fault;
  expect(fault).toMatchObject({ kind: 'guest-fault', errorCode: 4 });
  const got: NestedWalkObservation = { ...expected, result: { ok: false, fault: { kind: 'guest-fault', guestFault: 'not-present', level: 1, errorCode: 0 } } };
  const drawn = picture(probe(memory), expected, got);
  expect(drawn.code).toEqual({ register: 'pf-error-code', expected: '0x4', got: '0x0' });
  const view = gridView(drawn);
  expect(marked(view)).toEqual([{ row: 3, column: 4, number: '20' }]);
  expect(view.rows[4].cells.map((cell) => cell.empty)).toEqual(['not reached', 'not reached', 'not reached', 'not reached', '']);
  expect(view.rows[4].cells[4]).toMatchObject({ final: true, address: 'none (the walk faults)' });
});

test('a 2 MiB EPT page over the guest tables: each row\'s guest entry still in the last column, the nested PTE skipped', () => {
  const memory: Record<string, string> = { ...LECTURE_MEMORY, '0x102000': '0x2000b7' };
  const expected = reference(probe(memory));
  const drawn = picture(probe(memory), expected, withReference(expected, 3, { entry: '0x0' }));
  const view = gridView(drawn);
  expect(view.rows[0].cells.map((cell) => cell.number || cell.empty)).toEqual(['1', '2', '3', 'skipped: a large page ends this walk earlier', '4']);
  expect(marked(view)).toEqual([{ row: 0, column: 4, number: '4' }]);
  expect(view.entryBits?.caption).toBe('The entry read at reference 4, bit by bit');
  expect(view.entryBits?.rows[0]).toMatchObject({ bits: '0', name: 'P: present', values: ['1', '0'], differs: true });
});

test("references past the end of the reference's walk are listed, the first of them marked", () => {
  const memory = { ...LECTURE_MEMORY, '0x204b38': '0x0' };
  const expected = reference(probe(memory));
  const extra: TwoDReferenceObservation = { dimension: 'nested', row: 4, column: 0, address: '0x100008', level: 4, entry: '0x104007' };
  const view = gridView(picture(probe(memory), expected, { ...expected, references: [...expected.references, extra] }));
  expect(view.beyond).toEqual([{ text: 'reference 21: a nested entry, level 4, at row 4, column 0: hPA 0x100008, entry 0x104007', first: true }]);
  expect(marked(view)).toEqual([]);
});
