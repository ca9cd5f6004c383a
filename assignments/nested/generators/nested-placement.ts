import { Random } from '../../../reference/scenario/random';
import { GIB_1, KIB_4, MIB_2, TwoDPlacement } from './nested-two-d-image';

const MIB_1 = 0x10_0000n;
const TIB_1 = 1n << 40n;

/**
 * The readable layout of hand-made probes (and of the lecture's figures):
 * nested tables at hPA 0x100000, 0x101000, ... in the order they are made;
 * guest tables at gPA 0x1000, 0x2000, ...; guest pages backed by the
 * `hostPage` rule, by default host pages handed out in order from 4 MiB (or
 * from their own size, when larger: a 1 GiB page must be 1 GiB-aligned).
 */
export class SequentialPlacement implements TwoDPlacement {
  private nextNested: bigint;
  private nextGuest: bigint;
  private nextHost: bigint | undefined;

  constructor(
    options: { readonly nestedTableBase?: bigint; readonly guestTableBase?: bigint; readonly hostPage?: (gpaBase: bigint, size: bigint) => bigint } = {},
  ) {
    this.nextNested = options.nestedTableBase ?? MIB_1;
    this.nextGuest = options.guestTableBase ?? KIB_4;
    if (options.hostPage !== undefined) this.hostPage = options.hostPage;
  }

  nestedTable(): bigint {
    const table = this.nextNested;
    this.nextNested += KIB_4;
    return table;
  }

  guestTable(): bigint {
    const table = this.nextGuest;
    this.nextGuest += KIB_4;
    return table;
  }

  hostPage(_gpaBase: bigint, size: bigint): bigint {
    const next = this.nextHost ?? 4n * MIB_1;
    const page = (next + size - 1n) & ~(size - 1n);
    this.nextHost = page + size;
    return page;
  }
}

/** A range of addresses to draw aligned pages from, without repeats. */
class PageRange {
  private readonly taken = new Set<bigint>();
  private readonly pages: bigint;

  constructor(
    private readonly base: bigint,
    end: bigint,
    private readonly size: bigint,
  ) {
    this.pages = (end - base) / size;
  }

  draw(random: Random): bigint {
    for (;;) {
      const wide = (BigInt(random.uint32()) << 32n) | BigInt(random.uint32());
      const page = this.base + (wide % this.pages) * this.size;
      if (!this.taken.has(page)) {
        this.taken.add(page);
        return page;
      }
    }
  }
}

/**
 * A random layout, every address below 2^45 (under MAXPHYADDR, 46). Each kind
 * of page has a region of its own, so nothing overlaps:
 * - host: nested tables in [1 MiB, 1 GiB); backing pages of 4 KiB in
 *   [1 GiB, 64 GiB), of 2 MiB in [64 GiB, 4 TiB), of 1 GiB in [4 TiB, 32 TiB);
 * - guest-physical: guest tables in [1 MiB, 64 MiB) when compact (as an OS
 *   allocates them: their upper nested entries are shared) or anywhere in
 *   [4 KiB, 1 TiB) when spread; data pages in [1 TiB, 32 TiB), so the data
 *   gPA never shares a nested PML4 entry with a guest table under 4-level EPT.
 */
export class RandomPlacement implements TwoDPlacement {
  private readonly nestedTables = new PageRange(MIB_1, GIB_1, KIB_4);
  private readonly guestTables: PageRange;
  private readonly hostPages = new Map<bigint, PageRange>([
    [KIB_4, new PageRange(GIB_1, 64n * GIB_1, KIB_4)],
    [MIB_2, new PageRange(64n * GIB_1, 4n * TIB_1, MIB_2)],
    [GIB_1, new PageRange(4n * TIB_1, 32n * TIB_1, GIB_1)],
  ]);
  private readonly dataPages = new Map<bigint, PageRange>([
    [KIB_4, new PageRange(TIB_1, 32n * TIB_1, KIB_4)],
    [MIB_2, new PageRange(TIB_1, 32n * TIB_1, MIB_2)],
    [GIB_1, new PageRange(TIB_1, 32n * TIB_1, GIB_1)],
  ]);

  constructor(
    private readonly random: Random,
    spread: boolean,
  ) {
    this.guestTables = spread ? new PageRange(KIB_4, TIB_1, KIB_4) : new PageRange(MIB_1, 64n * MIB_1, KIB_4);
  }

  nestedTable(): bigint {
    return this.nestedTables.draw(this.random);
  }

  guestTable(): bigint {
    return this.guestTables.draw(this.random);
  }

  hostPage(_gpaBase: bigint, size: bigint): bigint {
    return this.hostPages.get(size)!.draw(this.random);
  }

  /**
   * A guest data page of `size`. Pages of different sizes may overlap: a
   * scene uses one guest page size (and the builder refuses a page inside
   * another anyway).
   */
  dataPage(size: bigint): bigint {
    return this.dataPages.get(size)!.draw(this.random);
  }
}
