import { checkClaims } from './claims';
import { ConfigurationResult, ExperimentResults } from './experiment-types';
import { runExperiments, selectWorkloads } from './run-experiments';

/**
 * The directions the published evaluations found, asserted on the model: not
 * exact numbers (the model's guests do nothing but MMU work), but which mode
 * wins where, and what each remedy does to the cost of a TLB miss.
 */
/** A fifth of each measured phase: the same working sets and the same steady state, in a fifth of the time. */
const SCALE = 0.2;

describe('vmlab experiment all', () => {
  let results: ExperimentResults;
  beforeAll(() => {
    results = runExperiments(selectWorkloads('all'), undefined, SCALE);
  });
  const run = (workload: string, configuration: string): ConfigurationResult => {
    const found = results.workloads.find((result) => result.workload === workload)?.runs.find((result) => result.configuration === configuration);
    if (found === undefined) throw new Error(`no run of ${workload} under ${configuration}`);
    return found;
  };
  const cost = (workload: string, configuration: string) => run(workload, configuration).cyclesPerAccess;

  it.each(['fork-exit', 'mmap-churn', 'ping-pong'])('EPT beats shadow paging by a large factor on %s', (workload) => {
    expect(cost(workload, 'shadow-caches') / cost(workload, 'ept-caches')).toBeGreaterThan(1.4);
  });

  it('with VPIDs a VM switch costs no TLB miss; without them each turn starts cold, and a cold 2D walk costs most', () => {
    expect(run('vm-switch', 'ept').tlbMisses).toBe(0);
    expect(run('vm-switch', 'shadow').tlbMisses).toBe(0);
    expect(run('vm-switch', 'ept-no-vpid').tlbMisses).toBeGreaterThan(0);
    expect(cost('vm-switch', 'shadow-no-vpid')).toBeGreaterThan(cost('vm-switch', 'shadow'));
    expect(cost('vm-switch', 'ept-no-vpid')).toBeGreaterThan(cost('vm-switch', 'shadow-no-vpid'));
  });

  it('shadow paging beats EPT on the TLB-miss-bound random walk, with or without walk caches', () => {
    expect(cost('tlb-miss', 'shadow')).toBeLessThan(cost('tlb-miss', 'ept'));
    expect(cost('tlb-miss', 'shadow-caches')).toBeLessThan(cost('tlb-miss', 'ept-caches'));
  });

  it('walk caches, host large pages and large pages in both dimensions each narrow that gap', () => {
    const gap = (ept: string, shadow: string) => cost('tlb-miss', ept) / cost('tlb-miss', shadow);
    const bare = gap('ept', 'shadow');
    expect(gap('ept-caches', 'shadow-caches')).toBeLessThan(bare);
    expect(gap('ept-host-2m', 'shadow')).toBeLessThan(bare);
    expect(gap('ept-large', 'shadow-large')).toBeLessThan(1);
  });

  it('a TLB miss costs the walk the analysis predicts: 4 natively and over shadow tables, 24 in 2D, 19 with 2 MiB host pages, 35 with 5 levels in both', () => {
    expect(run('tlb-miss', 'native').refsPerWalk).toBe(4);
    expect(run('tlb-miss', 'shadow').refsPerWalk).toBe(4);
    expect(run('tlb-miss', 'ept').refsPerWalk).toBe(24);
    expect(run('tlb-miss', 'ept-host-2m').refsPerWalk).toBe(19);
    expect(run('tlb-miss', 'ept-5-level').refsPerWalk).toBe(35);
  });

  it('on the compile-like mix, nested walk caching, then a nested TLB, then host large pages each cut the cost', () => {
    expect(cost('compile', 'ept-caches')).toBeLessThan(cost('compile', 'ept'));
    expect(cost('compile', 'ept-caches-ntlb')).toBeLessThan(cost('compile', 'ept-caches'));
    expect(cost('compile', 'ept-host-2m')).toBeLessThan(cost('compile', 'ept'));
  });

  it('shadow paging keeps about as many page-table pages again as the guest', () => {
    for (const workload of results.workloads) {
      const { guest, shadow } = run(workload.workload, 'shadow').peakPageTablePages;
      expect((guest + shadow) / guest).toBeGreaterThanOrEqual(1.5);
      expect((guest + shadow) / guest).toBeLessThanOrEqual(3);
    }
  });

  it('only shadow paging exits on context switches and page-table writes; EPT exits only to back memory and to switch VMs', () => {
    const shadow = run('ping-pong', 'shadow').vmExitsByReason;
    expect(shadow['cr3-write']).toBeGreaterThan(0);
    for (const workload of results.workloads) {
      const exits = run(workload.workload, 'ept').vmExitsByReason;
      const other = Object.entries(exits).filter(([reason, count]) => reason !== 'ept-violation' && reason !== 'vm-switch' && count > 0);
      expect(other).toEqual([]);
    }
  });

  it('every claim checked holds on the model, and each names its source and both figures', () => {
    expect(results.claims.map((claim) => claim.id)).toEqual(checkClaims(results.workloads).map((claim) => claim.id));
    expect(results.claims.length).toBeGreaterThanOrEqual(6);
    for (const claim of results.claims) {
      expect({ id: claim.id, holds: claim.holds }).toEqual({ id: claim.id, holds: true });
      expect(claim.source).not.toBe('');
      expect(claim.published).not.toBe('');
      expect(claim.model).toMatch(/\d/);
    }
  });
});

describe('selecting experiments', () => {
  it('one workload runs alone, and only the claims it bears on are checked', () => {
    const results = runExperiments(selectWorkloads('ping-pong'), undefined, SCALE);
    expect(results.workloads.map((workload) => workload.workload)).toEqual(['ping-pong']);
    expect(results.claims).toEqual([]);
  });

  it('an unknown name lists the known ones', () => {
    expect(() => selectWorkloads('forkbomb')).toThrow('unknown experiment "forkbomb"; expected one of fork-exit, ping-pong, vm-switch, mmap-churn, tlb-miss, compile, all');
  });
});
