import { classStatistics, percentageOf, rankByScore } from './class-statistics';
import { fourStudents, syntheticResults } from './test-support/synthetic-results';

test('scores: 10 4 5 0 out of 10', () => {
  const statistics = classStatistics(fourStudents());
  expect(statistics.graded).toBe(4);
  expect(statistics.maxScores).toEqual([10]);
  // Mean 4.75; deviations 5.25 -0.75 0.25 -4.75, squares summing to 50.75.
  expect(statistics.points).toEqual({ count: 4, mean: 4.75, median: 4.5, min: 0, max: 10, standardDeviation: Math.sqrt(50.75 / 4) });
  expect(statistics.percentages).toEqual(expect.objectContaining({ mean: 47.5, median: 45, min: 0, max: 100 }));
  expect(statistics.histogram.map((bin) => bin.count)).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0, 1]);
});

test('parts: the mean of each part’s scores', () => {
  // translation: 6, 4, 1, 0; permissions: 4, 0, 4, 0.
  expect(classStatistics(fourStudents()).parts).toEqual([
    { id: 'translation', title: 'Translations', points: 6, students: 4, meanScore: 2.75 },
    { id: 'permissions', title: 'Access rights', points: 4, students: 4, meanScore: 2 },
  ]);
});

test('tests: passed in full, and the mean share of cases; the hardest first', () => {
  const statistics = classStatistics(fourStudents());
  const figures = (tests: typeof statistics.tests) => tests.map(({ id, students, passed, passRate, meanCaseShare }) => ({ id, students, passed, passRate, meanCaseShare }));
  expect(figures(statistics.tests)).toEqual([
    { id: 't1', students: 4, passed: 2, passRate: 0.5, meanCaseShare: (1 + 1 + 0.5 + 0) / 4 },
    { id: 't2', students: 4, passed: 1, passRate: 0.25, meanCaseShare: (1 + 0.5 + 0 + 0) / 4 },
    { id: 't3', students: 4, passed: 2, passRate: 0.5, meanCaseShare: (1 + 0 + 1 + 0) / 4 },
  ]);
  // t1 and t3 tie on pass rate; t3's students passed a smaller share of its cases.
  expect(statistics.hardest.map((test) => test.id)).toEqual(['t2', 't3', 't1']);
  expect(statistics.categories.map(({ category, tests, runs, passedRuns, passRate }) => [category, tests, runs, passedRuns, passRate])).toEqual([
    ['translation', 1, 4, 2, 0.5],
    ['large pages', 1, 4, 1, 0.25],
    ['rights', 1, 4, 2, 0.5],
  ]);
});

test('the hardest tests: only tests someone failed, at most five', () => {
  const tests = Array.from({ length: 7 }, (_, index) => ({ id: `t${index}`, passedCases: index === 0 ? 1 : 0, totalCases: 1 }));
  const hardest = classStatistics([syntheticResults('alice', tests)]).hardest;
  expect(hardest.map((test) => test.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
  expect(classStatistics([syntheticResults('alice', [{ id: 't', passedCases: 1, totalCases: 1 }])]).hardest).toEqual([]);
});

test('problems by kind: students touched and tests kept from being judged; every known kind listed', () => {
  const statistics = classStatistics(fourStudents());
  expect(statistics.problems).toEqual([
    { kind: 'missing', students: 0, tests: 0 },
    { kind: 'does-not-compile', students: 1, tests: 3 },
    { kind: 'timeout', students: 1, tests: 1 },
    { kind: 'submission-timeout', students: 0, tests: 0 },
    { kind: 'memory', students: 0, tests: 0 },
    { kind: 'crashed', students: 0, tests: 0 },
    { kind: 'exited', students: 0, tests: 0 },
    { kind: 'protocol', students: 0, tests: 0 },
  ]);
  expect(statistics.studentsWithProblems).toBe(2);
});

test('a sandbox status this version does not know is counted under its own name', () => {
  const odd = { kind: 'sandbox', status: 'constructor', reason: '?' } as const;
  const statistics = classStatistics([syntheticResults('alice', [{ id: 't1', passedCases: 0, totalCases: 2, failure: odd }, { id: 't2', passedCases: 0, totalCases: 2, failure: odd }])]);
  expect(statistics.problems.at(-1)).toEqual({ kind: 'constructor', students: 1, tests: 2 });
});

test('nobody graded: no figures, an empty histogram', () => {
  const statistics = classStatistics([]);
  expect(statistics).toEqual(expect.objectContaining({ graded: 0, points: undefined, percentages: undefined, maxScores: [], parts: [], tests: [], hardest: [], studentsWithProblems: 0 }));
  expect(statistics.histogram.map((bin) => bin.count)).toEqual(new Array(10).fill(0));
});

test('ranking: best first, ties by id, tied scores share a rank', () => {
  const student = (id: string, score: number) => ({ results: { ...syntheticResults(id, []), score } });
  const ranked = rankByScore([student('dora', 3), student('cleo', 7), student('bea', 5), student('al', 7)]);
  expect(ranked.map(({ rank, student: { results } }) => [rank, results.student])).toEqual([
    [1, 'al'],
    [1, 'cleo'],
    [3, 'bea'],
    [4, 'dora'],
  ]);
});

test('a score in % of its maximum; nothing to earn is 0%', () => {
  expect(percentageOf({ score: 7.5, maxScore: 10 })).toBe(75);
  expect(percentageOf({ score: 0, maxScore: 0 })).toBe(0);
});
