import { AccessKind } from '../../../reference/paging/rights';
import { RandomPlacement } from './nested-placement';
import { randomVa } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';
import { KIB_4, PAGE_SIZES, TwoDImage, TwoDPlacement, leafLevelOf } from './nested-two-d-image';

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

/**
 * The random layout, except that the guest's root table is at gPA 0 and the
 * nested table made `zeroTable`-th (0: the nested root; k: the table at depth
 * k on the path of gPA 0, since the guest root's gPA is the first one the
 * nested tables back) is at hPA 0. The first nested walk then reads the entry
 * at hPA 0 in column `zeroTable`.
 */
class AddressZeroPlacement implements TwoDPlacement {
  private nestedMade = 0;
  private guestMade = 0;

  constructor(
    readonly random: RandomPlacement,
    private readonly zeroTable: number,
  ) {}

  nestedTable(): bigint {
    const index = this.nestedMade++;
    return index === this.zeroTable ? 0n : this.random.nestedTable();
  }

  guestTable(): bigint {
    return this.guestMade++ === 0 ? 0n : this.random.guestTable();
  }

  hostPage(gpaBase: bigint, size: bigint): bigint {
    return this.random.hostPage(gpaBase, size);
  }
}

/**
 * Physical address 0 is an address like any other: a nested table at hPA 0
 * (read in nested column `column`), holding the entry for gPA 0, where the
 * guest's root table is. A walker that takes 0 for "no table" or "nothing
 * read yet" goes wrong here.
 */
function tableAtZero(format: 'ept' | 'npt', column: number): Situation {
  return {
    name: `${format}: the nested table of column ${column} at hPA 0, the guest root at gPA 0`,
    build(random) {
      const nestedLevels: 4 | 5 = column === 4 || random.chance(0.5) ? 5 : 4;
      const tableLevel = nestedLevels - column;
      const tableHostPageSize = random.pick(PAGE_SIZES.filter((size) => leafLevelOf(size) <= tableLevel));
      const placement = new RandomPlacement(random, random.chance(0.5));
      const image = new TwoDImage(
        {
          format,
          guestLevels: random.chance(0.25) ? 5 : 4,
          nestedLevels,
          accessedDirty: random.chance(0.5),
          tableHostPageSize,
          dataHostPageSize: random.chance(0.5) ? KIB_4 : random.pick(PAGE_SIZES),
        },
        new AddressZeroPlacement(placement, column),
      );
      const guestPageSize = random.chance(0.5) ? KIB_4 : random.pick(PAGE_SIZES);
      const va = randomVa(random, image.setup.guestLevels);
      image.mapData(va, placement.dataPage(guestPageSize), guestPageSize);
      return image.probe(va, { kind: random.pick(ACCESSES), user: random.chance(0.5) });
    },
  };
}

const SITUATIONS: readonly Situation[] = [0, 1, 2, 3, 4].flatMap((column) => [tableAtZero('ept', column), tableAtZero('npt', column)]);

/**
 * Tables at physical address 0 in both dimensions: the guest root at gPA 0,
 * and a nested table at hPA 0 in each column of the grid in turn (column 4
 * with 5-level nested tables), under EPT and NPT.
 */
export const nestedAddressZeroGenerator = situationGenerator({
  name: 'nested-address-zero',
  description:
    'Tables at physical address 0: the guest root at gPA 0 and a nested table at hPA 0 in each nested column in turn (0 to 4), under EPT and NPT; otherwise random shapes and accesses. No params.',
  situations(params) {
    readParams(params, {});
    return SITUATIONS;
  },
});
