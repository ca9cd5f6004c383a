import { TlbObservation } from '../../observe/tlb/tlb-observation';
import { describeRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { sketchTlb } from './test-support/sketch-tlb';
import { ObservedTest, loadTlbAssignment, tlbFailures } from './test-support/tlb-assignment';

const { assignment, tests } = loadTlbAssignment();
const suiteOf = (name: string) => tests.filter((test) => test.suite === name);
const publicTests = suiteOf('public');

describe('the tlb assignment', () => {
  it('loads: manifest, suites, generators, and parts whose points are the sum of their tests, 100 in all', () => {
    expect(assignment.manifest).toMatchObject({ id: 'tlb', assesses: ['tlb'], provides: ['walker', 'nestedWalker'], studentFiles: ['starter/src/tlb.ts'] });
    const pointsByPart: Record<string, number> = {};
    for (const test of tests) pointsByPart[test.part] = (pointsByPart[test.part] ?? 0) + test.points;
    expect(pointsByPart).toEqual(Object.fromEntries(assignment.manifest.parts.map((part) => [part.id, part.points])));
    expect(Object.values(pointsByPart).reduce((sum, points) => sum + points, 0)).toBe(100);
  });

  it('keeps the public suite small and visible, every other suite hidden, and tests every part where students cannot see', () => {
    expect(publicTests.length).toBeGreaterThanOrEqual(10);
    expect(publicTests.length).toBeLessThanOrEqual(20);
    for (const suite of assignment.manifest.suites) expect({ suite: suite.name, visibility: suite.visibility }).toEqual({ suite: suite.name, visibility: suite.name === 'public' ? 'visible' : 'hidden' });
    const hiddenParts = new Set(tests.filter((test) => test.suite !== 'public').map((test) => test.part));
    expect([...hiddenParts].sort()).toEqual(assignment.manifest.parts.map((part) => part.id).sort());
    for (const test of tests) expect({ test: test.id, hinted: (test.hint?.length ?? 0) > 20 }).toEqual({ test: test.id, hinted: true });
  });

  it('runs every case of every suite on the reference to the end', () => {
    for (const test of tests) {
      for (const [index, { expected }] of test.cases.entries()) {
        const stopped = expected.kind === 'tlb' || expected.kind === 'machine' ? expected.stopped : { message: `a ${expected.kind} observation` };
        expect({ test: test.id, case: index + 1, stopped }).toEqual({ test: test.id, case: index + 1, stopped: undefined });
      }
    }
  });

  it('is passed, every case of every suite, by a TLB written independently from the spec', () => {
    expect([...tlbFailures(tests, sketchTlb()).entries()].map(([id, { first }]) => ({ id, first }))).toEqual([]);
  });
});

// The TLB-probe tests only: a TLB probe names the rule more precisely, and the machine probes (the experiment's,
// and the invariant-judged workloads, which any-policy.slow.test.ts checks against bugs of its own) are the slowest.
describeRealisticBugs({ assignment, tests: tests.filter((test) => test.cases.every(({ probe }) => probe.kind === 'tlb')), bugs: REALISTIC_BUGS });

/** Outcome of each operation of a TLB probe, as a hand-worked line: `hit 0x5123`, `miss`, `dropped 2`; fills are left out. */
function outcomeLines(observation: TlbObservation): string[] {
  return observation.steps.flatMap(({ outcome }) => {
    switch (outcome.kind) {
      case 'hit':
        return [`hit ${outcome.address}`];
      case 'miss':
        return ['miss'];
      case 'dropped':
        return [`dropped ${outcome.count}`];
      case 'filled':
        return [];
      case 'garbage':
        return [`garbage: ${outcome.problem}`];
    }
  });
}

/**
 * The public suite's literal probes, worked out by hand from spec.md: the
 * outcome of every operation but the fills, in order. Sets are (page
 * number mod sets); an 8-entry 2-way TLB has 4 sets, a 16-entry 4-way one 4.
 */
const HAND_WORKED: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  // 0x400abc fills page 0x400000; 0x100400000 shares its low 32 bits.
  'tlb.public.hit-and-miss': [['hit 0x5123', 'miss', 'miss', 'hit 0x9ffc', 'miss', 'hit 0x5000']],
  // The 2 MiB page 0x40000000 (set 0x200 mod 4 = 0) serves 0x401ff000 (4 KiB set 3); the 1 GiB page 0x7f0000000000.
  'tlb.public.large-pages': [['hit 0x801ff000', 'miss', 'miss', 'hit 0x1fffff000', 'miss', 'hit 0x80000008']],
  // Pages 0x400 to 0x407 are two per set in 4 sets (page number mod 4): all 8 stay.
  'tlb.public.sets-fill-evenly': [['hit 0x10010', 'hit 0x11010', 'hit 0x12010', 'hit 0x13010', 'hit 0x14010', 'hit 0x15010', 'hit 0x16010', 'hit 0x17010']],
  // The global fill replaces PCID 1's and 2's entries of the page (set 0 is full: without the replacing it would evict one and
  // keep the other); PCID 4's non-global fill replaces the global entry; its refill replaces its own entry.
  'tlb.public.refill-replaces': [['hit 0x40010', 'hit 0x40010', 'miss', 'hit 0x50010', 'hit 0x51010']],
  // Set 0 holds A (0x400000) and B (0x404000); the hit on A makes B the LRU, which C evicts; then A is the LRU and B's refill evicts it.
  'tlb.public.set-conflict-lru': [['hit 0x10000', 'miss', 'hit 0x10000', 'hit 0x13000', 'hit 0x12000', 'miss', 'hit 0x13000', 'hit 0x11000']],
  'tlb.public.pcids-and-globals': [['hit 0x20010', 'hit 0x30010', 'miss', 'hit 0x40008', 'hit 0x40008', 'miss', 'dropped 1', 'miss', 'hit 0x30010', 'hit 0x40008']],
  'tlb.public.vpids': [['hit 0x50444', 'hit 0x60444', 'miss', 'miss', 'dropped 1', 'hit 0x50444', 'miss']],
  'tlb.public.cr3-write': [['dropped 2', 'miss', 'miss', 'hit 0x7000', 'hit 0x8000', 'dropped 0']],
  // invlpg 0x401ff123 lies in the 2 MiB page; 0x803fffffff is the last byte of the 1 GiB page at 0x8000000000.
  'tlb.public.invlpg-sizes': [['dropped 1', 'miss', 'hit 0x7000', 'dropped 1', 'miss', 'dropped 0']],
  // 0x350000 lies in the guest's 2 MiB page 0x200000: its three pieces in PCID 0 go; the next page's piece and PCID 7's stay.
  'tlb.public.invlpg-pieces': [['dropped 3', 'miss', 'miss', 'miss', 'hit 0x2000000', 'hit 0x1001000']],
  // PCID 5's invlpg drops the global kernel page of PCID 0; VPID 1's invlpg in its 2 MiB page drops its own piece, not VPID 2's.
  'tlb.public.invlpg-globals': [['dropped 1', 'miss', 'hit 0x5000', 'dropped 1', 'hit 0x3001000', 'miss']],
  'tlb.public.vm-transitions': [
    ['dropped 0', 'dropped 0', 'hit 0x5000', 'hit 0x6000'],
    ['hit 0x5000', 'dropped 2', 'miss', 'dropped 1', 'dropped 0'],
  ],
  'tlb.public.invvpid': [['dropped 3', 'miss', 'miss', 'hit 0x8000', 'dropped 1', 'miss']],
  // The write drops the clean entry; the read after it misses; the dirty refill serves the write.
  'tlb.public.clean-then-write': [['hit 0x5000', 'miss', 'miss', 'hit 0x5000', 'hit 0x5000']],
  // A user read of a supervisor entry drops it; WP clear lets the kernel write a read-only page, WP set does not; a fetch of a no-execute page drops it.
  // Rights x and u only: the fetch hits, the read may not use the entry and drops it, so the next fetch misses.
  'tlb.public.execute-only': [['hit 0x9040', 'miss', 'miss']],
  'tlb.public.rights': [['hit 0x6000', 'miss', 'miss', 'hit 0x7000', 'miss', 'miss', 'miss']],
};

describe('the public literal probes, against hand-worked results', () => {
  const literal = publicTests.filter((test) => test.seed === undefined);

  it('has a hand-worked result for every literal test', () => {
    expect(literal.map((test) => test.id).sort()).toEqual(Object.keys(HAND_WORKED).sort());
  });

  it.each(literal.map((test) => [test.id, test] as const))('%s', (id, test: ObservedTest) => {
    const got = test.cases.map(({ expected }) => (expected.kind === 'tlb' ? outcomeLines(expected) : [`a ${expected.kind} observation`]));
    expect(got).toEqual(HAND_WORKED[id]);
  });
});

describe('the experiment, on the reference machine', () => {
  const runs = tests
    .filter((test) => test.part === 'experiment')
    .flatMap((test) => test.cases)
    .map(({ probe, expected }) => {
      if (probe.kind !== 'machine' || expected.kind !== 'machine' || expected.stats === undefined) throw new Error(`the experiment's cases are machine runs to the end, got a ${probe.kind} probe`);
      return { machine: probe.scenario.machine ?? {}, stats: expected.stats };
    });
  const hits = (vpid: boolean, entries: number): number => {
    const run = runs.find(({ machine }) => machine.vpid === vpid && machine.tlb?.entries === entries);
    if (run === undefined) throw new Error(`no experiment run with ${entries} entries, VPIDs ${vpid ? 'on' : 'off'}`);
    return run.stats.tlbHits;
  };

  it('runs in ept mode, 4-way', () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const { machine } of runs) expect({ mode: machine.mode, ways: machine.tlb?.ways }).toEqual({ mode: 'ept', ways: 4 });
  });

  /**
   * Worked out by hand: 10 rounds of two turns of 16 reads, 320 reads, after
   * a set-up whose writes all miss (first touches). With VPIDs, a TLB that
   * holds both working sets (64 entries; or 32 = 8 sets × 4 ways, 2 pages of
   * each VM per set) hits on every measured read. Without, every switch
   * empties it and a turn never reads a page twice: no hit. With 16 entries
   * (4 sets × 4 ways) a turn brings 4 pages into each set and evicts all 4
   * of the other VM's: no hit either, VPIDs or not.
   */
  it("shows the lecture's point: VPIDs save every miss when the TLB holds both working sets, and nothing when it cannot", () => {
    expect([64, 32, 16].map((entries) => ({ entries, withVpids: hits(true, entries), without: hits(false, entries) }))).toEqual([
      { entries: 64, withVpids: 320, without: 0 },
      { entries: 32, withVpids: 320, without: 0 },
      { entries: 16, withVpids: 0, without: 0 },
    ]);
  });
});
