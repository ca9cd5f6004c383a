import { ImageMemory } from '../../../observe/memory-image';
import { PTE_A, PTE_D, PTE_G, PTE_NX, PTE_P, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { geometryForLevels, levelPageSize } from '../../../reference/paging/geometry';
import { PageTableBuilder } from '../../../reference/paging/table-builder';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { randomAccess } from './walk-dimensions';
import { OPEN, isCanonical, randomBits, randomCanonicalVa, randomFrame, randomPhysicalAddress, walkProbe } from './walk-layout';
import { checkParamNames, fractionParam, integerParam, levelsParam, requirePositiveCount } from '../../generators/generator-params';
import { caseRandom } from './walk-sampling';

/**
 * Random well-formed address spaces, one per case: a few regions of the
 * address space, each holding a handful of 4 KiB, 2 MiB and 1 GiB pages with
 * random rights and A/D bits (tables shared between the pages of a region),
 * and one access: to a mapped page (a fraction `hitRate` of the cases), near
 * one, or anywhere. Mostly translations, with every kind of fault mixed in.
 *
 * params: `levels` 4 (default) or 5; `pages` mapped per space (default 8,
 * 1..64); `hitRate` (default 0.75). There is no finite list of cases, so
 * `count` must be at least 1.
 */

interface Mapping {
  readonly va: bigint;
  readonly size: bigint;
}

const GIB = 1n << 30n;
const REGION = 16n * GIB;

/** 4 KiB pages most often, as in real address spaces. */
function randomLeafLevel(random: Random): 1 | 2 | 3 {
  return random.weighted<1 | 2 | 3>([
    [1, 0.6],
    [2, 0.25],
    [3, 0.15],
  ]);
}

/** Leaf flags: usually present; each right and A/D bit drawn on its own. */
function randomLeafFlags(random: Random): bigint {
  let flags = random.chance(0.95) ? PTE_P : 0n;
  if (random.chance(0.7)) flags |= PTE_RW;
  if (random.chance(0.8)) flags |= PTE_US;
  if (random.chance(0.3)) flags |= PTE_NX;
  if (random.chance(0.1)) flags |= PTE_G;
  if (random.chance(0.5)) flags |= PTE_A | (random.chance(0.6) ? PTE_D : 0n);
  return flags;
}

/** Flags of the table pointers a mapping creates: mostly open, sometimes restricting, A set half the time. */
function randomTableFlags(random: Random): bigint {
  const restriction = random.weighted<bigint>([
    [0n, 0.9],
    [PTE_US, 0.05],
    [PTE_RW, 0.05],
  ]);
  return (OPEN & ~restriction) | (random.chance(0.05) ? PTE_NX : 0n) | (random.chance(0.5) ? PTE_A : 0n);
}

function overlaps(a: Mapping, b: Mapping): boolean {
  return a.va < b.va + b.size && b.va < a.va + a.size;
}

function randomSpaceProbe(random: Random, levels: 4 | 5, pages: number, hitRate: number) {
  const memory = new ImageMemory();
  const usedTables = new Set<bigint>();
  const allocateTable = () => {
    for (;;) {
      const table = randomPhysicalAddress(random);
      if (!usedTables.has(table)) {
        usedTables.add(table);
        return table;
      }
    }
  };
  const builder = new PageTableBuilder(memory, 'x86', geometryForLevels(levels), allocateTable);

  // Regions of 16 GiB, aligned so that all of one lies in one half of the address space; the pages of a region share their upper tables.
  const regions = Array.from({ length: random.int(1, 3) }, () => randomCanonicalVa(random, levels) & ~(REGION - 1n));
  const mappings: Mapping[] = [];
  for (let attempt = 0; mappings.length < pages && attempt < pages * 4; attempt++) {
    const leafLevel = randomLeafLevel(random);
    const size = levelPageSize(leafLevel);
    const region = random.pick(regions);
    // 1 GiB pages go next to the region; smaller ones inside its first 8 MiB (4 KiB) or anywhere in it (2 MiB).
    const va = leafLevel === 3 ? region + GIB * BigInt(random.int(1, 8)) : region + (randomBits(random, leafLevel === 1 ? 23n : 30n) & ~(size - 1n));
    const mapping = { va, size };
    if (mappings.some((other) => overlaps(mapping, other))) continue;
    builder.map(va, randomFrame(random, leafLevel), { pageSize: size, flags: randomLeafFlags(random), tableFlags: randomTableFlags(random) });
    mappings.push(mapping);
  }

  let va: bigint;
  if (random.chance(hitRate)) {
    const page = random.pick(mappings);
    va = page.va + (randomBits(random, 30n) % page.size);
  } else if (random.chance(0.5)) {
    // Near a page: another 4 KiB page of the same region, mapped or not (at the very edge of a half, the page itself).
    const page = random.pick(mappings).va + randomBits(random, 12n);
    const near = page + 4096n * BigInt(random.int(-64, 64));
    va = near >= 0n && isCanonical(near, levels) ? near : page;
  } else {
    va = randomCanonicalVa(random, levels);
  }
  const access = randomAccess(random);
  const control = { wp: random.chance(0.5), nxe: random.chance(0.85), levels };
  return walkProbe(memory, builder.root, va, access, control);
}

export const randomSpacesGenerator: ProbeGenerator = {
  name: 'walker-random-spaces',
  description: 'random address spaces of 4 KiB, 2 MiB and 1 GiB pages with random rights and A/D bits, and one access each; params levels, pages, hitRate',
  component: 'walker',
  generate({ seed, count, params }) {
    checkParamNames(params, ['levels', 'pages', 'hitRate']);
    const levels = levelsParam(params, 4);
    const pages = integerParam(params, 'pages', 8, 1, 64);
    const hitRate = fractionParam(params, 'hitRate', 0.75);
    requirePositiveCount(count);
    return Array.from({ length: count }, (_, index) => randomSpaceProbe(caseRandom(seed, index), levels, pages, hitRate));
  },
};
