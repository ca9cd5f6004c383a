import { entryName } from '../../../observe/level-names';
import { describeAdBits } from '../../../observe/nested-walk-difference';
import { describeFlags } from '../../../observe/machine/machine-wording';
import { levelName, levelShift } from '../../../reference/paging/geometry';
import { BitTableView, EntryFormat, entryTable, parseHex, registerTable } from './bit-view';
import { TextPair, WalkEntryRead, WalkPicture } from './picture-types';

/** What templates/partials/student-walk-table.hbs draws. */
export interface WalkTableView {
  readonly caption: string;
  readonly explanation: string;
  readonly addressSplit: string;
  readonly columns: readonly string[];
  /** How many columns a side's value spans: all but the step and whose. */
  readonly span: number;
  readonly steps: readonly StepView[];
  readonly outcome: PairView;
  readonly stray: PairView | null;
  readonly entryBits: BitTableView | null;
  readonly codeBits: BitTableView | null;
}

export interface StepView {
  readonly step: number;
  readonly first: boolean;
  readonly rows: readonly [SideRowView, SideRowView];
}

/** One side's row: its cells, or `none` saying why it has none. */
export interface SideRowView {
  readonly whose: string;
  readonly none: string;
  readonly cells: readonly CellView[];
}

export interface CellView {
  readonly text: string;
  readonly differs: boolean;
}

/** A value of both sides drawn in one place: the reference's, and the student's where it differs. */
export interface PairView {
  readonly expected: string;
  readonly got: string;
  readonly differs: boolean;
  readonly first: boolean;
}

export function pairView(pair: TextPair, first = false): PairView {
  return { expected: pair.expected, got: pair.got ?? pair.expected, differs: pair.got !== undefined, first };
}

const WALK_COLUMNS = ['Entry read', 'Index', 'Entry address', 'Entry value', 'Flags set', 'A/D the walk sets'];

export function walkTableView(picture: WalkPicture): WalkTableView {
  const firstStep = firstMarkedStep(picture);
  const steps = picture.steps.map((step, i): StepView => {
    const expectedCells = step.expected === undefined ? undefined : readCells(step.expected);
    const gotRead = step.gotNone ? undefined : (step.got ?? step.expected);
    const gotCells = gotRead === undefined ? undefined : readCells(gotRead).map((cell, column) => ({ ...cell, differs: cell.text !== expectedCells?.[column]?.text }));
    return {
      step: i + 1,
      first: i === firstStep,
      rows: [sideRow('reference', expectedCells, 'no read: the walk has stopped'), sideRow('yours', gotCells, 'no read: your walk had stopped')],
    };
  });
  const entryAt = (read: WalkEntryRead | undefined) => read && { at: read.entryAddress, entry: read.entry };
  const marked = firstStep === undefined ? undefined : picture.steps[firstStep];
  const entryBits = marked && entryBitsOf(entryAt(marked.expected), entryAt(marked.got), `The entry read at step ${(firstStep ?? 0) + 1}, bit by bit`, 'x86');
  const strayFirst = picture.first.at === 'ad-writes' && firstStep === undefined;
  return {
    caption: `The walk of ${picture.va}, level by level`,
    explanation: `At each step, the entry the reference's walk reads and the one yours reads. ${firstText(picture, firstStep)}`,
    addressSplit: addressSplit(picture.va, picture.levels),
    columns: WALK_COLUMNS,
    span: WALK_COLUMNS.length,
    steps,
    outcome: pairView(picture.outcome, picture.first.at === 'outcome'),
    stray: picture.strayAdWrites === undefined ? null : pairView(picture.strayAdWrites, strayFirst),
    entryBits: entryBits ?? null,
    codeBits: picture.code === undefined ? null : registerTable(picture.code),
  };
}

/** The step the marker goes on: the step of the difference, or for A/D writes the first step whose A/D bits differ. */
function firstMarkedStep(picture: WalkPicture): number | undefined {
  if (picture.first.at === 'step') return picture.first.index;
  if (picture.first.at === 'outcome') return undefined;
  const index = picture.steps.findIndex((step) => step.got !== undefined && step.got.adBits !== step.expected?.adBits);
  return index < 0 ? undefined : index;
}

function firstText(picture: WalkPicture, firstStep: number | undefined): string {
  if (firstStep !== undefined) return `The first difference is at step ${firstStep + 1}.`;
  if (picture.first.at === 'outcome') return 'Every entry read is the same; the first difference is in the outcome.';
  return picture.strayAdWrites === undefined ? 'The first difference is in the order of the A/D writes.' : 'The first difference is in the A/D writes into entries the walk did not read.';
}

function readCells(read: WalkEntryRead): CellView[] {
  const level = Number(read.level);
  const entry = parseHex(read.entry);
  return [
    Number.isSafeInteger(level) && level >= 1 && level <= 5 ? entryName(level) : `level ${read.level}`,
    read.index,
    read.entryAddress,
    read.entry,
    entry === undefined ? '?' : describeFlags(entry),
    adText(read.adBits),
  ].map((text) => ({ text, differs: false }));
}

/** "0x60 (A|D)": the A/D bits a walk sets in an entry, named. */
export function adText(bits: string): string {
  return bits === '' ? 'none' : describeAdBits(bits);
}

function sideRow(whose: string, cells: readonly CellView[] | undefined, none: string): SideRowView {
  return cells === undefined ? { whose, none, cells: [] } : { whose, none: '', cells };
}

/** An entry as a step read it: where, and what it held. */
export interface EntryAt {
  readonly at: string;
  readonly entry: string;
}

/** The two sides' entries bit by bit, when they read the same place but report different entries (a wrong place says enough by itself). */
export function entryBitsOf(expected: EntryAt | undefined, got: EntryAt | undefined, caption: string, format: EntryFormat): BitTableView | undefined {
  if (expected === undefined || got === undefined || expected.entry === got.entry || expected.at !== got.at) return undefined;
  return entryTable(caption, format, [
    { label: 'reference', value: expected.entry },
    { label: 'yours', value: got.entry },
  ], [0, 1]);
}

/** "0x7f1234567abc: PML4 index 254 (bits 47:39), PDPT index 72 (38:30), PD index 418 (29:21), PT index 359 (20:12), offset 0xabc (11:0)." */
export function addressSplit(va: string, levels: number): string {
  const address = parseHex(va);
  if (address === undefined) return '';
  const parts: string[] = [];
  for (let level = levels; level >= 1; level--) {
    const shift = levelShift(level);
    parts.push(`${levelName(level)} index ${(address >> shift) & 0x1ffn} (bits ${Number(shift) + 8}:${shift})`);
  }
  parts.push(`offset 0x${(address & 0xfffn).toString(16)} (bits 11:0)`);
  return `${va} splits into ${parts.join(', ')}.`;
}
