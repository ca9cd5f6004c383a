import { shapedTlbGenerator } from './tlb-generator-kit';
import { SET_ASSOCIATIVE, shuffled } from './tlb-layout';
import { randomContext } from './tlb-lookup-generators';
import { Context } from './tlb-script';

/**
 * LRU within a set: a set is filled, some of its pages are used again (hits
 * refresh them; a miss, or a lookup from another context, refreshes
 * nothing), new pages are filled into it, and every page that was ever in
 * it is looked up: exactly the least recently used ones are gone. A page in
 * another set is never touched by any of it.
 */
export const lruGenerator = shapedTlbGenerator({
  name: 'tlb-lru',
  description: 'a full set, pages used again in a random order, new fills: the least recently used ways are the ones evicted',
  geometries: SET_ASSOCIATIVE,
  shape(script) {
    const { random, layout } = script;
    const { ways } = script.geometry;
    const context = randomContext(script);
    const stranger: Context = { vpid: context.vpid ^ 1, pcid: context.pcid };
    const set = random.int(0, layout.sets - 1);
    const bystander = layout.page('4K', (set + 1) % layout.sets, 0);
    script.fill(context, { page: bystander });
    let next = 0;
    const filled: bigint[] = [];
    for (let round = 0; round < 2; round++) {
      const fresh = Array.from({ length: round === 0 ? ways : random.int(1, ways - 1) }, () => layout.page('4K', set, next++));
      for (const page of shuffled(random, fresh)) script.fill(context, { page });
      filled.push(...fresh);
      for (let touches = random.int(1, ways); touches > 0; touches--) {
        const page = random.pick(filled.slice(-ways));
        if (random.chance(0.2)) script.lookup(stranger, page);
        else script.lookup(context, page);
      }
      if (random.chance(0.5)) script.lookup(context, layout.page('4K', set, next + 10));
      const newcomers = Array.from({ length: random.int(1, ways - 1) }, () => layout.page('4K', set, next++));
      for (const page of newcomers) script.fill(context, { page });
      filled.push(...newcomers);
    }
    for (const page of shuffled(random, filled)) script.lookup(context, page);
    script.lookup(context, bystander);
  },
});

/**
 * Ways freed inside a full set (by invlpg, a CR3 write of another context,
 * INVVPID of another VPID, or a lookup that drops an entry it may not
 * serve) are taken by the next fill, which then evicts nothing; refilling a
 * page that is cached replaces it in place, evicting nothing either.
 */
export const freeWaysGenerator = shapedTlbGenerator({
  name: 'tlb-free-ways',
  description: 'a full set with a way freed by an invalidation or a dropped entry: the next fill takes it; a refill replaces its own entry',
  geometries: SET_ASSOCIATIVE,
  shape(script) {
    const { random, layout } = script;
    const { ways } = script.geometry;
    const context = randomContext(script);
    const other: Context = { vpid: context.vpid === 0 ? 7 : 0, pcid: (context.pcid + 1) % 4096 };
    const set = random.int(0, layout.sets - 1);
    const pages = Array.from({ length: ways }, (_, k) => layout.page('4K', set, k));
    const victimIndex = random.int(0, ways - 1);
    const how = random.pick(['invlpg', 'cr3-write', 'invvpid', 'denied'] as const);
    const victimContext: Context = how === 'cr3-write' ? { vpid: context.vpid, pcid: other.pcid } : how === 'invvpid' ? other : context;
    pages.forEach((page, index) => {
      if (index === victimIndex) script.fill(victimContext, { page, dirty: how !== 'denied' });
      else script.fill(context, { page });
    });
    const victim = pages[victimIndex];
    if (how === 'invlpg') script.invlpg(context, victim);
    if (how === 'cr3-write') script.cr3Write(victimContext);
    if (how === 'invvpid') script.invvpid(other.vpid);
    if (how === 'denied') script.lookup(context, victim, '4K', { kind: 'write' });
    const newcomer = layout.page('4K', set, ways + random.int(0, 3));
    script.fill(context, { page: newcomer }).lookup(context, newcomer);
    for (const page of shuffled(random, pages)) if (page !== victim) script.lookup(context, page);

    // The set is full again: refilling cached pages (a new frame, new rights) evicts nothing.
    const kept = pages.filter((page) => page !== victim);
    for (let refills = random.int(1, 3); refills > 0; refills--) script.fill(context, { page: random.pick(kept), rights: random.pick(['rwxu', 'ru', 'rwu']) });
    for (const page of shuffled(random, [...kept, newcomer])) script.lookup(context, page);
    script.invlpg(context, random.pick(kept));
  },
});
