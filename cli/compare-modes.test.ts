import { emptyStats, SimulationResult } from '../reference/hardware/stats';
import { Mode, Outcome } from '../reference/scenario/types';
import { firstOutcomeDifference } from './compare-modes';

function result(mode: Mode, outcomes: Outcome[]): SimulationResult {
  return { mode, outcomes, stats: emptyStats() };
}

const READ_42: Outcome = { event: 4, op: 'read', value: 42 };
const WROTE: Outcome = { event: 2, op: 'write' };

describe('firstOutcomeDifference', () => {
  it('is null for identical lists, whatever the key order', () => {
    const reordered: Outcome = { value: 42, op: 'read', event: 4 };
    expect(firstOutcomeDifference([result('native', [WROTE, READ_42]), result('shadow', [WROTE, reordered]), result('ept', [WROTE, READ_42])])).toBeNull();
  });

  it('is null for three empty lists', () => {
    expect(firstOutcomeDifference([result('native', []), result('shadow', []), result('ept', [])])).toBeNull();
  });

  it('finds the first position where one mode differs, with every mode\'s outcome there', () => {
    const faulted: Outcome = { event: 4, op: 'read', fault: 'unmapped' };
    expect(firstOutcomeDifference([result('native', [WROTE, READ_42]), result('shadow', [WROTE, faulted]), result('ept', [WROTE, READ_42])])).toEqual({
      position: 1,
      event: 4,
      outcomes: { native: READ_42, shadow: faulted, ept: READ_42 },
    });
  });

  it('counts a missing outcome as a difference', () => {
    expect(firstOutcomeDifference([result('native', [WROTE, READ_42]), result('shadow', [WROTE]), result('ept', [WROTE, READ_42])])).toEqual({
      position: 1,
      event: 4,
      outcomes: { native: READ_42, shadow: null, ept: READ_42 },
    });
  });
});
