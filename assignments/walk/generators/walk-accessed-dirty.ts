import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { AccessKind } from '../../../reference/paging/rights';
import { ProbeGenerator } from '../../generators/generator';
import { ACCESS_KINDS } from './walk-dimensions';
import { randomAboveMaxPhysicalBit } from './walk-flags';
import { OPEN, PathLayout, randomCanonicalVa, randomFrame } from './walk-layout';
import { checkParamNames } from '../../generators/generator-params';
import { generateFromSpace, listSpace } from './walk-sampling';

/**
 * When the walk sets accessed and dirty bits. 4 KiB, 2 MiB and 1 GiB paths
 * (4-level) × A already set or clear in each entry × D set or clear in the
 * leaf × read, write or fetch × how the walk ends: a translation, a
 * protection fault at the leaf, or an entry not present or with a reserved
 * bit at each level. The rules it exercises: a table entry gets A when the
 * walk goes through it, even if a lower level then faults; the leaf gets A,
 * and D on a write, only when the access is allowed; a bit already set is
 * not written again; D is never set in a table pointer. 1488 cases;
 * count 0 = all.
 */

export type Ending = { readonly kind: 'translation' } | { readonly kind: 'protection' } | { readonly kind: 'not-present' | 'reserved'; readonly level: number };

export interface AccessedDirtyCase {
  readonly leafLevel: 1 | 2 | 3;
  /** A already set in the entry at each level (index = level). */
  readonly accessed: readonly boolean[];
  readonly dirty: boolean;
  readonly kind: AccessKind;
  readonly ending: Ending;
}

const LEVELS = 4;

function endingsOf(leafLevel: number): Ending[] {
  const endings: Ending[] = [{ kind: 'translation' }, { kind: 'protection' }];
  for (let level = LEVELS; level >= leafLevel; level--) endings.push({ kind: 'not-present', level }, { kind: 'reserved', level });
  return endings;
}

function accessedDirtyCases(): AccessedDirtyCase[] {
  const cases: AccessedDirtyCase[] = [];
  for (const leafLevel of [1, 2, 3] as const) {
    const entries = LEVELS - leafLevel + 1;
    for (let mask = 0; mask < 1 << entries; mask++) {
      const accessed = Array.from({ length: LEVELS + 1 }, (_, level) => level >= leafLevel && (mask & (1 << (level - leafLevel))) !== 0);
      for (const dirty of [false, true]) {
        for (const kind of ACCESS_KINDS) for (const ending of endingsOf(leafLevel)) cases.push({ leafLevel, accessed, dirty, kind, ending });
      }
    }
  }
  return cases;
}

/** Every case, in generation order (count 0 yields one probe per case, in this order). */
export const ACCESSED_DIRTY_CASES = listSpace(accessedDirtyCases());

export const accessedDirtyGenerator: ProbeGenerator = {
  name: 'walker-accessed-dirty',
  description: `A/D timing: A and D already set or not, on 4 KiB/2 MiB/1 GiB paths, with every way a walk ends (${ACCESSED_DIRTY_CASES.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, []);
    return generateFromSpace(ACCESSED_DIRTY_CASES, seed, count, ({ leafLevel, accessed, dirty, kind, ending }, random) => {
      const layout = PathLayout.random(random, LEVELS, randomCanonicalVa(random, LEVELS));
      const entries = layout.pathEntries(
        leafLevel,
        randomFrame(random, leafLevel),
        (level) => OPEN | (accessed[level] ? PTE_A : 0n) | (level === leafLevel && dirty ? PTE_D : 0n),
      );
      const update = (level: number, change: (entry: bigint) => bigint) => entries.set(level, change(entries.get(level)!));
      const access = { kind, user: random.chance(0.5) };
      const control = { wp: random.chance(0.5), nxe: true };

      switch (ending.kind) {
        case 'protection': {
          // Take away, at one level of the path, the right this access needs.
          const level = random.int(leafLevel, LEVELS);
          if (kind === 'read') {
            access.user = true;
            update(level, (entry) => entry & ~PTE_US);
          } else if (kind === 'write') {
            control.wp = true;
            update(level, (entry) => entry & ~PTE_RW);
          } else {
            update(level, (entry) => entry | PTE_NX);
          }
          break;
        }
        case 'not-present':
          update(ending.level, (entry) => entry & ~PTE_P);
          break;
        case 'reserved':
          update(ending.level, (entry) => entry | randomAboveMaxPhysicalBit(random));
          break;
        case 'translation':
          break;
      }
      return layout.probe(entries, access, control);
    });
  },
};
