import { CostModel } from '../../reference/hardware/cost-model';
import { EXIT_REASONS } from '../../reference/hardware/stats';
import { DEFAULT_MACHINE } from '../../reference/scenario/types';
import { ClaimCheck, Configuration, ConfigurationResult, ExperimentResults, WorkloadResult } from '../experiment-types';
import { BarChartInput, barChartView } from './bar-chart-view';
import { experimentCharts } from './experiment-charts';
import { COST_LABELS, EXIT_REASON_LABELS, MODE_LABELS } from './experiment-labels';
import { formatCount, formatRatio } from './figure-format';

/** What templates/experiment.hbs shows: every figure formatted, every text field as it is (the template escapes it). */
export function experimentPageView(results: ExperimentResults) {
  const anchors = workloadAnchors(results.workloads);
  const anchorOf = (name: string) => anchors[results.workloads.findIndex((workload) => workload.workload === name)] ?? '';
  const charts = experimentCharts(results);
  const chartView = (chart: BarChartInput | null) => (chart === null ? null : barChartView(chart));
  return {
    /** "20%" when the measured phases were cut short (`--scale`), else null. */
    shortened: results.scale < 1 ? `${Math.round(results.scale * 1000) / 10}%` : null,
    costs: costRows(results.costModel),
    configurations: results.configurations.map(configurationRow),
    claims: results.claims.map((claim) => claimRow(claim, anchorOf)),
    charts: {
      cyclesPerAccess: chartView(charts.cyclesPerAccess),
      cyclesByCategory: chartView(charts.cyclesByCategory),
      walkReferences: chartView(charts.walkReferences),
      vmExits: chartView(charts.vmExits),
      pageTables: chartView(charts.pageTables),
    },
    workloads: results.workloads.map((workload, index) => workloadView(workload, anchors[index])),
  };
}

/** The cost model in two tables: the flat costs, and the hypervisor's handler work per exit reason. */
function costRows(costModel: CostModel) {
  return {
    general: (Object.keys(COST_LABELS) as Array<keyof typeof COST_LABELS>).map((key) => ({ label: COST_LABELS[key], key, cycles: formatCount(costModel[key]) })),
    exitHandlers: EXIT_REASONS.map((reason) => ({ label: EXIT_REASON_LABELS[reason], key: reason, cycles: formatCount(costModel.exitHandler[reason]) })),
  };
}

/** A configuration's hardware in words; options a mode ignores show as a dash. */
function configurationRow(configuration: Configuration) {
  const { machine, mode } = configuration;
  const tlb = { ...DEFAULT_MACHINE.tlb, ...machine.tlb };
  const walkCaches = { ...DEFAULT_MACHINE.walkCaches, ...machine.walkCaches };
  const cacheParts = [
    ...(walkCaches.guest > 0 ? [`${formatCount(walkCaches.guest)} guest`] : []),
    ...(mode === 'ept' && walkCaches.nested > 0 ? [`${formatCount(walkCaches.nested)} nested`] : []),
  ];
  const nestedTlb = machine.nestedTlb ?? DEFAULT_MACHINE.nestedTlb;
  return {
    id: configuration.id,
    label: configuration.label,
    mode: MODE_LABELS[mode],
    tlb: `${formatCount(tlb.entries)} entries, ${tlb.ways}-way`,
    walkCaches: cacheParts.length === 0 ? 'off' : `${cacheParts.join(', ')} entries`,
    nestedTlb: mode !== 'ept' ? '–' : nestedTlb > 0 ? `${formatCount(nestedTlb)} entries` : 'off',
    hostPages: mode !== 'ept' ? '–' : (machine.hostPageSize ?? DEFAULT_MACHINE.hostPageSize) === '2M' ? '2 MiB' : '4 KiB',
    guestLargePages: configuration.guestLargePages ? 'yes' : 'no',
  };
}

/** A claim; each of its workloads links to the workload's section, when that workload ran. */
function claimRow(claim: ClaimCheck, anchorOf: (workload: string) => string) {
  return {
    claim: claim.claim,
    source: claim.source,
    published: claim.published,
    model: claim.model,
    holds: claim.holds,
    // The mark is for the eye; the words say the same for everyone else.
    verdict: claim.holds ? { mark: '✓', words: 'holds' } : { mark: '✗', words: 'does not hold' },
    workloads: claim.workloads.map((name) => ({ name, anchor: anchorOf(name) })),
  };
}

function workloadView(workload: WorkloadResult, anchor: string) {
  return {
    anchor,
    workload: workload.workload,
    title: workload.title,
    description: workload.description,
    events: formatCount(workload.events),
    runs: workload.runs.map(runRow),
  };
}

function runRow(run: ConfigurationResult) {
  return {
    label: run.label,
    cyclesPerAccess: formatRatio(run.cyclesPerAccess),
    cycles: formatCount(run.cycles),
    tlbMisses: formatCount(run.tlbMisses),
    refsPerWalk: formatRatio(run.refsPerWalk),
    vmExits: formatCount(run.vmExits),
    hiddenPageFaults: formatCount(run.hiddenPageFaults),
    guestPageFaults: formatCount(run.guestPageFaults),
    walkCacheHits: {
      guest: formatCount(run.walkCacheHits.guest),
      nested: formatCount(run.walkCacheHits.nested),
      nestedTlb: formatCount(run.walkCacheHits.nestedTlb),
    },
    pageTablePages: {
      guest: formatCount(run.peakPageTablePages.guest),
      shadow: formatCount(run.peakPageTablePages.shadow),
      ept: formatCount(run.peakPageTablePages.ept),
    },
  };
}

/**
 * Each workload's section id, made from its name ("workload-tlb-miss") so a
 * link to it reads well; an id already taken gets the workload's position
 * appended.
 */
function workloadAnchors(workloads: readonly WorkloadResult[]): string[] {
  const taken = new Set<string>();
  return workloads.map((workload, index) => {
    const base = `workload-${workload.workload.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const anchor = taken.has(base) ? `${base}-${index + 1}` : base;
    taken.add(anchor);
    return anchor;
  });
}
