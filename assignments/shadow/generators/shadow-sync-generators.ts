import { Prot } from '../../../reference/scenario/types';
import { shapedGenerator } from './shadow-generator-kit';
import { AREAS, PAGE, PD_STRIDE, PDPT_STRIDE, pageIn, pagesOf, shuffled } from './shadow-scenario-builder';

/**
 * Generators aimed at shadow sync: guest page-table writes at every level,
 * munmap/mprotect/clear-ad and the invlpg that follows them, CR3 switches
 * between processes whose shadow roots are kept, fork storms, and guest
 * frames reused after a process exits.
 */

/**
 * Regions placed so that building them writes a PTE, a PDE (new PT), a PDPTE
 * (new PD) and a PML4E (new PDPT); tearing one down frees its tables bottom
 * up, so the guest clears entries at every level (each unlinks a shadow
 * table). Then the area is touched again (unmapped), remapped with another
 * protection and used, while the other regions must keep working.
 */
export const tableLevelsGenerator = shapedGenerator(
  'shadow-table-levels',
  'shadowSync',
  'Guest page-table writes at every level: regions that need a new PT, PD and PDPT, torn down (freeing tables) and rebuilt.',
  (b) => {
    const random = b.random;
    const base = pageIn(random, 0x400000, 2);
    const regions = shuffled(random, [
      base,
      base + PD_STRIDE * random.int(1, 8),
      base + PDPT_STRIDE * random.int(1, 4),
      pageIn(random, random.pick([0x7f0000000000, 0x7ffff0000000]), 2),
    ]).map((start) => ({ start, pages: random.int(1, 2) }));
    b.spawn(1);
    for (const { start, pages } of regions) {
      b.mmap(1, start, pages, 'rw');
      for (const page of pagesOf(start, pages)) b.writeWord(1, page);
    }
    const [torn, ...kept] = regions;
    const second = kept.shift()!;
    for (const { start, pages } of [torn, second]) b.munmap(1, start, pages).readWord(1, start);
    for (const { start } of kept) b.readWord(1, start);
    const prot = random.pick<Prot>(['r', 'rx']);
    b.mmap(1, torn.start, torn.pages, prot).readWord(1, torn.start).writeWord(1, torn.start).inspect(1, torn.start);
    b.mmap(1, second.start, 1, 'rw').writeWord(1, second.start).readWord(1, second.start);
  },
);

/**
 * A process edits mappings it is using: mprotect to read-only (the next write
 * must fault) and back, munmap and mmap again (the page must read as zero),
 * clear-ad then write. Each edit is followed by the guest's invlpg; the
 * guest also invlpg's pages with no change (in use, never touched, unmapped),
 * which must change nothing it sees.
 */
export const remapGenerator = shapedGenerator(
  'shadow-remap',
  'shadowSync',
  'munmap, mprotect and clear-ad on pages in use (each followed by invlpg), invlpg with no change, with the accesses that must see the change (or no change).',
  (b) => {
    const random = b.random;
    const pages = random.int(3, 5);
    const start = pageIn(random, random.pick(AREAS), pages);
    const all = pagesOf(start, pages);
    b.spawn(1).mmap(1, start, pages, 'rw');
    for (const page of all) b.writeWord(1, page);
    const edits: Array<(page: number) => void> = [
      (page) => b.mprotect(1, page, 1, 'r').writeWord(1, page).readWord(1, page).mprotect(1, page, 1, 'rw').writeWord(1, page).inspect(1, page),
      (page) => b.munmap(1, page, 1).readWord(1, page).mmap(1, page, 1, 'rw').readWord(1, page).writeWord(1, page),
      (page) => b.clearAd(1, page).writeWord(1, page).inspect(1, page),
      (page) => b.readWord(1, page).clearAd(1, page).readWord(1, page).inspect(1, page),
      () => b.mprotect(1, start, pages, 'rx').execWord(1, random.pick(all)).writeWord(1, random.pick(all)).mprotect(1, start, pages, 'rw').writeWord(1, random.pick(all)),
      (page) => b.readWord(1, page).invlpg(1, page).writeWord(1, page).invlpg(1, random.pick(all)).readWord(1, page).inspect(1, page),
      (page) => b.invlpg(1, start + pages * PAGE).mprotect(1, page, 1, 'r').invlpg(1, page).readWord(1, page).writeWord(1, page).mprotect(1, page, 1, 'rw'),
    ];
    for (let i = random.int(4, 7); i > 0; i--) random.pick(edits)(random.pick(all));
  },
);

/**
 * Processes mapping the same addresses, each with its own values, run in
 * turn: every switch is a CR3 write, and a shadow root kept from before must
 * still be right. Kernel work on a process that is not running (inspect,
 * clear-ad: no invlpg) must reach its shadow too; an invlpg with no change
 * comes between.
 */
export const contextSwitchGenerator = shapedGenerator(
  'shadow-context-switch',
  'shadowSync',
  'Several processes with the same addresses run in turn (CR3 writes, kept shadow roots); clear-ad and mprotect on processes that are not running.',
  (b) => {
    const random = b.random;
    const processes = random.int(2, 3);
    const start = pageIn(random, random.pick(AREAS), 2);
    const pages = pagesOf(start, 2);
    for (let pid = 1; pid <= processes; pid++) {
      b.spawn(pid).mmap(pid, start, 2, 'rw');
      for (const page of pages) b.writeWord(pid, page);
    }
    const pid = () => random.int(1, processes);
    const steps: Array<() => void> = [
      () => b.readWord(pid(), random.pick(pages)),
      () => b.writeWord(pid(), random.pick(pages)),
      () => {
        const [sleeper, runner] = [pid(), pid()];
        const page = random.pick(pages);
        b.readWord(runner, page).clearAd(sleeper, page).inspect(sleeper, page).writeWord(sleeper, page).inspect(sleeper, page);
      },
      () => {
        const page = random.pick(pages);
        const owner = pid();
        b.mprotect(owner, page, 1, 'r').readWord(pid(), page).writeWord(owner, page).mprotect(owner, page, 1, 'rw');
      },
      () => {
        const page = random.pick(pages);
        const owner = pid();
        b.writeWord(owner, page).invlpg(owner, page).readWord(pid(), page).invlpg(owner, random.pick(pages)).writeWord(owner, page);
      },
    ];
    for (let i = random.int(6, 10); i > 0; i--) random.pick(steps)();
  },
);

/** A parent with written pages forks several children (and a grandchild); they write, read and exit while the parent's data must stay its own. */
export const forkStormGenerator = shapedGenerator(
  'shadow-fork-storm',
  'shadowSync',
  'A fork storm: children and grandchildren of a process with written pages write, read and exit in turn.',
  (b) => {
    const random = b.random;
    const count = random.int(2, 3);
    const start = pageIn(random, random.pick(AREAS), count);
    const pages = pagesOf(start, count);
    b.spawn(1).mmap(1, start, count, 'rw');
    for (const page of pages) b.writeWord(1, page);
    const alive = [1];
    const lastChild = 1 + random.int(3, 5);
    for (let child = 2; child <= lastChild; child++) {
      const parent = random.pick(alive);
      b.fork(parent, child).readWord(child, random.pick(pages)).writeWord(child, random.pick(pages));
      alive.push(child);
      if (random.chance(0.4) && alive.length > 2) {
        const leaving = alive.splice(random.int(1, alive.length - 1), 1)[0];
        b.exit(leaving);
      }
    }
    for (const page of pages) b.readWord(1, page);
    for (const pid of alive.slice(1)) b.readWord(pid, random.pick(pages)).inspect(pid, start);
  },
);

/**
 * A process exits; the next one reuses its guest frames (last freed, first
 * reused), so old page-table frames come back as data pages or as tables of
 * another level, and old data frames as tables. A long-lived process keeps
 * running in between.
 */
export const frameReuseGenerator = shapedGenerator(
  'shadow-frame-reuse',
  'shadowSync',
  'Exit then spawn: the freed page-table and data frames come back in new roles, while another process keeps its own.',
  (b) => {
    const random = b.random;
    const [keeperArea, ...areas] = shuffled(random, AREAS);
    const keeper = pageIn(random, keeperArea);
    b.spawn(1).mmap(1, keeper, 1, 'rw').writeWord(1, keeper);
    b.spawn(2);
    for (const area of areas.slice(0, 2)) {
      const start = pageIn(random, area, 2);
      b.mmap(2, start, 2, 'rw').writeWord(2, start).writeWord(2, start + PAGE);
    }
    if (random.chance(0.5)) b.readWord(1, keeper);
    b.exit(2).spawn(3);
    for (const area of shuffled(random, areas).slice(0, 2)) {
      const start = pageIn(random, area, 2);
      b.mmap(3, start, 2, 'rw').readWord(3, start).writeWord(3, start + PAGE).inspect(3, start + PAGE);
    }
    b.readWord(1, keeper).inspect(1, keeper).fork(3, 4).exit(3).readWord(1, keeper);
  },
);
