import { PTE_A, PTE_D, PTE_LARGE_PAT, PTE_NX, PTE_PS, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { levelShift } from '../../../reference/paging/geometry';
import { ProbeAccess } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { PagingControlBits, randomAccess } from './walk-dimensions';
import { randomAboveMaxPhysicalBit } from './walk-flags';
import { OPEN, PathLayout, randomCanonicalVa, randomFrame } from './walk-layout';
import { checkParamNames } from '../../generators/generator-params';
import { generateFromSpace, listSpace } from './walk-sampling';

/**
 * 2 MiB and 1 GiB leaves (PS in a PDE or a PDPTE), under 4- and 5-level
 * paging: the translation keeps the offset bits below the page size; bit 12
 * of a large leaf is PAT, not an address bit; the other address bits below
 * the page size are reserved (one case per bit: 13..20 for 2 MiB, 13..29 for
 * 1 GiB); D lives in the large leaf; its rights decide like a PTE's. Plus
 * bit 7 of a 4 KiB PTE, which is PAT there, not PS. Every case of the list
 * (84 of them) is generated with count 0; the seed picks addresses, frames,
 * offsets and the access.
 */

export type LargePageVariant =
  | { readonly kind: 'translate' } // a permitted access
  | { readonly kind: 'pat' } // PAT set: bit 12 of a large leaf, bit 7 of a PTE
  | { readonly kind: 'high-frame' } // a frame using address bit 45
  | { readonly kind: 'low-address-bit'; readonly bit: number } // reserved: below the page size
  | { readonly kind: 'above-max-physical' } // reserved: bits 46..51
  | { readonly kind: 'clean-write' } // A and D clear in every entry; a write sets A|D in the leaf
  | { readonly kind: 'user-denied' }
  | { readonly kind: 'read-only' }
  | { readonly kind: 'no-execute' };

export interface LargePageCase {
  readonly levels: 4 | 5;
  readonly leafLevel: 1 | 2 | 3;
  readonly variant: LargePageVariant;
}

const SHARED_VARIANTS: readonly LargePageVariant[] = [
  { kind: 'translate' },
  { kind: 'pat' },
  { kind: 'high-frame' },
  { kind: 'above-max-physical' },
  { kind: 'clean-write' },
  { kind: 'user-denied' },
  { kind: 'read-only' },
  { kind: 'no-execute' },
];

function variantsOf(leafLevel: 2 | 3): LargePageVariant[] {
  const lowBits = Array.from({ length: Number(levelShift(leafLevel)) - 13 }, (_, i): LargePageVariant => ({ kind: 'low-address-bit', bit: 13 + i }));
  return [...SHARED_VARIANTS, ...lowBits];
}

/** Every case, in generation order (count 0 yields one probe per case, in this order). */
export const LARGE_PAGE_CASES = listSpace(
  ([4, 5] as const).flatMap((levels): LargePageCase[] => [
    ...([2, 3] as const).flatMap((leafLevel) => variantsOf(leafLevel).map((variant) => ({ levels, leafLevel, variant }))),
    { levels, leafLevel: 1, variant: { kind: 'pat' } },
  ]),
);

const LEAF_FLAGS = OPEN | PTE_A | PTE_D;
const OFFSET_BIT_12 = 1n << 12n;

/** What the variant does to the leaf entry, the access and the controls. */
function shape(variant: LargePageVariant, leafLevel: number, random: Random): { leafFlags: bigint; tableFlags: bigint; access: ProbeAccess; control: PagingControlBits } {
  let leafFlags = LEAF_FLAGS;
  let tableFlags = OPEN | (random.chance(0.5) ? PTE_A : 0n);
  let access: ProbeAccess = randomAccess(random);
  const control = { wp: random.chance(0.5), nxe: random.chance(0.5) };
  switch (variant.kind) {
    case 'pat':
      leafFlags |= leafLevel === 1 ? PTE_PS : PTE_LARGE_PAT;
      break;
    case 'low-address-bit':
      leafFlags |= 1n << BigInt(variant.bit);
      break;
    case 'above-max-physical':
      leafFlags |= randomAboveMaxPhysicalBit(random);
      break;
    case 'clean-write':
      leafFlags = OPEN;
      tableFlags = OPEN;
      access = { kind: 'write', user: random.chance(0.5) };
      break;
    case 'user-denied':
      leafFlags &= ~PTE_US;
      access = { kind: random.pick(['read', 'write', 'fetch'] as const), user: true };
      break;
    case 'read-only':
      leafFlags &= ~PTE_RW;
      access = { kind: 'write', user: random.chance(0.5) };
      control.wp = true;
      break;
    case 'no-execute':
      leafFlags |= PTE_NX;
      access = { kind: 'fetch', user: random.chance(0.5) };
      control.nxe = true;
      break;
    case 'translate':
    case 'high-frame':
      break;
  }
  return { leafFlags, tableFlags, access, control };
}

export const largePagesGenerator: ProbeGenerator = {
  name: 'walker-large-pages',
  description: `2 MiB and 1 GiB leaves under 4- and 5-level paging: offsets, PAT, reserved low address bits, D in the large leaf, rights (${LARGE_PAGE_CASES.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, []);
    return generateFromSpace(LARGE_PAGE_CASES, seed, count, ({ levels, leafLevel, variant }, random) => {
      let va = randomCanonicalVa(random, levels);
      // With offset bit 12 clear, a walker that keeps PAT as an address bit gets a visibly wrong address.
      if (variant.kind === 'pat') va &= ~OFFSET_BIT_12;
      const layout = PathLayout.random(random, levels, va);
      let frame = randomFrame(random, leafLevel);
      if (variant.kind === 'high-frame') frame |= 1n << 45n;
      const { leafFlags, tableFlags, access, control } = shape(variant, leafLevel, random);
      const entries = layout.pathEntries(leafLevel, frame, (level) => (level === leafLevel ? leafFlags : tableFlags));
      return layout.probe(entries, access, control);
    });
  },
};
