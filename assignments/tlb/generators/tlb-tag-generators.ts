import { Random } from '../../../reference/scenario/random';
import { Params } from '../../generators/generator-params';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { GEOMETRIES, shuffled } from './tlb-layout';
import { Context } from './tlb-script';

/** Geometries whose sets hold the same page in three contexts and a few more without evicting, in two sets at least. */
const ROOMY = GEOMETRIES.filter((geometry) => geometry.ways >= 4 && geometry.entries / geometry.ways >= 2);

/** `count` distinct integers from [min, max]. */
export function distinct(random: Random, count: number, min: number, max: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(min, max));
  return [...chosen];
}

function globalsParam(params: Params): { globals: boolean } {
  const value = params.globals ?? true;
  if (typeof value !== 'boolean') throw new Error(`params.globals: must be true or false, got ${JSON.stringify(value)}`);
  return { globals: value };
}

/**
 * One VPID, three PCIDs (processes): the same user pages cached in each
 * with frames of their own; with `globals`, kernel pages filled global in
 * one PCID. Every page is looked up from every PCID (its own entry, or a
 * global one, or a miss); a CR3 write drops its PCID's non-global entries
 * only; a global fill replaces the page's entries of every PCID, and a
 * non-global fill replaces a global entry of its page.
 */
export const pcidGenerator = shapedTlbGenerator({
  name: 'tlb-pcids',
  description: 'the same pages in three PCIDs of one VPID, global kernel pages, CR3 writes, global fills over non-global entries and back',
  geometries: ROOMY,
  params: { names: ['globals'], read: globalsParam },
  shape(script, { globals }) {
    const { random, layout } = script;
    const vpid = random.pick([0, random.int(1, 0xffff)]);
    const pcids = distinct(random, 3, 0, 0xfff).map((pcid): Context => ({ vpid, pcid }));
    const set = random.int(0, layout.sets - 1);
    const user = [layout.page('4K', set, 0), layout.page('4K', (set + random.int(1, layout.sets - 1)) % layout.sets, random.int(1, 4))];
    const kernel = globals ? [layout.page('4K', random.int(0, layout.sets - 1), 0, 'kernel'), layout.page('2M', random.int(0, layout.sets - 1), 1, 'kernel')] : [];
    const kernelSize = (page: bigint) => (page === kernel[1] ? '2M' : '4K');
    for (const context of pcids) for (const page of user) script.fill(context, { page });
    for (const page of kernel) script.fill(pcids[0], { page, size: kernelSize(page), global: true, rights: 'rwx' });
    const lookAround = () => {
      for (const context of shuffled(random, pcids)) {
        for (const page of user) script.lookup(context, page);
        for (const page of kernel) script.lookup(context, page, kernelSize(page), { user: false });
      }
    };
    lookAround();
    const [first, second, third] = shuffled(random, pcids);
    script.cr3Write(first);
    lookAround();
    // A global fill of a user page collides with the page's entries of every PCID; a non-global fill of it then replaces the global entry.
    // Without globals, a refill in one PCID replaces that PCID's entry only.
    const shared = random.pick(user);
    script.fill(third, { page: shared, global: globals });
    script.lookup(second, shared).lookup(first, shared);
    script.fill(second, { page: shared });
    script.lookup(third, shared).lookup(second, shared);
    if (globals) {
      const page = random.pick(kernel);
      script.fill(third, { page, size: kernelSize(page), rights: 'rw' });
      script.lookup(first, page, kernelSize(page), { user: false });
    }
    script.cr3Write(second).cr3Write(third);
    lookAround();
  },
});

/**
 * Three VPIDs (the host's 0 among them, at times): the same page cached in
 * each, a global page in one of them. A lookup sees only its own VPID's
 * entries, global ones included; a CR3 write and an invlpg touch only their
 * own VPID's entries.
 */
export const vpidGenerator = shapedTlbGenerator({
  name: 'tlb-vpids',
  description: 'the same page in three VPIDs, a global page in one: no entry serves another VPID; CR3 writes and invlpg stay inside their VPID',
  geometries: ROOMY,
  shape(script) {
    const { random, layout } = script;
    const pcid = random.pick([0, random.int(1, 0xfff)]);
    const vms = distinct(random, 3, 0, 40).map((vpid): Context => ({ vpid, pcid }));
    const set = random.int(0, layout.sets - 1);
    const page = layout.page('4K', set, 0);
    const global = layout.page('4K', random.int(0, layout.sets - 1), 0, 'kernel');
    for (const context of shuffled(random, vms)) script.fill(context, { page });
    script.fill(vms[0], { page: global, global: true, rights: 'rwx' });
    const lookAround = () => {
      for (const context of shuffled(random, vms)) script.lookup(context, page).lookup(context, global, '4K', { user: false });
    };
    lookAround();
    const [first, second] = shuffled(random, vms);
    script.cr3Write(first);
    lookAround();
    script.invlpg(second, page);
    lookAround();
    script.invlpg(vms[1], global).invlpg(vms[0], global);
    lookAround();
  },
});
