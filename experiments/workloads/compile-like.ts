import { Random } from '../../reference/scenario/random';
import { PAGE_BYTES, Workload, WorkloadEvent, WorkloadSettings, pageOf, regionPageSize, scaled, scaledCount } from './workload';

const TOOLCHAIN = 0x40_0000n;
const TOOLCHAIN_PAGES = 256;
const HEADERS = 0x1000_0000n;
const HEADER_PAGES = 128;
const ARENA = 0x2000_0000n;
const ARENA_PAGES = 512; // 2 MiB: one large page when large pages are on
const JOBS = 30;
const ACCESSES_PER_JOB = 1500;

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
  *setUp(): Iterable<WorkloadEvent> {
    yield { op: 'spawn', vm: 1, pid: 1 };
    yield { op: 'mmap', vm: 1, pid: 1, va: TOOLCHAIN, pages: TOOLCHAIN_PAGES, prot: 'rx' };
    yield { op: 'mmap', vm: 1, pid: 1, va: HEADERS, pages: HEADER_PAGES, prot: 'rw' };
    for (let page = 0; page < TOOLCHAIN_PAGES; page++) yield { op: 'exec', vm: 1, pid: 1, va: pageOf(TOOLCHAIN, page) };
    for (let page = 0; page < HEADER_PAGES; page++) yield { op: 'write', vm: 1, pid: 1, va: pageOf(HEADERS, page), value: page };
  },
  *measured(settings: WorkloadSettings): Iterable<WorkloadEvent> {
    const random = new Random(11);
    const arenaPageSize = regionPageSize(settings, ARENA_PAGES * PAGE_BYTES);
    for (let job = 0; job < scaled(JOBS, settings); job++) {
      yield { op: 'fork', vm: 1, pid: 1, child: 2 };
      yield { op: 'mmap', vm: 1, pid: 2, va: ARENA, pages: ARENA_PAGES, prot: 'rw', pageSize: arenaPageSize };
      let cursor = 0;
      for (let access = 0; access < ACCESSES_PER_JOB; access++) {
        const kind = random.weighted<'code' | 'header' | 'arena-write' | 'arena-read'>([['code', 3], ['header', 2], ['arena-write', 2], ['arena-read', 3]]);
        if (kind === 'code') yield { op: 'exec', vm: 1, pid: 2, va: pageOf(TOOLCHAIN, random.int(0, 63) + (random.chance(0.1) ? random.int(0, TOOLCHAIN_PAGES - 64) : 0)) };
        else if (kind === 'header') yield { op: 'read', vm: 1, pid: 2, va: pageOf(HEADERS, random.int(0, HEADER_PAGES - 1)) };
        else {
          // The arena grows like a heap: mostly near the allocation cursor, now and then anywhere already used.
          if (kind === 'arena-write' && random.chance(0.3) && cursor < ARENA_PAGES - 1) cursor++;
          const page = random.chance(0.8) ? Math.max(0, cursor - random.int(0, 3)) : random.int(0, cursor);
          yield kind === 'arena-write' ? { op: 'write', vm: 1, pid: 2, va: pageOf(ARENA, page), value: access } : { op: 'read', vm: 1, pid: 2, va: pageOf(ARENA, page) };
        }
      }
      yield { op: 'exit', vm: 1, pid: 2 };
      yield { op: 'write', vm: 1, pid: 1, va: pageOf(HEADERS, job % HEADER_PAGES), value: job };
    }
  },
};
