import { hex } from '../../../reference/addresses';
import { ENTRY_FLAGS } from '../../../observe/machine/machine-wording';
import { ERROR_CODE_BITS, EXIT_INFO1_BITS, NamedBit, QUALIFICATION_BITS } from '../../../observe/reported-bits';
import { EPT_A, EPT_D, EPT_IGNORE_PAT, EPT_MEMTYPE_SHIFT, EPT_PS, EPT_R, EPT_SUPPRESS_VE, EPT_W, EPT_X } from '../../../reference/paging/constants';
import { ReportedBits, ReportedRegister } from './picture-types';

/** What templates/partials/student-fault-bits.hbs draws: a value or several side by side, bit by bit. */
export interface BitTableView {
  readonly caption: string;
  readonly sides: readonly { readonly label: string; readonly value: string }[];
  readonly rows: readonly BitRowView[];
  /** "2 bits differ: …", or '' when none is compared or none differs. */
  readonly summary: string;
}

export interface BitRowView {
  /** "0", or a range "51:12". */
  readonly bits: string;
  readonly name: string;
  readonly values: readonly string[];
  readonly differs: boolean;
}

/** One field of a register or an entry: a single bit (shown 1 or 0) or a range (shown in hex). */
interface BitField {
  readonly bits: string;
  readonly name: string;
  readonly mask: bigint;
  readonly shift: bigint;
}

const ALL_64 = (1n << 64n) - 1n;

function single(mask: bigint, name: string): BitField {
  let shift = 0n;
  while (mask >> shift !== 1n) shift++;
  return { bits: String(shift), name, mask, shift };
}

/** Bits high:low, shown shifted down to a number, or (`asAddress`) in place, as the address they form. */
function range(high: number, low: number, name: string, asAddress = false): BitField {
  return { bits: `${high}:${low}`, name, mask: ((1n << BigInt(high + 1)) - 1n) & ~((1n << BigInt(low)) - 1n), shift: asAddress ? 0n : BigInt(low) };
}

const FLAG_MEANINGS: Readonly<Record<string, string>> = {
  P: 'P: present',
  RW: 'RW: writable',
  US: 'US: user-accessible',
  PWT: 'PWT: write-through',
  PCD: 'PCD: cache disabled',
  A: 'A: accessed',
  D: 'D: dirty',
  PS: 'PS: page size (a leaf above level 1)',
  G: 'G: global',
  NX: 'NX: execute-disable',
};

/** The flags of an x86 page-table entry (guest tables, shadow tables, NPT). */
const X86_FLAG_FIELDS: readonly BitField[] = ENTRY_FLAGS.map(([name, mask]) => single(mask, FLAG_MEANINGS[name] ?? name));
const FRAME_FIELD = range(51, 12, 'address of the frame or table it points to', true);

/** An EPT entry (SDM table 29-1 .. 29-6). */
const EPT_ENTRY_FIELDS: readonly BitField[] = [
  single(EPT_R, 'R: read'),
  single(EPT_W, 'W: write'),
  single(EPT_X, 'X: execute'),
  range(Number(EPT_MEMTYPE_SHIFT) + 2, Number(EPT_MEMTYPE_SHIFT), 'memory type (leaf only; 2, 3, 7 reserved)'),
  single(EPT_IGNORE_PAT, 'IPAT: ignore PAT'),
  single(EPT_PS, 'PS: page size (a leaf above level 1)'),
  single(EPT_A, 'A: accessed (with EPT A/D)'),
  single(EPT_D, 'D: dirty (with EPT A/D)'),
  FRAME_FIELD,
  single(EPT_SUPPRESS_VE, 'suppress #VE'),
];

const REGISTER_FIELDS: Readonly<Record<ReportedRegister, readonly BitField[]>> = {
  'pf-error-code': ERROR_CODE_BITS.map(namedField),
  'ept-qualification': QUALIFICATION_BITS.map(namedField),
  'npt-exitinfo1': EXIT_INFO1_BITS.map(namedField),
};

const REGISTER_NAMES: Readonly<Record<ReportedRegister, string>> = {
  'pf-error-code': '#PF error code',
  'ept-qualification': 'EPT exit qualification',
  'npt-exitinfo1': '#NPF EXITINFO1',
};

function namedField(bit: NamedBit): BitField {
  return single(bit.mask, bit.meaning);
}

/** `x86-flags`: the flags only, for an entry whose frame correct designs may choose differently (a shadow entry's host frame). */
export type EntryFormat = 'x86' | 'x86-flags' | 'ept';

const ENTRY_FIELDS: Readonly<Record<EntryFormat, readonly BitField[]>> = {
  x86: [...X86_FLAG_FIELDS, FRAME_FIELD],
  'x86-flags': X86_FLAG_FIELDS,
  ept: EPT_ENTRY_FIELDS,
};

/** A side of a bit table: its column heading and its value as the picture holds it (hex, or the student's text), absent when the side has none. */
export interface BitSide {
  readonly label: string;
  readonly value: string | undefined;
}

/**
 * A fault register bit by bit, the reference's beside the student's, every
 * bit the register defines plus any other bit set on either side.
 */
export function registerTable(bits: ReportedBits): BitTableView {
  const name = REGISTER_NAMES[bits.register];
  const sides = [
    { label: 'reference', value: bits.expected },
    { label: 'yours', value: bits.got },
  ];
  return bitTable(`The ${name}, bit by bit`, REGISTER_FIELDS[bits.register], sides, [0, 1], true);
}

/** Page-table entries side by side, field by field (`compare`: the two sides whose differences are marked, by index; null: none). */
export function entryTable(caption: string, format: EntryFormat, sides: readonly BitSide[], compare: readonly [number, number] | null): BitTableView {
  return bitTable(caption, ENTRY_FIELDS[format], sides, compare, false);
}

/** `undefinedBits`: add a row for each bit set on a side that no field defines (a register's; an entry's other bits are ignored ones). */
function bitTable(caption: string, fields: readonly BitField[], sides: readonly BitSide[], compare: readonly [number, number] | null, undefinedBits: boolean): BitTableView {
  const values = sides.map((side) => parseHex(side.value));
  const known = fields.reduce((all, field) => all | field.mask, 0n);
  const unknown = undefinedBits ? values.reduce((all: bigint, value) => all | ((value ?? 0n) & ~known & ALL_64), 0n) : 0n;
  const extra: BitField[] = [];
  for (let bit = 0n; bit < 64n; bit++) if ((unknown >> bit) & 1n) extra.push(single(1n << bit, 'not defined'));
  const rows = [...fields, ...extra].map((field): BitRowView => {
    const shown = values.map((value) => (value === undefined ? '—' : read(field, value)));
    const differs = compare !== null && values[compare[0]] !== undefined && values[compare[1]] !== undefined && shown[compare[0]] !== shown[compare[1]];
    return { bits: field.bits, name: field.name, values: shown, differs };
  });
  const differing = rows.filter((row) => row.differs);
  return {
    caption,
    sides: sides.map((side) => ({ label: side.label, value: side.value ?? 'none' })),
    rows,
    summary: differing.length === 0 ? '' : `${differing.length === 1 ? '1 field differs' : `${differing.length} fields differ`}: ${differing.map((row) => `bit${row.bits.includes(':') ? 's' : ''} ${row.bits} (${row.name})`).join('; ')}.`,
  };
}

function read(field: BitField, value: bigint): string {
  const part = (value & field.mask) >> field.shift;
  return field.bits.includes(':') ? hex(part) : String(part);
}

/** A hex value as the picture holds it; undefined for none, or for a student's value that is not a hex number. */
export function parseHex(value: string | undefined): bigint | undefined {
  return value !== undefined && /^0x[0-9a-f]{1,16}$/i.test(value) ? BigInt(value) : undefined;
}
