import { judgeTest, scoreOf } from './judge-test';
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

describe('no comparison vanishes on a value that is not what its type says', () => {
  const read = (level: number, address: string) => ({ level, index: 0, entryAddress: address, entry: '0x1003' });
  const translated: WalkObservation = {
    kind: 'walk',
    steps: [read(4, '0x1000'), read(3, '0x2000'), read(2, '0x3000'), read(1, '0x4000')],
    result: { ok: true, address: '0x5000', pageSize: '0x1000', leafLevel: 1, rights: 15 },
    adWrites: [{ level: 1, entryAddress: '0x4000', bits: '0x20' }],
  };
  const forged = (change: Record<string, unknown>) => ({ ...translated, ...change }) as unknown as Observation;

  test.each([
    ['steps whose length is a string', forged({ steps: { length: 'x' } })],
    ['steps whose length is missing', forged({ steps: {} })],
    ['steps that are a string', forged({ steps: 'xxxx' })],
    ['A/D writes whose length is a string', forged({ adWrites: { length: 'x' } })],
  ])('%s fail the case', (_name, got) => {
    const judgement = judgeTest('policy', 1, [{ expected: translated, got }]);
    expect(judgement.passedCases).toBe(0);
    expect(judgement.firstFailure?.difference.message).toMatch(/could not be judged: .*not a list/);
  });

  test('A/D writes are compared field by field: text that joins like two writes is not two writes', () => {
    const two: WalkObservation = { ...translated, adWrites: [{ level: 1, entryAddress: '0x4000', bits: '0x20' }, { level: 2, entryAddress: '0x3000', bits: '0x20' }] };
    const one = forged({ adWrites: [{ level: 1, entryAddress: '0x4000, 0x20 into 0x3000', bits: '0x20' }] });
    expect(judgeTest('policy', 1, [{ expected: two, got: one }]).passedCases).toBe(0);
    expect(judgeTest('policy', 1, [{ expected: translated, got: forged({ adWrites: [{ level: 2, entryAddress: '0x4000', bits: '0x20' }] }) }]).passedCases).toBe(0);
    expect(judgeTest('policy', 1, [{ expected: translated, got: translated }]).passedCases).toBe(1);
  });
});

test('a case the caller found malformed fails with its difference, and the other cases are judged', () => {
  const malformed = { where: 'your component', field: 'result', expected: 'a result', got: 'a malformed result', message: 'your component returned a malformed result: steps: must be array' };
  const judgement = judgeTest('policy', 3, [{ expected: fault(4), got: fault(4) }, { expected: fault(4), malformed }, { expected: fault(3), got: fault(3) }]);
  expect(judgement.passedCases).toBe(2);
  expect(judgement.score).toBeCloseTo(2);
  expect(judgement.firstFailure).toEqual({ caseIndex: 1, difference: malformed });
});

describe('scoring', () => {
  const someFail = [
    { expected: fault(4), got: fault(4) },
    { expected: fault(3), got: fault(2) },
    { expected: fault(4), got: fault(4) },
  ];
  const allPass = [
    { expected: fault(4), got: fault(4) },
    { expected: fault(3), got: fault(3) },
  ];

  test('proportional is the default: points × passed / cases', () => {
    expect(judgeTest('policy', 3, someFail).score).toBeCloseTo(2);
    expect(judgeTest('policy', 3, someFail, 'proportional').score).toBeCloseTo(2);
  });

  test('all-or-nothing scores 0 when any case fails, still counting and explaining the cases', () => {
    const judgement = judgeTest('policy', 3, someFail, 'all-or-nothing');
    expect(judgement).toMatchObject({ passedCases: 2, totalCases: 3, score: 0 });
    expect(judgement.firstFailure?.caseIndex).toBe(1);
  });

  test('all-or-nothing scores the full points when every case passes', () => {
    expect(judgeTest('policy', 5, allPass, 'all-or-nothing').score).toBe(5);
  });

  test('a test without cases scores nothing either way', () => {
    expect(scoreOf(4, 0, 0, 'proportional')).toBe(0);
    expect(scoreOf(4, 0, 0, 'all-or-nothing')).toBe(0);
  });
});
