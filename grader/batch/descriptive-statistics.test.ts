import { binPercentages, describe as describeValues, mean } from './descriptive-statistics';

test.each([
  { values: [7], expected: { count: 1, mean: 7, median: 7, min: 7, max: 7, standardDeviation: 0 } },
  { values: [10, 1, 2], expected: { count: 3, mean: 13 / 3, median: 2, min: 1, max: 10, standardDeviation: Math.sqrt(((10 - 13 / 3) ** 2 + (1 - 13 / 3) ** 2 + (2 - 13 / 3) ** 2) / 3) } },
  // Even count: the median is the mean of the two middle values; deviations -3 -1 1 3 give a variance of 20 / 4.
  { values: [7, 1, 5, 3], expected: { count: 4, mean: 4, median: 4, min: 1, max: 7, standardDeviation: Math.sqrt(5) } },
  // The textbook list: mean 5, squared deviations summing to 32, population standard deviation 2.
  { values: [2, 4, 4, 4, 5, 5, 7, 9], expected: { count: 8, mean: 5, median: 4.5, min: 2, max: 9, standardDeviation: 2 } },
])('describe($values)', ({ values, expected }) => {
  const description = describeValues(values);
  expect(description).toBeDefined();
  for (const [key, value] of Object.entries(expected)) expect(description?.[key as keyof typeof expected]).toBeCloseTo(value, 12);
});

test('no values: no description, and a mean of 0', () => {
  expect(describeValues([])).toBeUndefined();
  expect(mean([])).toBe(0);
});

test('ten bins: 0 in the first, a perfect score in the last, each edge in the bin it opens', () => {
  const bins = binPercentages([0, 9.99, 10, 55, 89.99, 90, 100], 10);
  expect(bins.map((bin) => [bin.from, bin.to])).toEqual([
    [0, 10], [10, 20], [20, 30], [30, 40], [40, 50], [50, 60], [60, 70], [70, 80], [80, 90], [90, 100],
  ]);
  expect(bins.map((bin) => bin.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 1, 2]);
});

test.each([
  { percentage: 69.99999999999999, bin: 7, why: 'a sum of partial credit that is 70%' },
  { percentage: 69.9999, bin: 6, why: 'really below 70%' },
  { percentage: -5, bin: 0, why: 'below range' },
  { percentage: 120, bin: 9, why: 'above range' },
])('$percentage% lands in bin $bin ($why)', ({ percentage, bin }) => {
  expect(binPercentages([percentage], 10).findIndex((candidate) => candidate.count === 1)).toBe(bin);
});

test('four bins of 25%', () => {
  expect(binPercentages([24.9, 25, 75, 100], 4)).toEqual([
    { from: 0, to: 25, count: 1 },
    { from: 25, to: 50, count: 1 },
    { from: 50, to: 75, count: 0 },
    { from: 75, to: 100, count: 2 },
  ]);
  expect(() => binPercentages([], 0)).toThrow('0 histogram bins');
});
