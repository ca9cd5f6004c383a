import { levelPageSize } from '../../../reference/paging/geometry';
import { Random } from '../../../reference/scenario/random';
import { PAGE_SIZE_LEVELS, PageSizeName } from '../../../reference/scenario/types';

/** A TLB's size and associativity, as a probe gives it. */
export interface TlbGeometry {
  readonly entries: number;
  readonly ways: number;
}

/**
 * The geometries the generators draw from: small, so a handful of fills
 * conflicts, with sets ≠ ways in most (a set index taken modulo the ways
 * shows), a fully associative one (one set), a direct-mapped one (one way),
 * and the machine's default.
 */
export const GEOMETRIES: readonly TlbGeometry[] = [
  { entries: 8, ways: 2 },
  { entries: 16, ways: 2 },
  { entries: 32, ways: 4 },
  { entries: 64, ways: 4 },
  { entries: 4, ways: 4 },
  { entries: 8, ways: 1 },
  { entries: 64, ways: 8 },
];

/** The geometries with at least two ways and two sets: the ones where set conflicts and LRU order both show. */
export const SET_ASSOCIATIVE: readonly TlbGeometry[] = GEOMETRIES.filter((geometry) => geometry.ways >= 2 && geometry.entries / geometry.ways >= 2);

export const PAGE_BYTES: Readonly<Record<PageSizeName, bigint>> = Object.freeze({
  '4K': levelPageSize(PAGE_SIZE_LEVELS['4K']),
  '2M': levelPageSize(PAGE_SIZE_LEVELS['2M']),
  '1G': levelPageSize(PAGE_SIZE_LEVELS['1G']),
});

/** 4 GiB: page numbers computed with 32-bit arithmetic alias pages this far apart. */
export const ALIAS_DISTANCE = 1n << 32n;

/**
 * Where a script puts its pages: one area per page size in each region, and
 * one for 4 KiB pieces of large pages, so that no two cached entries of different sizes ever
 * cover one address (the architecture leaves the choice between them to the
 * processor, SDM 4.10.2.3, so no test asks). Each area starts on a multiple
 * of sets × its page size, so the k-th page of set s is easy to name; the
 * seed shifts each area by a few such strides.
 */
export class TlbLayout {
  readonly sets: number;
  private readonly areas: ReadonlyMap<string, bigint>;

  constructor(
    readonly geometry: TlbGeometry,
    random: Random,
  ) {
    this.sets = geometry.entries / geometry.ways;
    const shift = (size: PageSizeName) => BigInt(random.int(0, 15)) * BigInt(this.sets) * PAGE_BYTES[size];
    this.areas = new Map([
      [areaKey('4K', 'user'), 0x1000_0000n + shift('4K')],
      [areaKey('2M', 'user'), 0x10_0000_0000n + shift('2M')],
      [areaKey('1G', 'user'), 0x4000_0000_0000n + shift('1G')],
      [PIECES, 0x40_0000_0000n + shift('1G')],
      // 5-level user space from 2^53 up: a double no longer holds every integer there.
      [areaKey('4K', 'la57-user'), 0x0020_0000_0000_0000n + shift('4K')],
      [areaKey('2M', 'la57-user'), 0x0020_1000_0000_0000n + shift('2M')],
      [areaKey('1G', 'la57-user'), 0x0030_0000_0000_0000n + shift('1G')],
      [areaKey('4K', 'kernel'), 0xffff_8000_0000_0000n + shift('4K')],
      [areaKey('2M', 'kernel'), 0xffff_8100_0000_0000n + shift('2M')],
      [areaKey('1G', 'kernel'), 0xffff_c000_0000_0000n + shift('1G')],
    ]);
  }

  /** The base of the `k`-th page of `size` (k = 0, 1, ...) that falls in set `set`. */
  page(size: PageSizeName, set: number, k: number, region: Region = 'user'): bigint {
    return this.area(size, region) + BigInt(set + k * this.sets) * PAGE_BYTES[size];
  }

  /** The base of the `index`-th page of `size` from the area's start: consecutive pages fall in consecutive sets. */
  nth(size: PageSizeName, index: number, region: Region = 'user'): bigint {
    return this.area(size, region) + BigInt(index) * PAGE_BYTES[size];
  }

  /** The base of the `index`-th large page of `mapped` size whose 4 KiB pieces a script caches. */
  mappedPage(mapped: '2M' | '1G', index: number): bigint {
    return this.areas.get(PIECES)! + BigInt(index) * PAGE_BYTES['1G'] + (mapped === '2M' ? BigInt(index % 7) * PAGE_BYTES['2M'] : 0n);
  }

  private area(size: PageSizeName, region: Region): bigint {
    return this.areas.get(areaKey(size, region))!;
  }
}

/**
 * Where in the address space: 4-level user space (below 2^47), 5-level user
 * space above 2^53 (CR4.LA57), or the kernel's upper half (where global
 * pages live).
 */
export type Region = 'user' | 'la57-user' | 'kernel';
export const REGIONS: readonly Region[] = ['user', 'la57-user', 'kernel'];

const PIECES = 'pieces';
const areaKey = (size: PageSizeName, region: Region) => `${region}-${size}`;

/** A random address inside the page of `size` at `base`. */
export function insidePage(random: Random, base: bigint, size: PageSizeName): bigint {
  return base + randomBelow(random, PAGE_BYTES[size]);
}

/** A random 4 KiB page inside the large page of `size` at `base`: the base of one of its pieces. */
export function pieceOf(random: Random, base: bigint, size: '2M' | '1G'): bigint {
  return base + randomBelow(random, PAGE_BYTES[size] / PAGE_BYTES['4K']) * PAGE_BYTES['4K'];
}

/** A random host-physical base for a page of `size`: aligned, below 2^46 (MAXPHYADDR), above the first MiB. */
export function randomFrame(random: Random, size: PageSizeName): bigint {
  const frames = (1n << 46n) / PAGE_BYTES[size];
  const first = 0x10_0000n / PAGE_BYTES[size] + 1n;
  return (first + randomBelow(random, frames - first)) * PAGE_BYTES[size];
}

/** A uniform bigint in [0, bound), bound < 2^62. */
export function randomBelow(random: Random, bound: bigint): bigint {
  const wide = (BigInt(random.uint32()) << 32n) | BigInt(random.uint32());
  return wide % bound;
}

/** Shuffled copy (Fisher-Yates, from the seed). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  return random.shuffled(items);
}
