import { emptyStats, SimulationResult } from '../../reference/hardware/stats';
import { DEFAULT_MACHINE, Outcome, ResolvedScenario } from '../../reference/scenario/types';
import { firstOutcomeDifference } from '../compare-modes';
import { formatComparison, formatSimulation } from './simulation-report';

const scenario: ResolvedScenario = { name: 'demo', machine: { ...DEFAULT_MACHINE }, events: [] };
const outcomes: Outcome[] = [
  { event: 1, op: 'read', value: 3 },
  { event: 2, op: 'write', fault: 'protection' },
  { event: 3, op: 'exec', fault: 'unmapped' },
  { event: 4, op: 'exec', fault: 'unmapped' },
];

describe('formatSimulation', () => {
  it('counts outcomes and faults by kind', () => {
    const text = formatSimulation(scenario, { mode: 'native', outcomes, stats: emptyStats() });
    expect(text).toContain('outcomes  4 outcomes, 3 faults (2 unmapped, 1 protection)\n');
  });

  it('says when there was no fault', () => {
    const text = formatSimulation(scenario, { mode: 'native', outcomes: outcomes.slice(0, 1), stats: emptyStats() });
    expect(text).toContain('outcomes  1 outcome, no faults\n');
  });
});

describe('formatComparison', () => {
  it('when the modes disagree, says where and shows each mode\'s outcome', () => {
    const results: SimulationResult[] = [
      { mode: 'native', outcomes, stats: emptyStats() },
      { mode: 'shadow', outcomes: [outcomes[0], { event: 2, op: 'write' }], stats: emptyStats() },
      { mode: 'ept', outcomes, stats: emptyStats() },
    ];
    const text = formatComparison(scenario, results, firstOutcomeDifference(results));
    expect(text).toContain('outcomes  DIFFER at outcome #1 (events[2])\n');
    expect(text).toContain('  native  {"event":2,"op":"write","fault":"protection"}\n');
    expect(text).toContain('  shadow  {"event":2,"op":"write"}\n');
    expect(text).toContain('  ept     {"event":2,"op":"write","fault":"protection"}\n');
  });
});
