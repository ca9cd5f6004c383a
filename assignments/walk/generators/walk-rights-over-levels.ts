import { PTE_A, PTE_D, PTE_P } from '../../../reference/paging/constants';
import { ProbeGenerator } from '../../generators/generator';
import { ACCESSES_UNDER_WP, subsets } from './walk-dimensions';
import { Flag, flagBits } from './walk-flags';
import { PathLayout, randomCanonicalVa, randomFrame } from './walk-layout';
import { checkParamNames } from '../../generators/generator-params';
import { generateFromSpace, listSpace, productSpace } from './walk-sampling';

/**
 * Rights combine over every level: RW and US are ANDed, NX is ORed. Each of
 * the four entries of a 4 KiB path gets any subset of RW, US and NX
 * (8^4 = 4096 combinations) × access × CR0.WP, with EFER.NXE set: 49,152
 * cases; count 0 = all. Every entry is present with A set and the PTE is
 * dirty, so nothing but the rights decides the outcome.
 */
const RIGHTS_SUBSETS = subsets<Flag>(['RW', 'US', 'NX']);

/** Rights flags of the PML4E, PDPTE, PDE and PTE, in that order. */
const RIGHTS_BY_LEVEL = listSpace(
  RIGHTS_SUBSETS.flatMap((pml4e) => RIGHTS_SUBSETS.flatMap((pdpte) => RIGHTS_SUBSETS.flatMap((pde) => RIGHTS_SUBSETS.map((pte) => [pml4e, pdpte, pde, pte])))),
);

const SPACE = productSpace(RIGHTS_BY_LEVEL, listSpace(ACCESSES_UNDER_WP), (rights, accessUnderControl) => ({ rights, ...accessUnderControl }));

export const rightsOverLevelsGenerator: ProbeGenerator = {
  name: 'walker-rights-over-levels',
  description: `RW, US and NX at each of the four levels × access × CR0.WP, NXE on (${SPACE.size} cases; count 0 = all)`,
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, []);
    return generateFromSpace(SPACE, seed, count, ({ rights, access, control }, random) => {
      const layout = PathLayout.random(random, 4, randomCanonicalVa(random, 4));
      const entries = layout.pathEntries(1, randomFrame(random, 1), (level) => PTE_P | PTE_A | flagBits(rights[4 - level]) | (level === 1 ? PTE_D : 0n));
      return layout.probe(entries, access, control);
    });
  },
};
