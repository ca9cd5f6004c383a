import { DEFAULT_COST_MODEL } from '../../../reference/hardware/cost-model';
import { EXIT_REASONS } from '../../../reference/hardware/stats';
import { ExitReason } from '../../../reference/scenario/types';
import { Configuration, ConfigurationResult, ExperimentResults } from '../../experiment-types';

/**
 * A small ExperimentResults for the page's tests: two workloads under four
 * configurations, with round figures so every bar and table cell can be
 * worked out by hand, and two claims, one holding and one not.
 */

export const CONFIGURATIONS: readonly Configuration[] = [
  { id: 'native', label: 'Native', mode: 'native', machine: {}, guestLargePages: false },
  { id: 'shadow', label: 'Shadow', mode: 'shadow', machine: {}, guestLargePages: false },
  { id: 'ept', label: 'EPT', mode: 'ept', machine: {}, guestLargePages: false },
  { id: 'ept-caches', label: 'EPT + walk caches', mode: 'ept', machine: { walkCaches: { guest: 24, nested: 24 } }, guestLargePages: false },
];

/** Text with markup in it, as a workload's description: the page must show it, never run it. */
export const HOSTILE_TEXT = 'Forks and exits <script>alert("x")</script> & <img src=x onerror=alert(1)>';

interface Figures {
  readonly accesses: number;
  readonly cycles: number;
  readonly tlbMisses: number;
  readonly walkMemRefs: number;
  readonly exits?: Partial<Record<ExitReason, number>>;
  readonly hiddenPageFaults?: number;
  readonly guestPageFaults?: number;
  readonly walkCacheHits?: { readonly guest: number; readonly nested: number };
  readonly pages: { readonly guest: number; readonly shadow?: number; readonly ept?: number };
}

/** One run, with the ratios and totals derived from the figures as the experiment runner derives them. */
export function configurationResult(configurationId: string, figures: Figures): ConfigurationResult {
  const configuration = CONFIGURATIONS.find((candidate) => candidate.id === configurationId);
  if (configuration === undefined) throw new Error(`no configuration ${configurationId} in the fixture`);
  const vmExitsByReason = Object.fromEntries(EXIT_REASONS.map((reason) => [reason, figures.exits?.[reason] ?? 0])) as Record<ExitReason, number>;
  return {
    configuration: configuration.id,
    label: configuration.label,
    mode: configuration.mode,
    accesses: figures.accesses,
    cycles: figures.cycles,
    cyclesPerAccess: figures.cycles / figures.accesses,
    cyclesBy: cyclesSplit(figures, vmExitsByReason),
    tlbMisses: figures.tlbMisses,
    walks: figures.tlbMisses,
    walkMemRefs: figures.walkMemRefs,
    refsPerWalk: figures.tlbMisses === 0 ? 0 : figures.walkMemRefs / figures.tlbMisses,
    guestPageFaults: figures.guestPageFaults ?? 0,
    hiddenPageFaults: figures.hiddenPageFaults ?? 0,
    vmExits: Object.values(vmExitsByReason).reduce((sum, count) => sum + count, 0),
    vmExitsByReason,
    walkCacheHits: { guest: figures.walkCacheHits?.guest ?? 0, nested: figures.walkCacheHits?.nested ?? 0, nestedTlb: 0 },
    peakPageTablePages: { guest: figures.pages.guest, shadow: figures.pages.shadow ?? 0, ept: figures.pages.ept ?? 0 },
  };
}

/**
 * The cycles split the way a run would be, and adding up to its total: exits
 * at the round trip's price (at most half the cycles), walks at theirs with
 * what is left, the rest the guest kernel's.
 */
function cyclesSplit(figures: Figures, exits: Readonly<Record<ExitReason, number>>): ConfigurationResult['cyclesBy'] {
  const exitCount = Object.values(exits).reduce((sum, count) => sum + count, 0);
  const vmExit = Math.min(figures.cycles / 2, exitCount * DEFAULT_COST_MODEL.vmExitRoundTrip);
  const pageWalk = Math.min(figures.cycles - vmExit, figures.walkMemRefs * DEFAULT_COST_MODEL.walkReference);
  return { 'tlb-hit': 0, 'page-walk': pageWalk, 'vm-exit': vmExit, hypervisor: 0, 'guest-kernel': figures.cycles - vmExit - pageWalk, 'tlb-flush': 0 };
}

export function experimentFixture(): ExperimentResults {
  return {
    scale: 1,
    costModel: DEFAULT_COST_MODEL,
    configurations: CONFIGURATIONS,
    workloads: [
      {
        workload: 'tlb-miss',
        title: 'TLB-miss-bound random walk',
        description: 'Reads scattered over far more pages than the TLB holds.',
        events: 10_000,
        runs: [
          // Cycles per access 9, 12, 49, 17; references per walk 4, 4, 24, 8.
          configurationResult('native', { accesses: 10_000, cycles: 90_000, tlbMisses: 1_000, walkMemRefs: 4_000, pages: { guest: 6 } }),
          configurationResult('shadow', { accesses: 10_000, cycles: 120_000, tlbMisses: 1_000, walkMemRefs: 4_000, exits: { 'hidden-fault': 20 }, hiddenPageFaults: 20, pages: { guest: 6, shadow: 6 } }),
          configurationResult('ept', { accesses: 10_000, cycles: 490_000, tlbMisses: 1_000, walkMemRefs: 24_000, exits: { 'ept-violation': 30 }, pages: { guest: 6, ept: 8 } }),
          configurationResult('ept-caches', { accesses: 10_000, cycles: 170_000, tlbMisses: 1_000, walkMemRefs: 8_000, exits: { 'ept-violation': 30 }, walkCacheHits: { guest: 900, nested: 2_500 }, pages: { guest: 6, ept: 8 } }),
        ],
      },
      {
        workload: 'fork-exit',
        title: 'Fork/exit storm',
        description: HOSTILE_TEXT,
        events: 2_000,
        runs: [
          // Cycles per access 250, 1,500, 330, 300; references per walk 4, 4, 18, 9.
          configurationResult('native', { accesses: 1_000, cycles: 250_000, tlbMisses: 300, walkMemRefs: 1_200, guestPageFaults: 200, pages: { guest: 40 } }),
          configurationResult('shadow', {
            accesses: 1_000,
            cycles: 1_500_000,
            tlbMisses: 300,
            walkMemRefs: 1_200,
            exits: { 'cr3-write': 100, 'pt-write': 400, 'hidden-fault': 200 },
            hiddenPageFaults: 200,
            guestPageFaults: 200,
            pages: { guest: 40, shadow: 36 },
          }),
          configurationResult('ept', { accesses: 1_000, cycles: 330_000, tlbMisses: 300, walkMemRefs: 5_400, exits: { 'ept-violation': 50 }, guestPageFaults: 200, pages: { guest: 40, ept: 10 } }),
          configurationResult('ept-caches', { accesses: 1_000, cycles: 300_000, tlbMisses: 300, walkMemRefs: 2_700, exits: { 'ept-violation': 50 }, guestPageFaults: 200, walkCacheHits: { guest: 150, nested: 600 }, pages: { guest: 40, ept: 10 } }),
        ],
      },
    ],
    claims: [
      {
        id: 'ept-wins-fork',
        claim: 'EPT beats shadow paging on fork-heavy work',
        source: 'Adams & Agesen, ASPLOS 2006',
        published: 'up to 4x',
        model: '4.5x',
        holds: true,
        workloads: ['fork-exit'],
      },
      {
        id: 'walk-caches-tlb-miss',
        claim: 'Walk caches bring EPT within 10% of native on TLB misses',
        source: 'Bhargava et al., ASPLOS 2008',
        published: 'within 10%',
        model: '89% slower',
        holds: false,
        workloads: ['tlb-miss'],
      },
    ],
  };
}
