import { AccessKind } from '../../../reference/paging/rights';
import { GIB_1, KIB_4, MIB_2, PAGE_SIZES } from './nested-two-d-image';
import { Scene } from './nested-scene';
import { Situation, readParams, situationGenerator } from './nested-situations';

/** Guest levels and page size, nested levels and page size: one shape of the 2D grid. */
export interface LevelMix {
  readonly guestLevels: 4 | 5;
  readonly guestPageSize: bigint;
  readonly nestedLevels: 4 | 5;
  readonly hostPageSize: bigint;
}

const mix = (guestLevels: 4 | 5, guestPageSize: bigint, nestedLevels: 4 | 5, hostPageSize: bigint): LevelMix => ({ guestLevels, guestPageSize, nestedLevels, hostPageSize });

/** The mixes docs/x86-paging-rules.md counts (4x4 24, 4x3 19, 4x2 14, 3x4 19, 3x3 15, 5x4 and 4x5 29, 5x5 35), first, so a small count covers them. */
const DOMAIN_MIXES: readonly LevelMix[] = [
  mix(4, KIB_4, 4, KIB_4),
  mix(4, KIB_4, 4, MIB_2),
  mix(4, KIB_4, 4, GIB_1),
  mix(4, MIB_2, 4, KIB_4),
  mix(4, MIB_2, 4, MIB_2),
  mix(5, KIB_4, 4, KIB_4),
  mix(4, KIB_4, 5, KIB_4),
  mix(5, KIB_4, 5, KIB_4),
];

/** Every mix: 2 guest depths × 3 guest page sizes × 2 nested depths × 3 nested page sizes = 36, the ones docs/x86-paging-rules.md counts first. */
export const LEVEL_MIXES: readonly LevelMix[] = [
  ...DOMAIN_MIXES,
  ...([4, 5] as const).flatMap((guestLevels) =>
    PAGE_SIZES.flatMap((guestPageSize) =>
      ([4, 5] as const).flatMap((nestedLevels) =>
        PAGE_SIZES.map((hostPageSize) => mix(guestLevels, guestPageSize, nestedLevels, hostPageSize)).filter(
          (candidate) => !DOMAIN_MIXES.some((known) => sameMix(known, candidate)),
        ),
      ),
    ),
  ),
];

function sameMix(a: LevelMix, b: LevelMix): boolean {
  return a.guestLevels === b.guestLevels && a.guestPageSize === b.guestPageSize && a.nestedLevels === b.nestedLevels && a.hostPageSize === b.hostPageSize;
}

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'fetch'];

function levelMixSituation(format: 'ept' | 'npt', levels: LevelMix): Situation {
  return {
    name: `${format} ${levels.guestLevels}-level guest (${levels.guestPageSize} B pages) over ${levels.nestedLevels}-level nested (${levels.hostPageSize} B pages)`,
    build(random) {
      const scene = new Scene(random, {
        setup: {
          format,
          guestLevels: levels.guestLevels,
          nestedLevels: levels.nestedLevels,
          accessedDirty: false,
          tableHostPageSize: levels.hostPageSize,
          dataHostPageSize: levels.hostPageSize,
        },
        guestPageSize: levels.guestPageSize,
        spread: random.chance(0.5),
        distractors: random.int(0, 3),
      });
      return scene.probe(random.pick(ACCESSES), random.chance(0.5));
    },
  };
}

/**
 * Walks that succeed, over every level mix: the order of the references, their
 * number ((n+1)(m+1) - 1 for n guest levels walked over m nested levels), the
 * translation and its page size (the smaller of the two). EPT A/D stays off:
 * these cases are about the shape of the walk.
 */
export const nestedLevelMixGenerator = situationGenerator({
  name: 'nested-level-mix',
  description: 'Successful 2D walks over each of the 36 level mixes (guest 4/5 levels and 4K/2M/1G pages, nested 4/5 levels and 4K/2M/1G pages), the counts of docs/x86-paging-rules.md first. params.format: ept (default) or npt.',
  situations(params) {
    const { format } = readParams(params, { format: { values: ['ept', 'npt'], default: 'ept' } });
    return LEVEL_MIXES.map((levels) => levelMixSituation(format as 'ept' | 'npt', levels));
  },
});
