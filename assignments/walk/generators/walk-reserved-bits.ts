import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_US } from '../../../reference/paging/constants';
import { ProbeAccess } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { randomAccess } from './walk-dimensions';
import { randomAboveMaxPhysicalBit } from './walk-flags';
import { OPEN, PathLayout, randomBits, randomCanonicalVa, randomFrame } from './walk-layout';
import { checkParamNames, choiceParam } from '../../generators/generator-params';
import { booleanParam, depthsParam } from './walk-params';
import { generateFromSpace, listSpace } from './walk-sampling';

/**
 * Reserved bits, one entry at a time, at every level of 4 KiB, 2 MiB and
 * 1 GiB paths under 4- and 5-level paging. What must fault: a bit from
 * MAXPHYADDR (46) to 51, NX (bit 63) with EFER.NXE clear, PS in a PML4E or
 * PML5E. What must not: bit 45 (a real address bit), the bits the hardware
 * ignores (software bits 9-11 and 52-58, protection keys 59-62 without
 * CR4.PKE, G and D in a table pointer), NX with NXE set, bit 7 of a PTE
 * (PAT), and anything in an entry that is not present. Order: a reserved bit
 * beats a rights violation, and the highest bad level wins. 173 cases;
 * count 0 = all.
 *
 * Params narrow the cases, for a test aimed at one rule: `variants` (a list
 * of the variant names below), `levels` (a list of 4 and 5), and
 * `presetAccessedDirty` (true: every entry already has A and D, so no A/D
 * write is due and only the reserved-bit rules decide).
 */

export type ReservedBitVariant =
  | 'above-max-physical'
  | 'nx-without-nxe'
  | 'nx-with-nxe'
  | 'ignored-bits'
  | 'high-address'
  | 'ps'
  | 'not-present-with-reserved'
  | 'reserved-beats-protection'
  | 'upper-level-wins';

const EVERY_LEVEL: readonly ReservedBitVariant[] = [
  'above-max-physical',
  'nx-without-nxe',
  'nx-with-nxe',
  'ignored-bits',
  'high-address',
  'not-present-with-reserved',
  'reserved-beats-protection',
];

export interface ReservedBitCase {
  readonly levels: 4 | 5;
  readonly leafLevel: 1 | 2 | 3;
  /** The entry the variant is applied to. */
  readonly level: number;
  readonly variant: ReservedBitVariant;
}

function reservedCases(): ReservedBitCase[] {
  const cases: ReservedBitCase[] = [];
  for (const levels of [4, 5] as const) {
    for (const leafLevel of [1, 2, 3] as const) {
      for (let level: number = levels; level >= leafLevel; level--) {
        const variants = [...EVERY_LEVEL];
        // PS is the page-size bit at levels 2 and 3 (the large-pages generator's business), PAT at level 1.
        if (level >= 4 || level === 1) variants.push('ps');
        if (level > leafLevel) variants.push('upper-level-wins');
        for (const variant of variants) cases.push({ levels, leafLevel, level, variant });
      }
    }
  }
  return cases;
}

const RESERVED_BIT_CASES_LIST = reservedCases();
/** Every case, in generation order (count 0 yields one probe per case, in this order). */
export const RESERVED_BIT_CASES = listSpace(RESERVED_BIT_CASES_LIST);
const ALL_VARIANTS: readonly ReservedBitVariant[] = [...new Set(RESERVED_BIT_CASES_LIST.map((item) => item.variant))];

const HIGH_ADDRESS_BIT = 1n << 45n;
/** Bits 9-11 and 52-62: available to software, or protection keys (ignored without CR4.PKE). */
const IGNORED_EVERYWHERE = (0x7n << 9n) | (((1n << 11n) - 1n) << 52n);
/** D (6) and G (8) mean nothing in an entry that points to a table. */
const IGNORED_IN_TABLE_POINTERS = (1n << 6n) | (1n << 8n);

/** A random non-empty subset of `mask`'s bits. */
function someBitsOf(random: Random, mask: bigint): bigint {
  let bits = 0n;
  while (bits === 0n) bits = randomBits(random, 64n) & mask;
  return bits;
}

export const reservedBitsGenerator: ProbeGenerator = {
  name: 'walker-reserved-bits',
  description: `reserved and ignored entry bits at every level of 4 KiB, 2 MiB and 1 GiB paths, 4- and 5-level (${RESERVED_BIT_CASES.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, ['variants', 'levels', 'presetAccessedDirty']);
    const variants = choiceParam(params, 'variants', ALL_VARIANTS);
    const depths = depthsParam(params);
    const preset = booleanParam(params, 'presetAccessedDirty', false);
    const space = listSpace(RESERVED_BIT_CASES_LIST.filter((item) => variants.includes(item.variant) && depths.includes(item.levels)));
    return generateFromSpace(space, seed, count, ({ levels, leafLevel, level, variant }, random) => {
      let layout = PathLayout.random(random, levels, randomCanonicalVa(random, levels));
      let frame = randomFrame(random, leafLevel);
      if (variant === 'high-address') {
        if (level === leafLevel) frame |= HIGH_ADDRESS_BIT;
        else layout = layout.withTable(level - 1, layout.table(level - 1) | HIGH_ADDRESS_BIT);
      }
      const entries = layout.pathEntries(leafLevel, frame, () => (preset ? OPEN | PTE_A | PTE_D : OPEN));
      const set = (at: number, bits: bigint) => entries.set(at, entries.get(at)! | bits);
      let access: ProbeAccess = randomAccess(random);
      const control = { wp: random.chance(0.5), nxe: true };

      switch (variant) {
        case 'above-max-physical':
          set(level, randomAboveMaxPhysicalBit(random));
          break;
        case 'nx-without-nxe':
          set(level, PTE_NX);
          control.nxe = false;
          break;
        case 'nx-with-nxe':
          set(level, PTE_NX);
          break;
        case 'ignored-bits':
          set(level, someBitsOf(random, IGNORED_EVERYWHERE | (level > leafLevel ? IGNORED_IN_TABLE_POINTERS : 0n)));
          break;
        case 'ps':
          set(level, PTE_PS);
          break;
        case 'not-present-with-reserved':
          entries.set(level, (entries.get(level)! & ~PTE_P) | randomAboveMaxPhysicalBit(random) | PTE_NX | (level >= 4 ? PTE_PS : 0n));
          control.nxe = false;
          break;
        case 'reserved-beats-protection':
          set(level, randomAboveMaxPhysicalBit(random));
          entries.set(levels, entries.get(levels)! & ~PTE_US);
          access = { kind: random.pick(['read', 'write', 'fetch'] as const), user: true };
          break;
        case 'upper-level-wins':
          set(level, randomAboveMaxPhysicalBit(random));
          set(leafLevel, randomAboveMaxPhysicalBit(random));
          break;
        case 'high-address':
          break;
      }
      return layout.probe(entries, access, control);
    });
  },
};

