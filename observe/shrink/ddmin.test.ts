import { ddmin, TestParts } from './ddmin';

/** A predicate over part sets: fails (answers the set) when every part of `needed` is in it. */
const failsWhenHolding = (needed: readonly number[], asked: number[][] = []): TestParts => async (candidates) => {
  asked.push(...candidates.map((candidate) => [...candidate]));
  return candidates.map((candidate) => (needed.every((part) => candidate.includes(part)) ? candidate : null));
};

test.each([
  [40, [7], [7]],
  [40, [3, 31], [3, 31]],
  [16, [0, 5, 6, 15], [0, 5, 6, 15]],
  [1, [0], [0]],
])('%i parts needing %j shrink to exactly them', async (count, needed, expected) => {
  const result = await ddmin(count, failsWhenHolding(needed));
  expect(result.parts).toEqual(expected);
  expect(result.complete).toBe(true);
});

test('each round is one call with all its candidates, and no candidate is asked twice', async () => {
  const asked: number[][] = [];
  let calls = 0;
  const predicate = failsWhenHolding([9, 20], asked);
  const result = await ddmin(32, async (candidates) => {
    calls++;
    return predicate(candidates);
  });
  expect(calls).toBe(result.rounds);
  expect(asked.length).toBe(result.candidates);
  expect(new Set(asked.map((candidate) => candidate.join(','))).size).toBe(asked.length);
});

test('the budget bounds the candidates and the rounds, and says the shrink was cut short', async () => {
  const byCandidates = await ddmin(64, failsWhenHolding([1, 30, 62]), { maxCandidates: 5, maxRounds: 100 });
  expect(byCandidates.candidates).toBeLessThanOrEqual(5);
  expect(byCandidates.complete).toBe(false);
  const byRounds = await ddmin(64, failsWhenHolding([1, 30, 62]), { maxCandidates: 1000, maxRounds: 2 });
  expect(byRounds.rounds).toBe(2);
  expect(byRounds.complete).toBe(false);
  // What it returns still fails.
  expect([1, 30, 62].every((part) => byRounds.parts.includes(part))).toBe(true);
});

test('the same answers give the same shrink', async () => {
  const first = await ddmin(50, failsWhenHolding([4, 44]));
  const second = await ddmin(50, failsWhenHolding([4, 44]));
  expect(second).toEqual(first);
});

test('a candidate answered with what it needs added back counts as that larger set', async () => {
  // Part 10 needs part 0 (a read needs its spawn): a candidate holding 10 fails as {0, 10}.
  const result = await ddmin(20, async (candidates) => candidates.map((candidate) => (candidate.includes(10) ? [...new Set([0, ...candidate])].sort((a, b) => a - b) : null)));
  expect(result.parts).toEqual([0, 10]);
});

test('nothing fails but the whole: the whole is kept', async () => {
  const result = await ddmin(12, async (candidates) => candidates.map(() => null));
  expect(result.parts).toHaveLength(12);
  expect(result.complete).toBe(true);
});
