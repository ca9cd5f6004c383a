import { EXIT_REASONS } from '../../reference/hardware/stats';
import { MODES, Mode } from '../../reference/scenario/types';
import { Configuration, ConfigurationResult, ExperimentResults, WorkloadResult } from '../experiment-types';
import { BarChartInput, ChartBarInput } from './bar-chart-view';
import { COST_CATEGORIES, COST_CATEGORY_LABELS, EXIT_REASON_LABELS, MODE_LABELS, PAGE_TABLE_KINDS, PAGE_TABLE_KIND_LABELS } from './experiment-labels';
import { formatCount, formatRatio } from './figure-format';

/** The workload whose cost is its TLB misses: where references per walk decide everything. */
const TLB_MISS_WORKLOAD = 'tlb-miss';

/** The experiment page's four charts as data; a chart with nothing to draw (no virtualized run, say) is null. */
export interface ExperimentCharts {
  readonly cyclesPerAccess: BarChartInput | null;
  readonly cyclesByCategory: BarChartInput | null;
  readonly walkReferences: BarChartInput | null;
  readonly vmExits: BarChartInput | null;
  readonly pageTables: BarChartInput | null;
}

export function experimentCharts(results: ExperimentResults): ExperimentCharts {
  return {
    cyclesPerAccess: cyclesPerAccessChart(results.workloads),
    cyclesByCategory: cyclesByCategoryChart(results.workloads),
    walkReferences: walkReferencesChart(results.workloads),
    vmExits: vmExitsChart(results.workloads),
    pageTables: pageTablesChart(results),
  };
}

/**
 * One panel per workload, each on its own scale: a workload's cycles per
 * access can be tens of times another's, and the lesson is the order of the
 * configurations within a workload.
 */
function cyclesPerAccessChart(workloads: readonly WorkloadResult[]): BarChartInput | null {
  return byModeChart(workloads, {
    id: 'cycles-per-access',
    valueName: 'Cycles per access',
    scale: 'per-panel',
    value: (run) => run.cyclesPerAccess,
  });
}

/**
 * The TLB-miss-bound workload alone when it ran (elsewhere walks are few and
 * other costs dominate), else every workload; one scale, since 4 (native)
 * and 24 (a 2D walk) are the same yardstick everywhere.
 */
function walkReferencesChart(workloads: readonly WorkloadResult[]): BarChartInput | null {
  const tlbBound = workloads.filter((workload) => workload.workload === TLB_MISS_WORKLOAD);
  return byModeChart(tlbBound.length > 0 ? tlbBound : workloads, {
    id: 'walk-references',
    valueName: 'Memory references per TLB miss',
    scale: 'shared',
    value: (run) => run.refsPerWalk,
  });
}

/** Plain bars, one per configuration, grouped by mode in the legend. */
function byModeChart(
  workloads: readonly WorkloadResult[],
  chart: { readonly id: string; readonly valueName: string; readonly scale: BarChartInput['scale']; readonly value: (run: ConfigurationResult) => number },
): BarChartInput | null {
  const ran = workloads.filter((workload) => workload.runs.length > 0);
  if (ran.length === 0) return null;
  const modes = modesOf(ran.flatMap((workload) => workload.runs));
  return {
    id: chart.id,
    valueName: chart.valueName,
    series: modes.map((mode) => MODE_LABELS[mode]),
    stacked: false,
    scale: chart.scale,
    panelHeading: 'Workload',
    barHeading: 'Configuration',
    panels: ran.map((workload) => ({
      title: workloadTitle(workload),
      bars: workload.runs.map((run) => ({ label: run.label, segments: [{ series: modes.indexOf(run.mode), value: chart.value(run) }] })),
    })),
    format: formatRatio,
  };
}

/** Each configuration's cycles per access, stacked by where they were spent: the why behind the first chart. */
function cyclesByCategoryChart(workloads: readonly WorkloadResult[]): BarChartInput | null {
  return stackedChart(workloads.map((workload) => ({ workload, runs: workload.runs })), {
    id: 'cycles-by-category',
    valueName: 'Cycles per access',
    keys: COST_CATEGORIES,
    labels: COST_CATEGORY_LABELS,
    value: (run, category) => (run.accesses === 0 ? 0 : run.cyclesBy[category] / run.accesses),
    format: formatRatio,
  });
}

/** The virtualized configurations' exits, stacked by reason. */
function vmExitsChart(workloads: readonly WorkloadResult[]): BarChartInput | null {
  return stackedChart(
    workloads.map((workload) => ({ workload, runs: workload.runs.filter((run) => run.mode !== 'native') })),
    { id: 'vm-exits', valueName: 'VM exits', keys: EXIT_REASONS, labels: EXIT_REASON_LABELS, value: (run, reason) => run.vmExitsByReason[reason], format: formatCount },
  );
}

/**
 * One panel per workload with runs, one bar per run, stacked by `keys`; a key
 * no run has any of is left out of the chart and its legend.
 */
function stackedChart<K extends string>(
  panels: ReadonlyArray<{ readonly workload: WorkloadResult; readonly runs: readonly ConfigurationResult[] }>,
  chart: {
    readonly id: string;
    readonly valueName: string;
    readonly keys: readonly K[];
    readonly labels: Readonly<Record<K, string>>;
    readonly value: (run: ConfigurationResult, key: K) => number;
    readonly format: (value: number) => string;
  },
): BarChartInput | null {
  const drawn = panels.filter((panel) => panel.runs.length > 0);
  if (drawn.length === 0) return null;
  const keys = chart.keys.filter((key) => drawn.some((panel) => panel.runs.some((run) => chart.value(run, key) > 0)));
  return {
    id: chart.id,
    valueName: chart.valueName,
    series: keys.map((key) => chart.labels[key]),
    stacked: true,
    scale: 'per-panel',
    panelHeading: 'Workload',
    barHeading: 'Configuration',
    panels: drawn.map(({ workload, runs }) => ({
      title: workloadTitle(workload),
      bars: runs.map((run) => ({ label: run.label, segments: keys.map((key, series) => ({ series, value: chart.value(run, key) })) })),
    })),
    format: chart.format,
  };
}

/**
 * Peak page-table pages, stacked by kind, one bar per mode and page sizes:
 * walk caches and the nested TLB change no table, so the configurations that
 * differ only in those share a bar (when their figures agree), and the table
 * says which configurations each bar stands for.
 */
function pageTablesChart(results: ExperimentResults): BarChartInput | null {
  const ran = results.workloads.filter((workload) => workload.runs.length > 0);
  if (ran.length === 0) return null;
  const runs = ran.flatMap((workload) => workload.runs);
  const kinds = PAGE_TABLE_KINDS.filter((kind) => runs.some((run) => run.peakPageTablePages[kind] > 0));
  const configurations = new Map(results.configurations.map((configuration) => [configuration.id, configuration]));
  return {
    id: 'page-tables',
    valueName: 'Page-table pages (4 KiB each)',
    series: kinds.map((kind) => PAGE_TABLE_KIND_LABELS[kind]),
    stacked: true,
    scale: 'per-panel',
    panelHeading: 'Workload',
    barHeading: 'Mode and page sizes',
    panels: ran.map((workload) => {
      const groups = sameTables(workload.runs, configurations);
      const sizesLabels = groups.map((group) => (group.configuration === undefined ? undefined : pageSizesLabel(group.configuration)));
      return {
        title: workloadTitle(workload),
        bars: groups.map((group, index): ChartBarInput => {
          const [first] = group.runs;
          const sizesLabel = sizesLabels[index];
          // Two bars of one mode and page sizes (their figures differ) keep their configurations' names apart.
          const unique = sizesLabel !== undefined && sizesLabels.indexOf(sizesLabel) === sizesLabels.lastIndexOf(sizesLabel);
          return {
            label: unique ? sizesLabel : first.label,
            note: `${group.runs.length === 1 ? 'Configuration' : 'Configurations'}: ${group.runs.map((run) => run.label).join('; ')}`,
            segments: kinds.map((kind, series) => ({ series, value: first.peakPageTablePages[kind] })),
          };
        }),
      };
    }),
    format: formatCount,
  };
}

/** Runs in order of first appearance, those of one mode and page sizes with equal figures together. */
function sameTables(runs: readonly ConfigurationResult[], configurations: ReadonlyMap<string, Configuration>) {
  const groups = new Map<string, { configuration: Configuration | undefined; runs: ConfigurationResult[] }>();
  for (const run of runs) {
    const configuration = configurations.get(run.configuration);
    const { guest, shadow, ept } = run.peakPageTablePages;
    // A run whose configuration the results do not describe stays on its own.
    const sizes = configuration === undefined ? `unknown ${run.configuration}` : `${configuration.guestLargePages} ${configuration.machine.hostPageSize ?? '4K'}`;
    const key = `${run.mode} ${sizes} ${guest} ${shadow} ${ept}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { configuration, runs: [run] });
    else group.runs.push(run);
  }
  return [...groups.values()];
}

/** "EPT, 4 KiB guest pages, 2 MiB host pages": what decides a mode's tables. */
function pageSizesLabel(configuration: Configuration): string {
  const large = configuration.guestLargePages;
  switch (configuration.mode) {
    case 'native':
      return `${MODE_LABELS.native}, ${large ? 'large pages' : '4 KiB pages'}`;
    case 'shadow':
      return `${MODE_LABELS.shadow}, ${large ? 'guest large pages' : '4 KiB guest pages'}`;
    case 'ept':
      return `${MODE_LABELS.ept}, ${large ? 'guest large pages' : '4 KiB guest pages'}, ${configuration.machine.hostPageSize === '2M' ? '2 MiB' : '4 KiB'} host pages`;
  }
}

function modesOf(runs: readonly ConfigurationResult[]): Mode[] {
  return MODES.filter((mode) => runs.some((run) => run.mode === mode));
}

function workloadTitle(workload: WorkloadResult): string {
  return `${workload.title} (${workload.workload})`;
}
