import { ClaimCheck, ConfigurationResult, WorkloadResult } from './experiment-types';

/**
 * The published trade-offs between shadow paging and nested paging, each
 * with the model's figure for it. A claim holds when the model shows the same
 * direction; the magnitudes are shown side by side, not required to match:
 * the model's guests do nothing but memory accesses and MMU work, so its
 * factors run larger than whole applications'.
 *
 * Comparisons between modes use the walk-cache configurations: every CPU with
 * EPT or NPT also caches paging structures, so shadow-with-cache against
 * EPT-with-caches is the like-for-like pair.
 */
interface ClaimDefinition {
  readonly id: string;
  readonly claim: string;
  readonly source: string;
  readonly published: string;
  readonly workloads: readonly string[];
  /** The model's figure and whether it points the published way, or null when a run it needs is missing. */
  evaluate(run: (workload: string, configuration: string) => ConfigurationResult | undefined): { model: string; holds: boolean } | null;
}

const VMWARE_2009 = 'VMware, "Performance Evaluation of Intel EPT Hardware Assist" (2009)';
const BHARGAVA_2008 = 'Bhargava, Serebrin, Spadini, Manne, "Accelerating Two-Dimensional Page Walks for Virtualized Systems", ASPLOS 2008';

const CLAIMS: readonly ClaimDefinition[] = [
  {
    id: 'ept-wins-page-table-churn',
    claim: 'EPT beats shadow paging by a large factor when page tables change often (fork/exit, mmap/munmap) and on context switches',
    source: VMWARE_2009,
    published: 'up to 48% faster on MMU-intensive benchmarks, up to 600% on microbenchmarks (process creation, context switches, page-table churn)',
    workloads: ['fork-exit', 'mmap-churn', 'ping-pong'],
    evaluate: (run) => factors(run, ['fork-exit', 'mmap-churn', 'ping-pong'], 'shadow-caches', 'ept-caches', (factor) => factor >= 1.4),
  },
  {
    id: 'shadow-wins-tlb-misses',
    claim: 'Shadow paging beats EPT when the workload is bound by TLB misses: a 2D walk costs up to 24 references against 4',
    source: `${VMWARE_2009}; ${BHARGAVA_2008}`,
    published: 'TLB-miss-heavy workloads get slower under EPT: a 2D walk takes up to 24 references against 4',
    workloads: ['tlb-miss'],
    evaluate: (run) => factors(run, ['tlb-miss'], 'ept-caches', 'shadow-caches', (factor) => factor > 1),
  },
  {
    id: 'nested-walk-caching',
    claim: 'Caching nested page-walk entries speeds up nested paging',
    source: BHARGAVA_2008,
    published: '15-38% faster',
    workloads: ['compile'],
    evaluate: (run) => improvement(run, 'compile', 'ept', 'ept-caches'),
  },
  {
    id: 'nested-tlb',
    claim: 'A nested TLB (gPA to hPA) adds a little on top of the page-walk caches',
    source: BHARGAVA_2008,
    published: 'a further 3-7%',
    workloads: ['compile'],
    evaluate: (run) => improvement(run, 'compile', 'ept-caches', 'ept-caches-ntlb'),
  },
  {
    id: 'host-large-pages',
    claim: 'Backing guest memory with large host pages shortens every nested walk',
    source: BHARGAVA_2008,
    published: '3-22% faster',
    workloads: ['compile'],
    evaluate: (run) => improvement(run, 'compile', 'ept', 'ept-host-2m'),
  },
  {
    id: 'gap-narrows',
    claim: 'Walk caches and large pages narrow the TLB-miss gap between EPT and shadow paging',
    source: `${VMWARE_2009}; ${BHARGAVA_2008}`,
    published: 'large pages in guest and host narrow the gap; nested walk caching and host large pages each recover part of it',
    workloads: ['tlb-miss'],
    evaluate: (run) => {
      const bare = ratio(run('tlb-miss', 'ept'), run('tlb-miss', 'shadow'));
      const cached = ratio(run('tlb-miss', 'ept-caches'), run('tlb-miss', 'shadow-caches'));
      const large = ratio(run('tlb-miss', 'ept-large'), run('tlb-miss', 'shadow-large'));
      if (bare === null || cached === null || large === null) return null;
      return {
        model: `EPT / shadow cycles: ${times(bare)} bare, ${times(cached)} with walk caches, ${times(large)} with large pages`,
        holds: cached < bare && large < bare,
      };
    },
  },
  {
    id: 'vpid',
    claim: 'With VPIDs, TLB entries survive VM switches; without them every VM exit and entry flushes the TLB',
    source: 'Intel SDM vol. 3, 28.1 (virtual-processor identifiers); the lecture: "No need to flush TLB when you switch VMs!"',
    published: 'no TLB flush on VM entry or exit with VPIDs',
    workloads: ['vm-switch'],
    evaluate: (run) => {
      const ept = ratio(run('vm-switch', 'ept-no-vpid'), run('vm-switch', 'ept'));
      const shadow = ratio(run('vm-switch', 'shadow-no-vpid'), run('vm-switch', 'shadow'));
      if (ept === null || shadow === null) return null;
      return { model: `without VPIDs, ${times(ept)} the cycles per access under EPT and ${times(shadow)} under shadow paging (vm-switch)`, holds: ept > 1 && shadow > 1 };
    },
  },
  {
    id: 'shadow-memory',
    claim: "Shadow paging keeps a second set of page tables: page-table memory about twice the guest's",
    source: 'The lecture: every guest process needs a shadow page table, "2X memory requirements for page tables"',
    published: 'about 2x',
    workloads: ['compile'],
    evaluate: (run) => {
      const shadow = run('compile', 'shadow');
      if (shadow === undefined) return null;
      const { guest, shadow: shadowPages } = shadow.peakPageTablePages;
      const factor = (guest + shadowPages) / guest;
      return { model: `${times(factor)} (${guest} guest + ${shadowPages} shadow pages at the peak)`, holds: factor >= 1.5 && factor <= 3 };
    },
  },
];

/** The claims whose workloads all ran, checked against the model. */
export function checkClaims(workloads: readonly WorkloadResult[]): ClaimCheck[] {
  const run = (workload: string, configuration: string) =>
    workloads.find((result) => result.workload === workload)?.runs.find((result) => result.configuration === configuration);
  const checks: ClaimCheck[] = [];
  for (const definition of CLAIMS) {
    const evaluated = definition.evaluate(run);
    if (evaluated === null) continue;
    const { id, claim, source, published, workloads: used } = definition;
    checks.push({ id, claim, source, published, workloads: used, ...evaluated });
  }
  return checks;
}

/** How many times more `slower` costs per access than `faster`, per workload; holds when every factor passes. */
function factors(
  run: Parameters<ClaimDefinition['evaluate']>[0],
  workloads: readonly string[],
  slower: string,
  faster: string,
  passes: (factor: number) => boolean,
): { model: string; holds: boolean } | null {
  const measured = workloads.map((workload) => [workload, ratio(run(workload, slower), run(workload, faster))] as const);
  if (measured.some(([, factor]) => factor === null)) return null;
  return {
    model: measured.map(([workload, factor]) => `${times(factor!)} (${workload})`).join(', '),
    holds: measured.every(([, factor]) => passes(factor!)),
  };
}

/** The drop in cycles per access from `before` to `after`, as a percentage; holds when it is a drop. */
function improvement(run: Parameters<ClaimDefinition['evaluate']>[0], workload: string, before: string, after: string): { model: string; holds: boolean } | null {
  const was = run(workload, before);
  const now = run(workload, after);
  if (was === undefined || now === undefined) return null;
  const percent = (1 - now.cyclesPerAccess / was.cyclesPerAccess) * 100;
  return { model: `${percent.toFixed(1)}% fewer cycles per access (${workload})`, holds: percent > 0 };
}

function ratio(numerator: ConfigurationResult | undefined, denominator: ConfigurationResult | undefined): number | null {
  if (numerator === undefined || denominator === undefined || denominator.cyclesPerAccess === 0) return null;
  return numerator.cyclesPerAccess / denominator.cyclesPerAccess;
}

function times(factor: number): string {
  return `${factor.toFixed(factor < 10 ? 2 : 1)}x`;
}
