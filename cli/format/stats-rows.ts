import { SimulationStats } from '../../reference/hardware/stats';
import { TableRow } from './table';

/**
 * The statistics of one or more runs as table rows, one column per run. The
 * rows follow the stats object itself (nested counters such as
 * vmExitsByReason become a heading and indented rows), so a counter added to
 * the machine shows up without touching the CLI.
 */
export function statsRows(runs: readonly SimulationStats[]): TableRow[] {
  const rows: TableRow[] = [];
  const visit = (values: readonly unknown[], label: string, depth: number): void => {
    const first = values[0];
    if (typeof first === 'number') {
      rows.push({ label, depth, cells: values.map((value) => (typeof value === 'number' ? formatNumber(value) : '')) });
      return;
    }
    if (first === null || typeof first !== 'object') return;
    if (label !== '') rows.push({ label, depth, cells: [] });
    for (const key of Object.keys(first)) {
      visit(
        values.map((value) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined)),
        key,
        label === '' ? depth : depth + 1,
      );
    }
  };
  visit(runs, '', 0);
  return rows;
}

/** Counts as they are; ratios (refsPerWalk) with two decimals. */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
