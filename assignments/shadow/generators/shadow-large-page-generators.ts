import { Random } from '../../../reference/scenario/random';
import { Prot } from '../../../reference/scenario/types';
import { shapedGenerator } from './shadow-generator-kit';
import { PAGE, PD_STRIDE, ShadowScenarioBuilder, shuffled } from './shadow-scenario-builder';

/**
 * Generators for guest large pages. The guest maps a 2 MiB page with one PDE
 * (a 1 GiB page with one PDPTE); the handler shadows it 4 KiB at a time
 * through direct pages, one leaf per piece touched, writable once the guest's
 * large leaf is dirty. Sync sees the guest rewrite that one entry (mprotect,
 * clear-ad, munmap of the whole page) or split it into a table of smaller
 * leaves (munmap or mprotect of part of it).
 */

const PROTS: readonly Prot[] = ['r', 'rw', 'rx', 'rwx'];
/** Protections that differ from plain rw in RW or NX, so a shadow entry that copies the wrong rights shows. */
const UNUSUAL_PROTS: readonly Prot[] = ['r', 'rx', 'rwx'];
const LARGE_PAGES = 512;
/**
 * Where the large pages go: 2 MiB-aligned blocks under different PML4,
 * PDPT and PD entries (the blocks of one area share a PD).
 */
const LARGE_AREAS: readonly number[] = [0x40000000, 0x7f0000000000, 0x7fffc0000000, 0x600000];
const GIGABYTE = 0x40000000;

/** A 2 MiB block: one of an area's first four. */
function blockIn(random: Random, area: number): number {
  return area + random.int(0, 3) * PD_STRIDE;
}

/** The 4 KiB pieces of a large page at `base` that accesses go to: its first and last, and two in between. */
function piecesOf(random: Random, base: number, pages = LARGE_PAGES): number[] {
  const between = [random.int(1, pages / 2 - 1), random.int(pages / 2, pages - 2)];
  return [0, ...between, pages - 1].map((page) => base + page * PAGE);
}

/** An access the protection forbids, or nothing when it allows everything. */
function forbiddenAccess(b: ShadowScenarioBuilder, pid: number, page: number, prot: Prot): void {
  if (!prot.includes('w')) b.writeWord(pid, page);
  else if (!prot.includes('x')) b.execWord(pid, page);
}

/**
 * 2 MiB pages of random protection: a forbidden access before the first touch
 * (#PF with P = 0), first touches at pieces far apart (each a new leaf in the
 * same direct page), a forbidden access once present (P = 1), a read then a
 * write (the clean page's piece is read-only until the write sets D in the
 * guest's PDE), clear-ad then accesses, and an access just past the page.
 */
export const largePageFaultsGenerator = shapedGenerator(
  'shadow-large-page-faults',
  'hiddenFaultHandler',
  'Guest 2 MiB pages of random protection: first touches at pieces far apart, true faults before and after the page is present, read then write (D in the PDE), clear-ad, and an access past the page.',
  (b) => {
    const random = b.random;
    const [firstArea, secondArea] = shuffled(random, LARGE_AREAS);
    const pages = [
      { base: blockIn(random, firstArea), prot: random.pick(UNUSUAL_PROTS) },
      { base: blockIn(random, secondArea), prot: random.pick(PROTS) },
    ];
    b.spawn(1);
    for (const { base, prot } of pages) b.mmap(1, base, LARGE_PAGES, prot, '2M');
    for (const { base, prot } of pages) {
      const [first, ...others] = shuffled(random, piecesOf(random, base));
      forbiddenAccess(b, 1, first, prot);
      b.allowedAccess(1, first, prot).inspect(1, base);
      for (const piece of others) b.allowedAccess(1, piece, prot);
      forbiddenAccess(b, 1, random.pick(others), prot);
      b.inspect(1, others[0]);
    }
    for (const { base, prot } of shuffled(random, pages)) {
      const [a, c, d] = shuffled(random, piecesOf(random, base));
      b.clearAd(1, a).readWord(1, c).inspect(1, base);
      if (prot.includes('w')) b.writeWord(1, d).inspect(1, a).readWord(1, a);
      else b.execWord(1, d).inspect(1, base);
    }
    b.readWord(1, pages[0].base + LARGE_PAGES * PAGE).writeWord(1, pages[1].base - PAGE);
  },
);

/**
 * A 1 GiB page (guest memory 2 GiB): pieces in different 2 MiB parts of it,
 * so the handler builds a level-2 direct page and several level-1 direct
 * pages under it; a read then a write; then an aligned 2 MiB of it unmapped,
 * which splits it into 2 MiB pages, and accesses on either side.
 */
export const gigabytePageGenerator = shapedGenerator(
  'shadow-gigabyte-page',
  'hiddenFaultHandler',
  'A guest 1 GiB page: pieces in different 2 MiB parts (direct pages at two levels), read then write, and a 2 MiB munmap that splits it.',
  (b) => {
    const random = b.random;
    const prot = random.pick(PROTS);
    const parts = shuffled(random, [0, random.int(1, 255), random.int(256, 510), 511]);
    const piece = (part: number) => GIGABYTE + part * PD_STRIDE + random.int(0, LARGE_PAGES - 1) * PAGE;
    b.spawn(1).mmap(1, GIGABYTE, LARGE_PAGES * LARGE_PAGES, prot, '1G');
    for (const part of parts) b.allowedAccess(1, piece(part), prot);
    b.inspect(1, GIGABYTE);
    forbiddenAccess(b, 1, piece(parts[0]), prot);
    b.readWord(1, piece(parts[1]));
    if (prot.includes('w')) b.writeWord(1, piece(parts[1])).inspect(1, GIGABYTE);
    const cut = GIGABYTE + parts[2] * PD_STRIDE;
    b.munmap(1, cut, LARGE_PAGES).readWord(1, cut).readWord(1, cut + PD_STRIDE - PAGE);
    b.allowedAccess(1, piece(parts[0]), prot).allowedAccess(1, piece(parts[3]), prot).inspect(1, piece(parts[3]));
  },
  { guestMemoryMiB: 2048 },
);

/**
 * A process edits 2 MiB pages it is using: mprotect of the whole page and
 * back, clear-ad, munmap of the whole page and a fresh mmap, munmap or
 * mprotect of part of it (the guest splits the PDE into a PT of 4 KiB PTEs),
 * clear-ad while another process runs, fork and exit.
 */
export const largePageSyncGenerator = shapedGenerator(
  'shadow-large-page-sync',
  'shadowSync',
  'Edits of 2 MiB pages in use: mprotect of the whole page, clear-ad, munmap and remap, munmap or mprotect of part of one (a split), fork and exit.',
  (b) => {
    const random = b.random;
    const [area, otherArea] = shuffled(random, LARGE_AREAS);
    const base = blockIn(random, area);
    const pieces = piecesOf(random, base);
    b.spawn(1).mmap(1, base, LARGE_PAGES, 'rw', '2M');
    for (const piece of pieces) b.writeWord(1, piece);
    const other = blockIn(random, otherArea);
    b.spawn(2).mmap(2, other, LARGE_PAGES, 'rw', '2M').writeWord(2, other);
    const edits: Array<() => void> = [
      () => b.mprotect(1, base, LARGE_PAGES, 'r').writeWord(1, pieces[1]).readWord(1, pieces[2]).mprotect(1, base, LARGE_PAGES, 'rw').writeWord(1, pieces[2]),
      () => b.clearAd(1, pieces[3]).readWord(1, pieces[0]).inspect(1, base).writeWord(1, pieces[1]).inspect(1, base),
      () => b.writeWord(2, other).clearAd(1, pieces[2]).readWord(1, pieces[2]).writeWord(1, pieces[3]).inspect(1, pieces[0]),
      () => b.fork(1, 3).readWord(3, pieces[1]).writeWord(3, pieces[2]).readWord(1, pieces[2]).exit(3).writeWord(1, pieces[0]),
    ];
    for (const edit of shuffled(random, edits)) edit();
    // A split: part of the page unmapped or reprotected; the rest keeps its data, the cut part changes.
    const cut = pieces[random.int(1, 2)];
    if (random.int(0, 1) === 0) b.munmap(1, cut, random.int(1, 3)).readWord(1, cut).readWord(1, cut - PAGE).writeWord(1, pieces[3]);
    else b.mprotect(1, cut, random.int(1, 3), random.pick(['r', 'rx'] as const)).writeWord(1, cut).readWord(1, cut).writeWord(1, cut - PAGE).inspect(1, pieces[3]);
    b.readWord(1, pieces[0]).writeWord(1, pieces[3]);
    b.munmap(2, other, LARGE_PAGES).readWord(2, other).mmap(2, other, LARGE_PAGES, random.pick(PROTS), '2M').readWord(2, other + PAGE).inspect(2, other);
  },
);
