import { binPercentages } from './descriptive-statistics';
import { HistogramFrame, histogramGeometry } from './histogram-geometry';

// A plot area of 100 × 100 units from (30, 10) to (130, 110), so every coordinate can be worked out by hand.
const FRAME: HistogramFrame = { width: 140, height: 120, margin: { top: 10, right: 10, bottom: 10, left: 30 }, gap: 0.2 };

test('four bins of counts 0 1 2 4: slots of 25 units, bars 20 wide, heights in quarters of the plot', () => {
  const bins = [0, 1, 2, 4].map((count, index) => ({ from: index * 25, to: (index + 1) * 25, count }));
  const geometry = histogramGeometry(bins, FRAME);
  expect(geometry.plot).toEqual({ left: 30, top: 10, right: 130, bottom: 110 });
  expect(geometry.bars.map(({ x, y, width, height, countLabel }) => ({ x, y, width, height, countLabel }))).toEqual([
    { x: 32.5, y: 110, width: 20, height: 0, countLabel: { x: 42.5, y: 104 } },
    { x: 57.5, y: 85, width: 20, height: 25, countLabel: { x: 67.5, y: 79 } },
    { x: 82.5, y: 60, width: 20, height: 50, countLabel: { x: 92.5, y: 54 } },
    { x: 107.5, y: 10, width: 20, height: 100, countLabel: { x: 117.5, y: 4 } },
  ]);
  expect(geometry.bars.map((bar) => bar.bin)).toEqual(bins);
  expect(geometry.scoreTicks).toEqual([0, 25, 50, 75, 100].map((value, index) => ({ at: 30 + index * 25, value })));
  expect(geometry.countTicks).toEqual([0, 1, 2, 3, 4].map((value) => ({ at: 110 - value * 25, value })));
  expect(geometry.labels).toEqual({ scoreTickY: 130, countTickX: 22, scoreTitle: { x: 80, y: 110 }, countTitle: { x: 16, y: 60 } });
});

test('the count axis rounds up to a whole step: a tallest bar of 7 gets an axis of 0 2 4 6 8', () => {
  const geometry = histogramGeometry([{ from: 0, to: 50, count: 7 }, { from: 50, to: 100, count: 2 }], FRAME);
  expect(geometry.countTicks.map((tick) => tick.value)).toEqual([0, 2, 4, 6, 8]);
  // 7 of 8 of the plot's 100 units.
  expect(geometry.bars[0]).toEqual(expect.objectContaining({ y: 22.5, height: 87.5 }));
});

test('an empty class: flat bars on an axis from 0 to 1', () => {
  const geometry = histogramGeometry(binPercentages([], 10), FRAME);
  expect(geometry.bars).toHaveLength(10);
  expect(geometry.bars.every((bar) => bar.height === 0 && bar.y === 110)).toBe(true);
  expect(geometry.countTicks).toEqual([{ at: 110, value: 0 }, { at: 10, value: 1 }]);
});
