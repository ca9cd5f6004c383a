import { SimulationResult } from '../../reference/hardware/stats';
import { MODES, Outcome, ResolvedScenario } from '../../reference/scenario/types';
import { OutcomeDifference } from '../compare-modes';
import { statsRows } from './stats-rows';
import { formatFields, formatTable } from './table';

/** `vmlab simulate`'s readable output: what ran, what the guest saw, and the counters. */
export function formatSimulation(scenario: ResolvedScenario, result: SimulationResult): string {
  const heading = formatFields([
    ['scenario', scenario.name],
    ['mode', result.mode],
    ['events', String(scenario.events.length)],
    ['outcomes', describeOutcomes(result.outcomes)],
  ]);
  return `${heading}\n${formatTable(['statistic', 'value'], statsRows([result.stats]))}`;
}

/** `vmlab simulate --compare`'s readable output: the modes side by side, and whether the guest could tell them apart. */
export function formatComparison(scenario: ResolvedScenario, results: readonly SimulationResult[], difference: OutcomeDifference | null): string {
  const verdict =
    difference === null
      ? `identical in ${results.map((result) => result.mode).join(', ')} (${describeOutcomes(results[0]?.outcomes ?? [])})`
      : `DIFFER at outcome #${difference.position} (events[${difference.event}])`;
  const heading = formatFields([
    ['scenario', scenario.name],
    ['events', String(scenario.events.length)],
    ['outcomes', verdict],
  ]);
  const details =
    difference === null
      ? ''
      : MODES.filter((mode) => mode in difference.outcomes)
          .map((mode) => `  ${mode.padEnd(7)} ${JSON.stringify(difference.outcomes[mode])}\n`)
          .join('');
  const table = formatTable(['statistic', ...results.map((result) => result.mode)], statsRows(results.map((result) => result.stats)));
  return `${heading}${details}\n${table}`;
}

/** "5 (2 faults: 1 unmapped, 1 protection)". */
function describeOutcomes(outcomes: readonly Outcome[]): string {
  const unmapped = outcomes.filter((outcome) => 'fault' in outcome && outcome.fault === 'unmapped').length;
  const protection = outcomes.filter((outcome) => 'fault' in outcome && outcome.fault === 'protection').length;
  const faults = unmapped + protection;
  const noun = outcomes.length === 1 ? 'outcome' : 'outcomes';
  if (faults === 0) return `${outcomes.length} ${noun}, no faults`;
  return `${outcomes.length} ${noun}, ${faults} ${faults === 1 ? 'fault' : 'faults'} (${unmapped} unmapped, ${protection} protection)`;
}
