import { ScenarioBuilder } from '../../reference/scenario/builder';
import { Random } from '../../reference/scenario/random';
import { PAGE_BYTES, Workload, WorkloadSettings, pageOf, regionPageSize, scaled, scaledCount } from './workload';

const TOOLCHAIN = 0x40_0000n;
const TOOLCHAIN_PAGES = 256;
const HEADERS = 0x1000_0000n;
const HEADER_PAGES = 128;
const ARENA = 0x2000_0000n;
const ARENA_PAGES = 512; // 2 MiB: one large page when large pages are on
const JOBS = 30;
const ACCESSES_PER_JOB = 1500;
/** The pids of make and of the compiler it runs at a time. */
const MAKE = 1;
const COMPILER = 2;

/**
 * A build: `make` forks one compiler per file. Each compiler runs toolchain
 * code, reads headers it shares with its parent, and fills a fresh 2 MiB
 * arena with mostly local accesses, then exits. A mix of everything: forks
 * and exits, demand faults, TLB misses with locality.
 */
export const compileLike: Workload = {
  name: 'compile',
  title: 'Compile-like mix',
  description: (scale) => `make forks ${scaledCount(JOBS, scale)} compilers in turn; each executes toolchain code, reads shared headers and works in a fresh 2 MiB arena (${ACCESSES_PER_JOB} accesses), then exits.`,
  setUp(scenario: ScenarioBuilder): void {
    scenario.spawn(MAKE).mmap(MAKE, TOOLCHAIN, TOOLCHAIN_PAGES, 'rx').mmap(MAKE, HEADERS, HEADER_PAGES, 'rw');
    for (let page = 0; page < TOOLCHAIN_PAGES; page++) scenario.exec(MAKE, pageOf(TOOLCHAIN, page));
    for (let page = 0; page < HEADER_PAGES; page++) scenario.write(MAKE, pageOf(HEADERS, page), page);
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    const random = new Random(11);
    const arenaPageSize = regionPageSize(settings, ARENA_PAGES * PAGE_BYTES);
    for (let job = 0; job < scaled(JOBS, settings); job++) {
      scenario.fork(MAKE, COMPILER).mmap(COMPILER, ARENA, ARENA_PAGES, 'rw', arenaPageSize);
      let cursor = 0;
      for (let access = 0; access < ACCESSES_PER_JOB; access++) {
        const kind = random.weighted<'code' | 'header' | 'arena-write' | 'arena-read'>([['code', 3], ['header', 2], ['arena-write', 2], ['arena-read', 3]]);
        if (kind === 'code') scenario.exec(COMPILER, pageOf(TOOLCHAIN, random.int(0, 63) + (random.chance(0.1) ? random.int(0, TOOLCHAIN_PAGES - 64) : 0)));
        else if (kind === 'header') scenario.read(COMPILER, pageOf(HEADERS, random.int(0, HEADER_PAGES - 1)));
        else {
          // The arena grows like a heap: mostly near the allocation cursor, now and then anywhere already used.
          if (kind === 'arena-write' && random.chance(0.3) && cursor < ARENA_PAGES - 1) cursor++;
          const page = random.chance(0.8) ? Math.max(0, cursor - random.int(0, 3)) : random.int(0, cursor);
          if (kind === 'arena-write') scenario.write(COMPILER, pageOf(ARENA, page), access);
          else scenario.read(COMPILER, pageOf(ARENA, page));
        }
      }
      scenario.exit(COMPILER).write(MAKE, pageOf(HEADERS, job % HEADER_PAGES), job);
    }
  },
};
