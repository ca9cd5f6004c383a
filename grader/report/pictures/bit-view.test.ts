import { BitTableView, entryTable, registerTable } from './bit-view';
import { ReportedBits } from './picture-types';

/** Each row as `bits=reference/yours`, `!` where the two differ. */
const rows = (table: BitTableView) => table.rows.map((row) => `${row.bits}=${row.values.join('/')}${row.differs ? '!' : ''}`);

test.each<[string, ReportedBits, string[]]>([
  [
    'an EPT exit qualification: access (0-2), rights (3-5), linear address valid (7) and final translation (8)',
    { register: 'ept-qualification', expected: '0x1aa', got: '0xaa' },
    ['0=0/0', '1=1/1', '2=0/0', '3=1/1', '4=0/0', '5=1/1', '7=1/1', '8=1/0!'],
  ],
  [
    'a #NPF EXITINFO1: the #PF error code, then bit 32 (final translation) or 33 (guest page-table access)',
    { register: 'npt-exitinfo1', expected: '0x100000006', got: '0x200000006' },
    ['0=0/0', '1=1/1', '2=1/1', '3=0/0', '4=0/0', '32=1/0!', '33=0/1!'],
  ],
  ['a #PF error code, with PK (bit 5)', { register: 'pf-error-code', expected: '0x27', got: '0x7' }, ['0=1/1', '1=1/1', '2=1/1', '3=0/0', '4=0/0', '5=1/0!']],
  ['a #PF error code, with a bit no field defines', { register: 'pf-error-code', expected: '0x7', got: '0x45' }, ['0=1/1', '1=1/0!', '2=1/1', '3=0/0', '4=0/0', '5=0/0', '6=0/1!']],
  ['a side with none: nothing to compare', { register: 'pf-error-code', expected: '0x5' }, ['0=1/—', '1=0/—', '2=1/—', '3=0/—', '4=0/—', '5=0/—']],
  ["a student's value that is not a number", { register: 'pf-error-code', expected: '0x4', got: 'four' }, ['0=0/—', '1=0/—', '2=1/—', '3=0/—', '4=0/—', '5=0/—']],
])('%s', (_name, bits, expected) => {
  const table = registerTable(bits);
  expect(rows(table)).toEqual(expected);
  expect(table.sides).toEqual([
    { label: 'reference', value: bits.expected ?? 'none' },
    { label: 'yours', value: bits.got ?? 'none' },
  ]);
});

test('the differing fields are named in a sentence, the meanings taken from the architecture', () => {
  const table = registerTable({ register: 'ept-qualification', expected: '0x1aa', got: '0xaa' });
  expect(table.summary).toBe('1 field differs: bit 8 (set: the final translation; clear: a guest page-table access).');
  expect(table.rows.find((row) => row.bits === '7')?.name).toBe('guest linear address valid');
});

test('entries field by field: x86 flags and the address they point to; EPT rights, memory type and A/D', () => {
  const x86 = entryTable('x86', 'x86', [{ label: 'reference', value: '0x8000000000105027' }, { label: 'yours', value: '0x8000000000105067' }], [0, 1]);
  expect(rows(x86)).toEqual(['0=1/1', '1=1/1', '2=1/1', '3=0/0', '4=0/0', '5=1/1', '6=0/1!', '7=0/0', '8=0/0', '63=1/1', '51:12=0x105000/0x105000']);
  const shadow = entryTable('shadow', 'x86-flags', [{ label: 'guest', value: '0x1027' }, { label: 'reference', value: '0x9025' }, { label: 'yours', value: '0x7027' }], [1, 2]);
  expect(rows(shadow)).toEqual(['0=1/1/1', '1=1/0/1!', '2=1/1/1', '3=0/0/0', '4=0/0/0', '5=1/1/1', '6=0/0/0', '7=0/0/0', '8=0/0/0', '63=0/0/0']);
  const ept = entryTable('ept', 'ept', [{ label: 'reference', value: '0x300337' }, { label: 'yours', value: '0x300137' }], [0, 1]);
  expect(rows(ept)).toEqual(['0=1/1', '1=1/1', '2=1/1', '5:3=0x6/0x6', '6=0/0', '7=0/0', '8=1/1', '9=1/0!', '51:12=0x300000/0x300000', '63=0/0']);
});

test('no comparison asked: nothing marked', () => {
  const table = entryTable('invariant', 'x86-flags', [{ label: 'guest', value: '0x1027' }, { label: 'yours', value: '0x1025' }], null);
  expect(table.rows.some((row) => row.differs)).toBe(false);
  expect(table.summary).toBe('');
});
