import { syntheticResults } from '../batch/test-support/synthetic-results';
import { parseAdjustments } from './adjustments-file';
import { adjustmentProblem, applyAdjustments } from './apply-adjustments';
import { parseChange } from './adjustment';

// translation: t1 (2 of 4 cases of 2 points → 1), permissions: p1 (0 of 2 of 2 points → 0).
const results = syntheticResults('chen', [
  { id: 't1', part: 'translation', points: 2, passedCases: 2, totalCases: 4 },
  { id: 'p1', part: 'permissions', points: 2, passedCases: 0, totalCases: 2 },
]);

describe('parseAdjustments', () => {
  it('reads the columns by name in any order, with quoted commas, and each row with its line', () => {
    const rows = parseAdjustments('Who,student,target,points,reason\nada,chen,t1,+1,"regrade: WP, as asked"\n\nbob,lee,total,=7,override\n', 'adj.csv');
    expect(rows).toEqual([
      { where: 'adj.csv:2', student: 'chen', target: 't1', change: { kind: 'delta', points: 1 }, reason: 'regrade: WP, as asked', who: 'ada' },
      { where: 'adj.csv:4', student: 'lee', target: 'total', change: { kind: 'override', points: 7 }, reason: 'override', who: 'bob' },
    ]);
  });

  it('refuses bad rows with file and line', () => {
    const header = 'student,target,points,reason,who\n';
    expect(() => parseAdjustments('student,target,points\n', 'a.csv')).toThrow('a.csv:1: no reason, who column');
    expect(() => parseAdjustments(`${header}chen,t1,two,why,ada\n`, 'a.csv')).toThrow('a.csv:2: points "two" is not a change (expected +2, -1.5 or =7)');
    expect(() => parseAdjustments(`${header}chen,t1,+1,why,ada\nchen,t1,+1,,ada\n`, 'a.csv')).toThrow('a.csv:3: no reason');
    expect(() => parseAdjustments(`${header}chen,t1,+1,why\n`, 'a.csv')).toThrow('a.csv:2: 4 fields where the header has 5');
    expect(() => parseAdjustments(`${header}chen,t1,+1,"why,ada\n`, 'a.csv')).toThrow(/^a\.csv:\d+: not CSV/);
    expect(() => parseAdjustments('', 'a.csv')).toThrow('a.csv: empty');
  });

  it('reads changes as the file writes them', () => {
    expect(['+2', '-1.5', '3', '=0', '= 7', '.5'].map(parseChange)).toEqual([
      { kind: 'delta', points: 2 },
      { kind: 'delta', points: -1.5 },
      { kind: 'delta', points: 3 },
      { kind: 'override', points: 0 },
      { kind: 'override', points: 7 },
      { kind: 'delta', points: 0.5 },
    ]);
    expect(['', '=-1', '1e400', 'NaN', '+', '2 points'].map(parseChange)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('applyAdjustments', () => {
  const adjust = (target: string, change: string) => ({ target, change: parseChange(change)!, reason: 'r', who: 'w' });

  it('moves a test, its part and the total together; a part moves the total; the raw results are untouched', () => {
    const adjusted = applyAdjustments(results, [adjust('t1', '+1'), adjust('permissions', '=1.5'), adjust('total', '-0.5')]);
    expect(adjusted.results.tests.map((test) => test.score)).toEqual([2, 0]);
    expect(adjusted.results.parts.map((part) => [part.id, part.score])).toEqual([['translation', 2], ['permissions', 1.5]]);
    expect(adjusted.results.score).toBe(3);
    expect(adjusted.applied.map(({ before, after }) => [before, after])).toEqual([[1, 2], [0, 1.5], [3.5, 3]]);
    expect(results.score).toBe(1);
    expect(results.tests[0].score).toBe(1);
  });

  it('keeps each target between 0 and its points, and says so', () => {
    const adjusted = applyAdjustments(results, [adjust('t1', '+5'), adjust('p1', '-1')]);
    expect(adjusted.applied.map(({ after, capped }) => [after, capped])).toEqual([[2, true], [0, true]]);
    expect(adjusted.results.score).toBe(2);
  });

  it('leaves an adjustment whose target the results lack unapplied, and names it', () => {
    const adjusted = applyAdjustments(results, [adjust('gone', '+1')]);
    expect(adjusted.results.score).toBe(1);
    expect(adjusted.unmatched.map((adjustment) => adjustment.target)).toEqual(['gone']);
    expect(adjustmentProblem(results, adjust('gone', '+1'))).toMatch(/no test or part "gone" in chen's results/);
    expect(adjustmentProblem(results, adjust('t1', '=3'))).toBe('=3 is more than the 2 points of t1');
    expect(adjustmentProblem(results, adjust('total', '=3'))).toBeUndefined();
  });
});
