import { EXAMINED_ACCESSED, EXAMINED_DIRTY, EXAMINED_LEAF, EXAMINED_PRESENT, EXAMINED_RIGHTS } from './entry-format';
import { eptFormat } from './ept-format';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from './rights';

// EPT entry bits spelled out from SDM 29.3.2.
const R = 0x1n;
const W = 0x2n;
const X = 0x4n;
const WB = 6n << 3n;
const PS = 1n << 7n;
const TABLE = 0x5000n;

describe('eptFormat: misconfigurations (SDM 29.3.3.1)', () => {
  const format = eptFormat({ accessedDirty: false, executeOnly: true });
  const noExecuteOnly = eptFormat({ accessedDirty: false, executeOnly: false });

  // [name, format, entry, level, reason or null]
  const cases: [string, typeof format, bigint, number, string | null][] = [
    ['a table pointer with R|W|X', format, TABLE | R | W | X, 4, null],
    ['a 4 KiB leaf, WB', format, TABLE | R | WB, 1, null],
    ['a 2 MiB leaf, WB', format, 0x20_0000n | R | W | WB | PS, 2, null],
    ['a 1 GiB leaf, WB', format, 0x4000_0000n | R | WB | PS, 3, null],
    ['execute-only, supported', format, TABLE | X | WB, 1, null],
    ['bit 7 of a 4 KiB leaf is ignored', format, TABLE | R | WB | PS, 1, null],
    ['A/D and suppress-#VE are not reserved', format, TABLE | R | WB | (3n << 8n) | (1n << 63n), 1, null],
    ['W without R', format, TABLE | W, 3, 'write without read'],
    ['W|X without R', format, TABLE | W | X | WB, 1, 'write without read'],
    ['execute-only, unsupported', noExecuteOnly, TABLE | X, 2, 'execute-only not supported'],
    ['bit 46 with MAXPHYADDR 46', format, TABLE | R | (1n << 46n), 4, 'physical-address bits above MAXPHYADDR'],
    ['bit 51', format, TABLE | R | WB | (1n << 51n), 1, 'physical-address bits above MAXPHYADDR'],
    ['PS at PML4', format, TABLE | R | PS, 4, 'PS at level 4'],
    ['PS at PML5', format, TABLE | R | PS, 5, 'PS at level 5'],
    ['memory type 2', format, TABLE | R | (2n << 3n), 1, 'reserved memory type 2'],
    ['memory type 3', format, 0x20_0000n | R | (3n << 3n) | PS, 2, 'reserved memory type 3'],
    ['memory type 7', format, 0x4000_0000n | R | (7n << 3n) | PS, 3, 'reserved memory type 7'],
    ['memory type 0 (UC) is valid', format, TABLE | R, 1, null],
    ['bit 3 of a table pointer', format, TABLE | R | (1n << 3n), 3, 'reserved bits 7:3 of a non-leaf entry'],
    ['bit 6 of a table pointer', format, TABLE | R | (1n << 6n), 2, 'reserved bits 7:3 of a non-leaf entry'],
    ['bit 12 of a 2 MiB leaf (EPT has no PAT bit there)', format, 0x20_1000n | R | WB | PS, 2, 'large-page address bits below the page size'],
    ['bit 29 of a 1 GiB leaf', format, 0x2000_0000n | R | WB | PS, 3, 'large-page address bits below the page size'],
  ];
  test.each(cases)('%s', (_name, entryFormat, entry, level, reason) => {
    expect(entryFormat.reservedReason(entry, level)).toBe(reason);
  });
});

describe('eptFormat: structure and rights', () => {
  const format = eptFormat({ accessedDirty: true, executeOnly: true });
  const examined = (entry: bigint, level: number) => {
    const facts = format.examine(entry, level);
    return { present: (facts & EXAMINED_PRESENT) !== 0, leaf: (facts & EXAMINED_LEAF) !== 0, rights: facts & EXAMINED_RIGHTS };
  };

  test('present means any of R/W/X', () => {
    expect([0n, R, W, X, TABLE | WB].map((entry) => examined(entry, 1).present)).toEqual([false, true, true, true, false]);
  });

  test('rights map R/W/X one to one, and every entry grants "user"', () => {
    expect(examined(TABLE | R | X, 4).rights).toBe(RIGHT_READ | RIGHT_EXECUTE | RIGHT_USER);
    expect(examined(TABLE | R | W, 3).rights).toBe(RIGHT_READ | RIGHT_WRITE | RIGHT_USER);
  });

  test('a leaf by level: always at level 1, with PS at levels 2 and 3', () => {
    expect(examined(0x20_0000n | R | WB | PS, 2).leaf).toBe(true);
    expect(examined(0x4000_0000n | R | WB | PS, 3).leaf).toBe(true);
    expect(examined(TABLE | R, 2).leaf).toBe(false);
    expect(examined(TABLE | R | WB, 1).leaf).toBe(true);
  });

  test('A/D bits are bits 8 and 9; without EPTP bit 6 they never need setting', () => {
    expect([format.accessedBit, format.dirtyBit]).toEqual([1n << 8n, 1n << 9n]);
    const clean = TABLE | R | WB;
    expect(format.examine(clean, 1) & (EXAMINED_ACCESSED | EXAMINED_DIRTY)).toBe(0);
    const withoutAd = eptFormat({ accessedDirty: false, executeOnly: true });
    expect(withoutAd.examine(clean, 1) & (EXAMINED_ACCESSED | EXAMINED_DIRTY)).toBe(EXAMINED_ACCESSED | EXAMINED_DIRTY);
  });
});
