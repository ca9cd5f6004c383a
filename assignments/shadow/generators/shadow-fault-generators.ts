import { Prot } from '../../../reference/scenario/types';
import { shapedGenerator } from './shadow-generator-kit';
import { AREAS, PAGE, pageIn, pagesOf, ShadowScenarioBuilder, shuffled } from './shadow-scenario-builder';

/**
 * Generators aimed at the hidden-fault handler: the lecture's control flow
 * on first touches, the faults that belong to the guest (with every error
 * code the guest OS can cause), A/D emulation, and backed versus unbacked
 * guest frames.
 */

const PROTS: readonly Prot[] = ['r', 'rw', 'rx', 'rwx'];

/** First touches: each page of a few regions of random protection, in random order, in one or two processes; then a second touch and inspections. */
export const firstTouchGenerator = shapedGenerator(
  'shadow-first-touch',
  'hiddenFaultHandler',
  'First touches of fresh pages (read, write, exec as allowed) in one or two processes, then second touches and inspections.',
  (b) => {
    const random = b.random;
    const touched: Array<{ pid: number; page: number; prot: Prot }> = [];
    const processes = random.int(1, 2);
    for (let pid = 1; pid <= processes; pid++) {
      b.spawn(pid);
      for (const area of shuffled(random, AREAS).slice(0, random.int(1, 3))) {
        const pages = random.int(1, 3);
        const start = pageIn(random, area, pages);
        const prot = random.pick(PROTS);
        b.mmap(pid, start, pages, prot);
        for (const page of pagesOf(start, pages)) touched.push({ pid, page, prot });
      }
    }
    for (const { pid, page, prot } of shuffled(random, touched)) b.allowedAccess(pid, page, prot);
    for (const { pid, page, prot } of shuffled(random, touched).slice(0, 3)) b.allowedAccess(pid, page, prot).inspect(pid, page);
  },
);

/**
 * Accesses the guest's own tables forbid, so the handler must inject #PF
 * with the guest's error code: unmapped reads, writes and fetches (0x4, 0x6,
 * 0x14); writes to read-only pages before and after they are present (0x6,
 * 0x7); fetches from NX pages (0x14, 0x15); an access after munmap. Allowed
 * accesses in between make pages present, so both P=0 and P=1 codes occur.
 */
export const trueFaultsGenerator = shapedGenerator(
  'shadow-true-faults',
  'hiddenFaultHandler',
  'Accesses the guest forbids (unmapped, write to read-only, fetch from NX, after munmap), before and after the page is present, mixed with allowed ones.',
  (b) => {
    const random = b.random;
    const [readOnlyArea, writableArea, codeArea, unmappedArea] = shuffled(random, AREAS);
    const readOnly = pageIn(random, readOnlyArea, 2);
    const writable = pageIn(random, writableArea, 3);
    const code = pageIn(random, codeArea, 2);
    const unmapped = pageIn(random, unmappedArea);
    b.spawn(1).mmap(1, readOnly, 2, 'r').mmap(1, writable, 3, 'rw').mmap(1, code, 2, 'rx');
    const page = (start: number) => start + random.int(0, 1) * PAGE;
    const doomed = writable + 2 * PAGE;
    const cases: Array<(b: ShadowScenarioBuilder) => void> = [
      (s) => s.readWord(1, unmapped),
      (s) => s.writeWord(1, unmapped),
      (s) => s.execWord(1, unmapped),
      (s) => s.writeWord(1, page(readOnly)),
      (s) => s.readWord(1, page(readOnly)),
      (s) => s.execWord(1, page(readOnly)),
      (s) => s.execWord(1, page(writable)),
      (s) => s.writeWord(1, page(writable)),
      (s) => s.execWord(1, page(code)),
      (s) => s.writeWord(1, page(code)),
      (s) => s.writeWord(1, doomed).munmap(1, doomed, 1).readWord(1, doomed).writeWord(1, doomed),
    ];
    for (const run of shuffled(random, [...cases, ...cases.slice(0, 10)])) run(b);
  },
);

/** Accessed and dirty bits through shadow paging: read then write with inspections between, clear-ad, mprotect, exec, and a forked child's clean copies. */
export const accessedDirtyGenerator = shapedGenerator(
  'shadow-accessed-dirty',
  'hiddenFaultHandler',
  'A/D emulation: read then write of clean pages with inspections in between, clear-ad then access, mprotect, exec, and fork.',
  (b) => {
    const random = b.random;
    const [dataArea, codeArea] = shuffled(random, AREAS);
    const pages = random.int(2, 4);
    const data = pageIn(random, dataArea, pages);
    const code = pageIn(random, codeArea);
    b.spawn(1).mmap(1, data, pages, 'rw').mmap(1, code, 1, 'rx');
    const patterns: Array<(page: number) => void> = [
      (page) => b.readWord(1, page).inspect(1, page).writeWord(1, page).inspect(1, page),
      (page) => b.writeWord(1, page).inspect(1, page).readWord(1, page).inspect(1, page),
      (page) => b.readWord(1, page).clearAd(1, page).inspect(1, page).writeWord(1, page).inspect(1, page),
      (page) => b.writeWord(1, page).clearAd(1, page).readWord(1, page).inspect(1, page).writeWord(1, page).inspect(1, page),
      (page) => b.readWord(1, page).mprotect(1, page, 1, 'r').writeWord(1, page).inspect(1, page).mprotect(1, page, 1, 'rw').writeWord(1, page).inspect(1, page),
    ];
    for (const page of shuffled(random, pagesOf(data, pages))) random.pick(patterns)(page);
    b.execWord(1, code).inspect(1, code).clearAd(1, code).execWord(1, code).inspect(1, code);
    b.fork(1, 2).readWord(2, data).inspect(2, data).writeWord(2, data).inspect(2, data).inspect(1, data);
  },
);

/**
 * Backed and unbacked guest frames: pages written then unmapped free their
 * guest frames, which stay backed; the next mappings reuse them (no new host
 * frame) and need fresh ones too (a host frame on first use). A process that
 * exits hands its table frames on to the next one.
 */
export const frameBackingGenerator = shapedGenerator(
  'shadow-frame-backing',
  'hiddenFaultHandler',
  'Backed versus unbacked guest frames: write, munmap, remap and touch again (reused frames read as zero), then exit and spawn.',
  (b) => {
    const random = b.random;
    const [firstArea, secondArea, thirdArea] = shuffled(random, AREAS);
    const pages = random.int(2, 4);
    const first = pageIn(random, firstArea, pages);
    b.spawn(1).mmap(1, first, pages, 'rw');
    for (const page of pagesOf(first, pages)) b.writeWord(1, page);
    b.munmap(1, first, pages);
    const second = pageIn(random, secondArea, pages + 1);
    b.mmap(1, second, pages + 1, 'rw');
    for (const page of shuffled(random, pagesOf(second, pages + 1))) b.readWord(1, page).writeWord(1, page);
    b.inspect(1, second).exit(1).spawn(2);
    const third = pageIn(random, thirdArea, 2);
    b.mmap(2, third, 2, random.pick(['rw', 'rwx'] as const));
    for (const page of pagesOf(third, 2)) b.readWord(2, page).writeWord(2, page).inspect(2, page);
  },
);
