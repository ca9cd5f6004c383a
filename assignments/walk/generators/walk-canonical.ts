import { PTE_A, PTE_D } from '../../../reference/paging/constants';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { randomAccess } from './walk-dimensions';
import { OPEN, PathLayout, addressBits, randomBits, randomCanonicalVa, randomFrame, signExtend } from './walk-layout';
import { checkParamNames } from '../../generators/generator-params';
import { booleanParam } from './walk-params';
import { generateFromSpace, listSpace } from './walk-sampling';

/**
 * Canonical and non-canonical addresses under 4-level (48-bit) and 5-level
 * (57-bit) paging: the edges of both halves, random addresses in each, and
 * addresses broken by one bit above the top translated bit. Every address's
 * path is mapped (its index bits lead to a valid 4 KiB page), so a walker that
 * skips the canonical check translates what it should have refused with #GP.
 * Bit 48 alone is canonical only with 5 levels. 12 shapes × 2 depths = 24
 * cases; count 0 = all. `presetAccessedDirty` (true): every entry already has
 * A and D, so only the canonical rule and the walk itself decide.
 */

const PAGE = 4096n;
const ALL_ONES = (1n << 64n) - 1n;

/** An address of the shape; `bits` is the translated width (48 or 57). */
type Shape = (random: Random, bits: bigint, levels: 4 | 5) => bigint;

const offset = (random: Random) => randomBits(random, 12n);
/** A bit from `bits` to 63: one the canonical rule constrains. */
const bitAbove = (random: Random, bits: bigint) => 1n << BigInt(random.int(Number(bits), 63));

const SHAPES: Readonly<Record<string, Shape>> = {
  'first page': (random) => offset(random),
  'top page of the lower half': (random, bits) => (1n << (bits - 1n)) - PAGE + offset(random),
  'bottom page of the upper half': (random, bits) => signExtend(1n << (bits - 1n), bits) + offset(random),
  'top page of the upper half': (random) => ALL_ONES - PAGE + 1n + offset(random),
  'random lower half': (random, _bits, levels) => randomCanonicalVa(random, levels, 'lower'),
  'random upper half': (random, _bits, levels) => randomCanonicalVa(random, levels, 'upper'),
  'just above the lower half': (random, bits) => (1n << (bits - 1n)) + offset(random),
  'just below the upper half': (random, bits) => signExtend(1n << (bits - 1n), bits) - PAGE + offset(random),
  'lower half with a high bit set': (random, bits, levels) => randomCanonicalVa(random, levels, 'lower') | bitAbove(random, bits),
  'upper half with a high bit clear': (random, bits, levels) => randomCanonicalVa(random, levels, 'upper') & ~bitAbove(random, bits),
  'bit 63 alone': (random, bits) => (1n << 63n) | randomBits(random, bits - 1n),
  'bit 48 (canonical only with 5 levels)': (random) => (1n << 48n) | randomBits(random, 47n),
};

/** Every case, in generation order (count 0 yields one probe per case, in this order). */
export const CANONICAL_CASES = listSpace(([4, 5] as const).flatMap((levels) => Object.entries(SHAPES).map(([name, address]) => ({ levels, name, address }))));

export const canonicalGenerator: ProbeGenerator = {
  name: 'walker-canonical',
  description: `canonical and non-canonical addresses at the edges of both halves, 4- and 5-level paging (${CANONICAL_CASES.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, ['presetAccessedDirty']);
    const preset = booleanParam(params, 'presetAccessedDirty', false);
    return generateFromSpace(CANONICAL_CASES, seed, count, ({ levels, address }, random) => {
      const layout = PathLayout.random(random, levels, address(random, addressBits(levels), levels));
      const entries = layout.pathEntries(1, randomFrame(random, 1), () => OPEN | (preset ? PTE_A | PTE_D : random.chance(0.5) ? PTE_A : 0n));
      return layout.probe(entries, randomAccess(random, ['read', 'write']), { wp: true, nxe: true });
    });
  },
};
