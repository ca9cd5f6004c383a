import { BarInput, BarPanelFrame, barChartGeometry, barPanelGeometry } from './bar-chart-geometry';

// A plot 100 units wide, from x = 10 to 110; rows of 30 units (label 10, bar 10, gap 10) from y = 10.
const FRAME: BarPanelFrame = { width: 160, margin: { top: 10, right: 10, bottom: 10, left: 10 }, labelHeight: 10, barThickness: 10, rowGap: 10, valueWidth: 40, axisHeight: 30 };

const PLAIN: BarInput = { label: 'plain', segments: [{ series: 0, value: 3 }] };
const STACKED: BarInput = { label: 'stacked', segments: [{ series: 0, value: 1 }, { series: 1, value: 2 }, { series: 2, value: 1 }] };

test('a plain bar of 3 and a stack of 1 + 2 + 1 on an axis from 0 to 4: 25 units per unit', () => {
  const geometry = barPanelGeometry([PLAIN, STACKED], undefined, FRAME);
  expect(geometry.plot).toEqual({ left: 10, top: 10, right: 110, bottom: 70 });
  expect(geometry.height).toBe(110);
  expect(geometry.axis).toEqual({ step: 1, top: 4 });
  expect(geometry.bars).toEqual([
    {
      label: 'plain',
      labelAt: { x: 10, y: 16 },
      segments: [{ series: 0, value: 3, x: 10, y: 20, width: 75, height: 10 }],
      total: 3,
      totalAt: { x: 89, y: 25 },
    },
    {
      label: 'stacked',
      labelAt: { x: 10, y: 46 },
      segments: [
        { series: 0, value: 1, x: 10, y: 50, width: 25, height: 10 },
        { series: 1, value: 2, x: 35, y: 50, width: 50, height: 10 },
        { series: 2, value: 1, x: 85, y: 50, width: 25, height: 10 },
      ],
      total: 4,
      totalAt: { x: 114, y: 55 },
    },
  ]);
  expect(geometry.ticks).toEqual([0, 1, 2, 3, 4].map((value) => ({ at: 10 + value * 25, value })));
  expect(geometry.tickLabelY).toBe(85);
  expect(geometry.axisTitleAt).toEqual({ x: 60, y: 96 });
});

test('a bar of 0 has no length, and its total is written at the axis', () => {
  const [bar] = barPanelGeometry([{ label: 'none', segments: [{ series: 0, value: 0 }] }], undefined, FRAME).bars;
  expect(bar.segments).toEqual([{ series: 0, value: 0, x: 10, y: 20, width: 0, height: 10 }]);
  expect(bar.totalAt).toEqual({ x: 14, y: 25 });
});

test('no bars: an axis from 0 to 1 and nothing else', () => {
  const geometry = barPanelGeometry([], undefined, FRAME);
  expect(geometry.bars).toEqual([]);
  expect(geometry.plot.bottom).toBe(10);
  expect(geometry.ticks).toEqual([{ at: 10, value: 0 }, { at: 110, value: 1 }]);
});

test.each([
  // Own scales: 3 fills an axis of 0-3; 8 fills an axis of 0-8.
  ['per-panel', [100, 100]],
  // One scale of 0-8 for both: 3 is 3/8 of the plot.
  ['shared', [37.5, 100]],
] as const)('panels on a %s scale', (scale, widths) => {
  const panels = barChartGeometry([[PLAIN], [{ label: 'eight', segments: [{ series: 0, value: 8 }] }]], scale, FRAME);
  expect(panels.map((panel) => panel.bars[0].segments[0].width)).toEqual(widths);
});

test('coordinates are rounded to 0.01 unit', () => {
  const geometry = barPanelGeometry([{ label: 'third', segments: [{ series: 0, value: 1 }, { series: 1, value: 1 }] }], 3, FRAME);
  expect(geometry.bars[0].segments.map(({ x, width }) => ({ x, width }))).toEqual([{ x: 10, width: 33.33 }, { x: 43.33, width: 33.33 }]);
  expect(geometry.ticks.map((tick) => tick.at)).toEqual([10, 43.33, 76.67, 110]);
});
