import { axisTickValues, linearAxis, roundCoordinate, tickStep } from './chart-scale';

test.each([
  [0, 1], [1, 1], [5, 1], [6, 2], [10, 2], [11, 5], [25, 5], [26, 10], [50, 10], [60, 20], [130, 50], [2600, 1000],
])('tick step for a largest value of %p: %p', (largest, step) => {
  expect(tickStep(largest)).toBe(step);
});

test.each([
  [0, { step: 1, top: 1 }, [0, 1]],
  [1.3, { step: 1, top: 2 }, [0, 1, 2]],
  [7, { step: 2, top: 8 }, [0, 2, 4, 6, 8]],
  [24, { step: 5, top: 25 }, [0, 5, 10, 15, 20, 25]],
  [1500, { step: 500, top: 1500 }, [0, 500, 1000, 1500]],
])('the axis for a largest value of %p rounds up to a whole step', (largest, axis, ticks) => {
  expect(linearAxis(largest)).toEqual(axis);
  expect(axisTickValues(linearAxis(largest))).toEqual(ticks);
});

test('coordinates to 0.01 unit', () => {
  expect([roundCoordinate(1 / 3), roundCoordinate(2.005 + 1e-9), roundCoordinate(-0.004)].map((value) => value + 0)).toEqual([0.33, 2.01, 0]);
});
