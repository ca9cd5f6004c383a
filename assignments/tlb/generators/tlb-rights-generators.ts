import { AccessKind } from '../../../reference/paging/rights';
import { PageSizeName } from '../../../reference/scenario/types';
import { TlbRights } from '../../../observe/tlb/tlb-probe-types';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { AccessRequest } from './tlb-script';
import { randomContext } from './tlb-lookup-generators';

/** Rights a walk can leave in an entry: x86 pages (r always), and execute-only EPT pages (no r). */
export const ENTRY_RIGHTS: readonly TlbRights[] = ['rwxu', 'rwu', 'rxu', 'ru', 'rwx', 'rw', 'rx', 'r', 'xu', 'x'];

const KINDS: readonly AccessKind[] = ['read', 'write', 'fetch'];

/** Geometries whose sets are many and wide enough that a probe's dozen pages are never evicted. */
const ROOMY = [
  { entries: 64, ways: 4 },
  { entries: 64, ways: 8 },
];

/** An access `rights` permits whatever the dirty bit (a read, else a fetch), to see whether the entry is still cached; undefined if none. */
function harmlessAccess(rights: TlbRights): AccessRequest | undefined {
  const user = rights.includes('u');
  if (rights.includes('r')) return { kind: 'read', user };
  if (rights.includes('x')) return { kind: 'fetch', user };
  return undefined;
}

/**
 * The clean-entry rule: an entry filled by a read of a clean page (dirty
 * false) serves reads and fetches but no write, whatever its rights and
 * CR0.WP: the write's lookup drops it and misses, so the write walks again
 * and sets D; the refill after that walk (dirty) serves writes.
 */
export const cleanEntriesGenerator = shapedTlbGenerator({
  name: 'tlb-clean-entries',
  description: 'entries filled clean serve reads and fetches, never a write: the write drops them and misses; the dirty refill serves writes',
  geometries: ROOMY,
  shape(script) {
    const { random, layout } = script;
    const context = randomContext(script);
    const pages = Array.from({ length: 4 }, (_, index) => ({ page: layout.nth(index === 3 ? '2M' : '4K', 3 * index + random.int(0, 2)), size: (index === 3 ? '2M' : '4K') as PageSizeName }));
    for (const { page, size } of pages) {
      const user = random.chance(0.7);
      const rights = random.pick(user ? ['rwxu', 'rwu'] : ['rwx', 'rw', 'rx', 'r']);
      const write: AccessRequest = { kind: 'write', user, wp: user || random.chance(0.5) };
      script.fill(context, { page, size, rights, dirty: false });
      script.lookup(context, page, size, { kind: 'read', user });
      if (rights.includes('x')) script.lookup(context, page, size, { kind: 'fetch', user });
      script.lookup(context, page, size, write);
      script.lookup(context, page, size, { kind: 'read', user });
      script.fill(context, { page, size, rights, dirty: true });
      script.lookup(context, page, size, write);
      script.lookup(context, page, size, { kind: 'read', user });
    }
  },
});

/**
 * The rights of a cached entry against every access: each trial fills a
 * page of its own with random rights, dirty or clean, makes one access
 * (user or supervisor read, write or fetch, CR0.WP set or clear), then
 * looks the page up with an access its rights allow, which hits only if the
 * first lookup kept the entry. An entry that may not serve an access is
 * dropped by that lookup.
 */
export const rightsGenerator = shapedTlbGenerator({
  name: 'tlb-rights',
  description: 'entries of every kind of rights, dirty and clean, against user and supervisor reads, writes and fetches with CR0.WP set and clear',
  geometries: ROOMY,
  shape(script) {
    const { random, layout } = script;
    const context = randomContext(script);
    for (let trial = 0; trial < 12; trial++) {
      const page = layout.nth('4K', trial);
      const rights = random.pick(ENTRY_RIGHTS);
      script.fill(context, { page, rights, dirty: random.chance(0.6) });
      // User accesses mostly to user pages and supervisor ones to the others, as programs and kernels make them; the rest crosses over.
      const user = rights.includes('u') ? random.chance(0.8) : random.chance(0.2);
      script.lookup(context, page, '4K', { kind: random.pick(KINDS), user, wp: random.chance(0.5) });
      const after = harmlessAccess(rights);
      if (after !== undefined) script.lookup(context, page, '4K', after);
    }
  },
});
