import { AccessKind } from '../../../reference/paging/rights';
import { PageSizeName } from '../../../reference/scenario/types';
import { integerParam } from '../../generators/generator-params';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { ALIAS_DISTANCE, PAGE_BYTES, pieceOf } from './tlb-layout';
import { ENTRY_RIGHTS } from './tlb-rights-generators';
import { Context } from './tlb-script';

/** A page of the pool, with what fills of it look like. */
interface PoolPage {
  readonly page: bigint;
  readonly size: PageSizeName;
  /** Kernel pages may be filled global. */
  readonly kernel: boolean;
  readonly mapped?: '2M' | '1G';
}

type Operation = 'fill' | 'lookup' | 'invlpg' | 'cr3-write' | 'invvpid' | 'vm-transition' | 'flush-all';

/**
 * Random operations over a small pool of pages of every kind (4 KiB pages
 * crowding two sets, 2 MiB and 1 GiB pages, 5-level user pages above 2^53,
 * kernel pages that may be global, pieces of a large page) in a few contexts, with VPIDs on or off
 * for the whole probe: every rule at once, in orders no shaped case has.
 */
export const randomMixGenerator = shapedTlbGenerator({
  name: 'tlb-random-mix',
  description: 'random fills, lookups, invalidations and VM transitions over a small pool of pages of every size in a few contexts',
  params: { names: ['operations'], read: (params) => ({ operations: integerParam(params, 'operations', 80, 1, 2000) }) },
  shape(script, { operations }) {
    const { random, layout } = script;
    const vpidEnabled = random.chance(0.6);
    const vpids = vpidEnabled ? [1, 2, random.int(3, 0xffff)] : [0];
    const pcids = [0, random.int(1, 0xfff)];
    const mapped = random.pick(['2M', '1G'] as const);
    const crowded = [random.int(0, layout.sets - 1), random.int(0, layout.sets - 1)];
    const pool: PoolPage[] = [
      ...crowded.flatMap((set) => Array.from({ length: script.geometry.ways + 1 }, (_, k): PoolPage => ({ page: layout.page('4K', set, k), size: '4K', kernel: false }))),
      ...Array.from({ length: 2 }, (_, k): PoolPage => ({ page: layout.page('2M', random.int(0, layout.sets - 1), k), size: '2M', kernel: false })),
      { page: layout.page('1G', random.int(0, layout.sets - 1), 0), size: '1G', kernel: false },
      ...Array.from({ length: 2 }, (_, k): PoolPage => ({ page: layout.page('4K', random.int(0, layout.sets - 1), k, 'la57-user'), size: '4K', kernel: false })),
      { page: layout.page('2M', random.int(0, layout.sets - 1), 0, 'la57-user'), size: '2M', kernel: false },
      ...Array.from({ length: 3 }, (_, k): PoolPage => ({ page: layout.page('4K', random.int(0, layout.sets - 1), k, 'kernel'), size: '4K', kernel: true })),
      { page: layout.page('2M', random.int(0, layout.sets - 1), 0, 'kernel'), size: '2M', kernel: true },
      ...Array.from({ length: 4 }, (): PoolPage => ({ page: pieceOf(random, layout.mappedPage(mapped, 0), mapped), size: '4K', kernel: false, mapped })),
    ];
    const context = (): Context => ({ vpid: random.pick(vpids), pcid: random.pick(pcids) });
    // Most lookups and invalidations name a page some context filled, from that context: they hit or drop something.
    const filled: Array<{ context: Context; entry: PoolPage }> = [];
    const target = (): { context: Context; entry: PoolPage } => (filled.length > 0 && random.chance(0.7) ? random.pick(filled.slice(-12)) : { context: context(), entry: random.pick(pool) });
    const weights: Array<[Operation, number]> = [
      ['fill', 30],
      ['lookup', 45],
      ['invlpg', 8],
      ['cr3-write', 5],
      ['invvpid', vpidEnabled ? 3 : 0],
      ['vm-transition', 4],
      ['flush-all', 1],
    ];
    for (let i = 0; i < operations; i++) {
      switch (random.weighted(weights)) {
        case 'fill': {
          const entry = random.pick(pool);
          const filler = context();
          const { page, size, kernel, mapped: mappedSize } = entry;
          script.fill(filler, { page, size, mapped: mappedSize, global: kernel && random.chance(0.5), rights: random.chance(0.5) ? 'rwxu' : random.pick(ENTRY_RIGHTS), dirty: random.chance(0.7) });
          filled.push({ context: filler, entry });
          break;
        }
        case 'lookup': {
          const { context: looker, entry: { page, size, kernel } } = target();
          const access = { kind: random.weighted<AccessKind>([['read', 6], ['write', 3], ['fetch', 1]]), user: !kernel || random.chance(0.2), wp: random.chance(0.8) };
          const where = random.weighted<'alias' | 'last byte' | 'inside'>([['alias', 1], ['last byte', 2], ['inside', 17]]);
          if (where === 'alias') script.lookup(looker, page + ALIAS_DISTANCE, size, access);
          else if (where === 'last byte') script.lookupAt(looker, page + PAGE_BYTES[size] - 1n, access);
          else script.lookup(looker, page, size, access);
          break;
        }
        case 'invlpg': {
          const { context: invalidator, entry: { page, size, mapped: mappedSize } } = target();
          // A piece's invlpg names the piece, or any address of its large page.
          if (mappedSize !== undefined && random.chance(0.5)) script.invlpg(invalidator, layout.mappedPage(mappedSize, 0), mappedSize);
          else script.invlpg(invalidator, page, size);
          break;
        }
        case 'cr3-write':
          script.cr3Write(context());
          break;
        case 'invvpid':
          script.invvpid(random.pick(vpids));
          break;
        case 'vm-transition':
          script.vmTransition(vpidEnabled);
          break;
        case 'flush-all':
          script.flushAll();
          break;
      }
    }
  },
});
