import { PageSizeName } from '../../../reference/scenario/types';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { ALIAS_DISTANCE, PAGE_BYTES, REGIONS, shuffled } from './tlb-layout';
import { Context, TlbScript } from './tlb-script';

/** A context drawn at random: the host's or a guest's VPID, PCID 0 or another. */
export function randomContext(script: TlbScript): Context {
  const { random } = script;
  return { vpid: random.pick([0, 1, random.int(2, 0xffff)]), pcid: random.pick([0, random.int(1, 0xfff)]) };
}

/**
 * 4 KiB pages filled into a few sets (never more than a set holds), in
 * 4-level and 5-level user space, then looked up: each at an address of its
 * own (a hit, the frame plus the offset) or at its last byte, the pages
 * beside it, the page one set-stride on (same set, never filled), the page
 * 4 GiB on (the same low 32 address bits), and a refilled page (the new
 * frame).
 */
export const lookupFillGenerator = shapedTlbGenerator({
  name: 'tlb-lookup-fill',
  description: '4 KiB pages in a few sets: hits anywhere in a cached page, misses next to it, one set-stride and 4 GiB away; a refill replaces',
  shape(script) {
    const { random, layout } = script;
    const context = randomContext(script);
    const perSet = Math.min(script.geometry.ways, 2);
    const sets = shuffled(random, Array.from({ length: layout.sets }, (_, set) => set)).slice(0, Math.min(layout.sets, 4));
    const region = random.pick(['user', 'la57-user'] as const);
    const pages = sets.flatMap((set) => Array.from({ length: perSet }, (_, k) => ({ set, k, page: layout.page('4K', set, k, region) })));
    for (const { page } of shuffled(random, pages)) {
      script.fill(context, { page });
      if (random.chance(0.5)) script.lookup(context, random.pick(pages).page);
    }
    for (const { set, k, page } of shuffled(random, pages)) {
      if (random.chance(0.3)) script.lookupAt(context, page + PAGE_BYTES['4K'] - 1n);
      else script.lookup(context, page);
      const probe = random.int(0, 3);
      if (probe === 0) script.lookup(context, page + PAGE_BYTES['4K']);
      if (probe === 1) script.lookup(context, page - PAGE_BYTES['4K']);
      if (probe === 2) script.lookup(context, layout.page('4K', set, k + perSet + random.int(0, 3), region));
      if (probe === 3) script.lookup(context, page + ALIAS_DISTANCE * BigInt(random.int(1, 3)));
    }
    const refilled = random.pick(pages).page;
    script.fill(context, { page: refilled }).lookup(context, refilled);
  },
});

/**
 * 2 MiB and 1 GiB pages, in 4-level and 5-level user space and in the
 * kernel's (addresses of 2^53 and up), beside 4 KiB ones: a large page is
 * found in the set of its own page number from any address inside it, its
 * last byte included, and not one byte outside;
 * large and small entries compete for the ways of one set; large pages of
 * one set evict each other.
 */
export const pageSizesGenerator = shapedTlbGenerator({
  name: 'tlb-page-sizes',
  description: '4 KiB, 2 MiB and 1 GiB entries: the set of each size\'s own page number, hits anywhere inside, misses just outside, one array for all sizes',
  shape(script) {
    const { random, layout } = script;
    const context = randomContext(script);
    const region = () => random.pick(REGIONS);
    const large: Array<{ page: bigint; size: PageSizeName }> = [];
    for (const size of ['2M', '1G'] as const) {
      for (let i = random.int(1, 2); i > 0; i--) large.push({ page: layout.page(size, random.int(0, layout.sets - 1), random.int(0, 3), region()), size });
    }
    for (const { page, size } of shuffled(random, large)) script.fill(context, { page, size });
    for (const { page, size } of shuffled(random, large)) {
      for (let i = 0; i < 2; i++) script.lookup(context, page, size);
      script.lookupAt(context, page + PAGE_BYTES[size] - 1n);
      script.lookupAt(context, page + PAGE_BYTES[size] + PAGE_BYTES['4K'] * BigInt(random.int(0, 3)));
      script.lookupAt(context, page - 1n - PAGE_BYTES['4K'] * BigInt(random.int(0, 3)));
      if (random.chance(0.5)) script.lookup(context, page + ALIAS_DISTANCE, size);
    }

    // One array for every size: a large page evicts the least recently used small page of its set.
    const set = random.int(0, layout.sets - 1);
    const small = Array.from({ length: script.geometry.ways }, (_, k) => layout.page('4K', set, k));
    for (const page of small) script.fill(context, { page });
    const size = random.pick(['2M', '1G'] as const);
    const competitor = layout.page(size, set, random.int(4, 6), region());
    script.fill(context, { page: competitor, size });
    for (const page of shuffled(random, small)) script.lookup(context, page);
    script.lookup(context, competitor, size);

    // Large pages of one set, one more than it holds.
    const crowded = random.int(0, layout.sets - 1);
    const crowd = Array.from({ length: script.geometry.ways + 1 }, (_, k) => layout.page('2M', crowded, k + 8));
    for (const page of crowd) script.fill(context, { page, size: '2M' });
    for (const page of shuffled(random, crowd)) script.lookup(context, page, '2M');
  },
});
