import { PTE_A, PTE_D } from '../../../reference/paging/constants';
import { levelPageSize } from '../../../reference/paging/geometry';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { randomAccess } from './walk-dimensions';
import { OPEN, PathLayout, randomBits, randomFrame, signExtend } from './walk-layout';
import { checkParamNames } from '../../generators/generator-params';
import { generateFromSpace, listSpace } from './walk-sampling';

/**
 * Virtual addresses a JavaScript number cannot hold exactly: every integer
 * below 2^53 is a double, but above it the spacing is 2, 4, ... 2048 bytes
 * (in the upper half), so `Number(va)` rounds, and the last byte of a page
 * rounds up into the next page. Each case maps one page (4 KiB, 2 MiB or
 * 1 GiB) at an address in one band at or above 2^53, and accesses its first
 * byte, its last byte or an odd offset in it:
 *   5-level, lower half, 2^53 <= va < 2^54 (bit 53 the top bit);
 *   5-level, lower half, 2^55 <= va < 2^56 (the top of the lower half);
 *   5-level, upper half; 4-level, upper half.
 * Every entry is open (P RW US, no NX), so each case is a translation: only
 * the indices, the entry addresses and the offset decide the result.
 * 4 bands x 3 page sizes x 3 offsets = 36 cases; `count` 0 takes all of them.
 */

export type WideBand = 'lower-2^53' | 'lower-top' | 'upper';
export type WideOffset = 'first-byte' | 'last-byte' | 'odd';

export interface WideAddressCase {
  readonly levels: 4 | 5;
  readonly band: WideBand;
  readonly leafLevel: 1 | 2 | 3;
  readonly offset: WideOffset;
}

const BANDS: readonly { readonly levels: 4 | 5; readonly band: WideBand }[] = [
  { levels: 5, band: 'lower-2^53' },
  { levels: 5, band: 'lower-top' },
  { levels: 5, band: 'upper' },
  { levels: 4, band: 'upper' },
];
const OFFSETS: readonly WideOffset[] = ['first-byte', 'last-byte', 'odd'];

/** Every case, in generation order. */
export const WIDE_ADDRESS_CASES = listSpace(
  BANDS.flatMap(({ levels, band }) =>
    ([1, 2, 3] as const).flatMap((leafLevel) => OFFSETS.map((offset): WideAddressCase => ({ levels, band, leafLevel, offset }))),
  ),
);

/** A random address in the band (any alignment). */
function bandAddress(random: Random, levels: 4 | 5, band: WideBand): bigint {
  switch (band) {
    case 'lower-2^53':
      return (1n << 53n) | randomBits(random, 53n);
    case 'lower-top':
      return (1n << 55n) | randomBits(random, 55n);
    case 'upper': {
      const width = levels === 4 ? 48n : 57n;
      return signExtend((1n << (width - 1n)) | randomBits(random, width - 1n), width);
    }
  }
}

function offsetIn(random: Random, size: bigint, offset: WideOffset): bigint {
  switch (offset) {
    case 'first-byte':
      return 0n;
    case 'last-byte':
      return size - 1n;
    case 'odd':
      return (randomBits(random, 30n) & (size - 1n)) | 1n;
  }
}

export const wideAddressesGenerator: ProbeGenerator = {
  name: 'walker-wide-addresses',
  description: `translations at virtual addresses of 2^53 and above (5-level lower half, both upper halves): first byte, last byte, odd offset of 4 KiB, 2 MiB and 1 GiB pages (${WIDE_ADDRESS_CASES.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, []);
    return generateFromSpace(WIDE_ADDRESS_CASES, seed, count, ({ levels, band, leafLevel, offset }, random) => {
      const size = levelPageSize(leafLevel);
      const va = (bandAddress(random, levels, band) & ~(size - 1n)) | offsetIn(random, size, offset);
      const layout = PathLayout.random(random, levels, va);
      const leafFlags = OPEN | (random.chance(0.5) ? PTE_A | PTE_D : 0n);
      const tableFlags = OPEN | (random.chance(0.5) ? PTE_A : 0n);
      const entries = layout.pathEntries(leafLevel, randomFrame(random, leafLevel), (level) => (level === leafLevel ? leafFlags : tableFlags));
      return layout.probe(entries, randomAccess(random), { wp: random.chance(0.5), nxe: random.chance(0.5) });
    });
  },
};
