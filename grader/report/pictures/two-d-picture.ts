import { hex } from '../../../reference/addresses';
import { Difference } from '../../../observe/difference';
import { describeNestedOutcome } from '../../../observe/nested-walk-difference';
import { NestedWalkObservation } from '../../../observe/nested-walk-probe';
import { NestedWalkProbe } from '../../../observe/probe-types';
import { ReportedBits, reportedPair, ReportedRegister, TwoDPicture, TwoDRead, TwoDReferencePair } from './picture-types';
import { describeUntrusted, field, integer, items, MAX_LIST_TEXT, pair, shown, stepPair } from './untrusted';

/** More references than any 2D walk makes (35 for 5 guest and 5 nested levels). */
const MAX_REFERENCES = 40;
const MAX_AD_WRITES = 40;
/** How many of the student's references past the first difference are kept. */
const COMPARED_AFTER_FIRST = 3;

/**
 * The picture of a failing 2D-walk case: both walks reference by reference,
 * each at its cell of the (n+1)×(m+1) grid (guest rows × nested columns, as
 * the lecture draws it), the final translation, the outcomes, and where the
 * first difference is. Undefined when the difference is not about the walk
 * (the student's code threw, or returned something unreadable).
 */
export function twoDPicture(probe: NestedWalkProbe, expected: NestedWalkObservation, got: unknown, difference: Difference): TwoDPicture | undefined {
  const guestLevels = probe.guest.control.levels;
  const nestedLevels = probe.nested.levels;
  const cells = gridCells(expected, guestLevels, nestedLevels);
  const first = firstDifference(difference, expected, cells);
  if (first === undefined) return undefined;
  const expectedSide = twoDSide(expected);
  const gotSide = twoDSide(got);
  const total = Math.min(MAX_REFERENCES, Math.max(expectedSide.length, gotSide.length));
  const compared = first.at === 'reference' && first.index !== undefined ? Math.min(total, first.index + 1 + COMPARED_AFTER_FIRST) : total;

  const references: TwoDReferencePair[] = [];
  for (let i = 0; i < total; i++) {
    const want = expectedSide[i];
    if (want === undefined && i >= compared) break;
    references.push({ ...(cells[i] ?? OUTSIDE_THE_GRID), ...(i < compared ? stepPair(want?.read, placedLike(gotSide[i], want)) : { expected: want!.read }) });
  }
  const code = first.at === 'outcome' ? reportedBits(expected.result, field(got, 'result')) : undefined;
  return {
    kind: 'nested-walk',
    format: probe.nested.format,
    guestLevels,
    nestedLevels,
    references,
    compared,
    translation: pair(finalAddress(expected.result), finalAddress(field(got, 'result'))),
    outcome: pair(describeNestedOutcome(expected.result), describeUntrusted(field(got, 'result'), describeNestedOutcome)),
    ...(code === undefined ? {} : { code }),
    first,
  };
}

/** Where the difference is; the cell it names (in the walk's own numbering) is given where the grid draws it. */
function firstDifference(difference: Difference, expected: NestedWalkObservation, cells: readonly Cell[]): TwoDPicture['first'] | undefined {
  const named = cellOf(difference.detail);
  const index = named === undefined ? -1 : expected.references.findIndex((reference) => reference.row === named.row && reference.column === named.column);
  const cell = index < 0 ? undefined : cells[index];
  const located = (at: TwoDPicture['first']['at'], index?: number): TwoDPicture['first'] => ({ at, ...(index === undefined ? {} : { index }), ...(cell === undefined ? {} : { cell }) });
  if (difference.where === 'outcome') return located('outcome');
  if (difference.where.startsWith('guest A/D write')) return located('guest-ad-writes');
  if (difference.where.startsWith('nested A/D write')) return located('nested-ad-writes');
  if (difference.where.startsWith('reference ') && difference.step !== undefined) return located('reference', difference.step);
  return undefined;
}

function cellOf(detail: unknown): Cell | undefined {
  const cell = field(detail, 'cell');
  const row = integer(field(cell, 'row'));
  const column = integer(field(cell, 'column'));
  return row === undefined || column === undefined ? undefined : { row, column };
}

const OUTSIDE_THE_GRID = { row: -1, column: -1 };

interface Cell {
  readonly row: number;
  readonly column: number;
}

/**
 * Where the grid draws each reference of the reference's walk. The walk
 * numbers a row's references from column 0, so a row whose nested walk ends
 * at a large page has its guest entry in an earlier column, and a walk that
 * ends at a large guest page translates the data gPA in an earlier row. The
 * grid keeps the lecture's shape: guest entries in the last column, the data
 * gPA in the last row, and the cells a large page skips left empty.
 */
function gridCells(expected: NestedWalkObservation, guestLevels: number, nestedLevels: number): Cell[] {
  const guestRows = expected.references.filter((reference) => reference.dimension === 'guest').length;
  const { result } = expected;
  const translatesData = result.ok || (result.fault.kind !== 'guest-fault' && result.fault.stage === 'final');
  return expected.references.map((reference) => ({
    row: translatesData && reference.row === guestRows ? guestLevels : reference.row,
    column: reference.dimension === 'guest' ? nestedLevels : reference.column,
  }));
}

/** A reference as one walk made it: what it says it is, and what it read. */
interface TwoDSideReference {
  /** "a nested entry, level 4, at row 0, column 0". */
  readonly placed: string;
  readonly read: TwoDRead;
}

/**
 * One walk's references, each with the A/D bits the walk sets in it: a
 * guest entry's by its gPA; a nested entry's at the first reference to it
 * (every row walks the same top nested entries, set once).
 */
function twoDSide(walk: unknown): TwoDSideReference[] {
  const guestWrites = items(field(walk, 'guestAdWrites'), MAX_AD_WRITES).map((write) => ({ at: shown(field(write, 'gpa')), bits: shown(field(write, 'bits')) }));
  const nestedWrites = items(field(walk, 'nestedAdWrites'), MAX_AD_WRITES).map((write) => ({ at: shown(field(write, 'hpa')), bits: shown(field(write, 'bits')) }));
  const seen = new Set<string>();
  return items(field(walk, 'references'), MAX_REFERENCES).map((reference): TwoDSideReference => {
    const dimension = shown(field(reference, 'dimension'));
    const address = shown(field(reference, 'address'));
    const gpa = field(reference, 'gpa') === undefined ? undefined : shown(field(reference, 'gpa'));
    const at = dimension === 'guest' ? gpa : address;
    const key = `${dimension} ${at}`;
    const writes = seen.has(key) ? [] : (dimension === 'guest' ? guestWrites : nestedWrites).filter((write) => write.at === at);
    seen.add(key);
    const adBits = shown(writes.map((write) => write.bits).join(' + '), MAX_LIST_TEXT);
    return {
      placed: `a ${dimension} entry, level ${shown(field(reference, 'level'))}, at row ${shown(field(reference, 'row'))}, column ${shown(field(reference, 'column'))}`,
      read: { address, entry: shown(field(reference, 'entry')), ...(gpa === undefined ? {} : { gpa }), ...(adBits === '' ? {} : { adBits }) },
    };
  });
}

/** The student's reference, saying what it is where that is not what the reference's is. */
function placedLike(have: TwoDSideReference | undefined, want: TwoDSideReference | undefined): TwoDRead | undefined {
  if (have === undefined) return undefined;
  return have.placed === want?.placed ? have.read : { ...have.read, placed: have.placed };
}

/** The last cell of the grid: the hPA of the data, or why there is none. */
function finalAddress(result: unknown): string {
  if (field(result, 'ok') === true) return shown(field(result, 'hpa'));
  return field(result, 'ok') === false ? 'none (the walk faults)' : 'no readable result';
}

/** The register the fault reports, on both sides: #PF error code (guest fault), EPT exit qualification, or #NPF EXITINFO1. */
function reportedBits(expected: unknown, got: unknown): ReportedBits | undefined {
  const want = registerOf(expected);
  const have = registerOf(got);
  const register = want?.register ?? have?.register;
  if (register === undefined) return undefined;
  return reportedPair(register, want?.register === register ? want.value : undefined, have?.register === register ? have.value : undefined);
}

function registerOf(result: unknown): { register: ReportedRegister; value: string } | undefined {
  const fault = field(result, 'fault');
  const hexOf = (name: string) => {
    const value = integer(field(fault, name));
    return value === undefined ? undefined : hex(value);
  };
  const found = (register: ReportedRegister, value: string | undefined) => (value === undefined ? undefined : { register, value });
  switch (field(fault, 'kind')) {
    case 'guest-fault':
      return found('pf-error-code', hexOf('errorCode'));
    case 'ept-violation':
      return found('ept-qualification', hexOf('qualification'));
    case 'npt-fault':
      return found('npt-exitinfo1', field(fault, 'exitInfo1') === undefined ? undefined : shown(field(fault, 'exitInfo1')));
    default:
      return undefined;
  }
}
