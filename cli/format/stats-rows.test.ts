import { emptyStats } from '../../reference/hardware/stats';
import { statsRows } from './stats-rows';

describe('statsRows', () => {
  const native = { ...emptyStats(), accesses: 3, refsPerWalk: 4 / 3 };
  const ept = { ...emptyStats(), accesses: 3, refsPerWalk: 24, vmExitsByReason: { ...emptyStats().vmExitsByReason, 'ept-violation': 5 } };
  const rows = statsRows([native, ept]);

  it('has a row per counter, in the order of the stats object, one cell per run', () => {
    expect(rows[0]).toEqual({ label: 'accesses', depth: 0, cells: ['3', '3'] });
    const topLevel = rows.filter((row) => row.depth === 0).map((row) => row.label);
    expect(topLevel).toEqual(Object.keys(emptyStats()));
  });

  it('turns nested counters into a heading and indented rows', () => {
    const heading = rows.findIndex((row) => row.label === 'vmExitsByReason');
    expect(rows[heading].cells).toEqual([]);
    const reasons = Object.keys(emptyStats().vmExitsByReason);
    expect(rows.slice(heading + 1, heading + 1 + reasons.length).map((row) => [row.label, row.depth])).toEqual(reasons.map((reason) => [reason, 1]));
    expect(rows.find((row) => row.label === 'ept-violation')?.cells).toEqual(['0', '5']);
  });

  it('prints ratios with two decimals and counts as integers', () => {
    expect(rows.find((row) => row.label === 'refsPerWalk')?.cells).toEqual(['1.33', '24']);
  });
});
