import { judgeTest } from './judge-test';
import { Observation } from './observation';
import { WalkObservation } from './walk-probe';

const fault = (level: number): WalkObservation => ({ kind: 'walk', steps: [], result: { ok: false, fault: 'not-present', level }, adWrites: [] });
const threw: Observation = { kind: 'error', message: 'not implemented: walker' };

test('every case passing earns the full points', () => {
  const judgement = judgeTest('policy', 4, [{ expected: fault(4), got: fault(4) }, { expected: fault(3), got: fault(3) }]);
  expect(judgement).toEqual({ passedCases: 2, totalCases: 2, firstFailure: null, score: 4 });
});

test('partial credit in proportion to the cases passed; feedback is the first failure', () => {
  const judgement = judgeTest('policy', 3, [
    { expected: fault(4), got: fault(4) },
    { expected: fault(3), got: fault(2) },
    { expected: fault(4), got: threw },
  ]);
  expect(judgement.passedCases).toBe(1);
  expect(judgement.score).toBeCloseTo(1);
  expect(judgement.firstFailure?.caseIndex).toBe(1);
  expect(judgement.firstFailure?.difference.field).toBe('fault');
});

test('a component that throws fails with its message', () => {
  const judgement = judgeTest('policy', 1, [{ expected: fault(4), got: threw }]);
  expect(judgement.score).toBe(0);
  expect(judgement.firstFailure?.difference.got).toBe('not implemented: walker');
});

test('a malformed observation fails its case instead of stopping the judging', () => {
  const malformed = { kind: 'walk', steps: [], result: null, adWrites: [] } as unknown as Observation;
  const judgement = judgeTest('policy', 2, [
    { expected: fault(4), got: malformed },
    { expected: fault(4), got: fault(4) },
  ]);
  expect(judgement.passedCases).toBe(1);
  expect(judgement.firstFailure?.difference.message).toMatch(/could not be judged/);
});
