import { LinearAxis, axisTickValues, linearAxis, roundCoordinate as round } from '../../io/chart-scale';

/**
 * A panel of horizontal bars, each with its label on the line above it, so
 * long configuration names take the panel's whole width and the panel stays
 * legible when a phone shrinks it. A bar is a stack of segments (one segment
 * for a plain bar); its total is written just right of it.
 */

/** The panel's size in SVG user units. Its height follows from the number of bars. */
export interface BarPanelFrame {
  readonly width: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Room above each bar for its label. */
  readonly labelHeight: number;
  readonly barThickness: number;
  /** Space under each bar, before the next bar's label (or the axis). */
  readonly rowGap: number;
  /** Room right of the plot for the value of the longest bar. */
  readonly valueWidth: number;
  /** Room under the plot for the tick labels and the axis title. */
  readonly axisHeight: number;
}

export const DEFAULT_BAR_PANEL_FRAME: BarPanelFrame = {
  width: 400,
  margin: { top: 6, right: 6, bottom: 4, left: 6 },
  labelHeight: 16,
  barThickness: 13,
  rowGap: 7,
  valueWidth: 60,
  axisHeight: 36,
};

export interface BarSegmentInput {
  /** Index of the chart's series the segment belongs to (its fill and legend entry). */
  readonly series: number;
  readonly value: number;
}

export interface BarInput {
  readonly label: string;
  readonly segments: readonly BarSegmentInput[];
}

export interface BarSegment extends BarSegmentInput {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Bar {
  readonly label: string;
  /** The label's start and baseline. */
  readonly labelAt: { readonly x: number; readonly y: number };
  readonly segments: readonly BarSegment[];
  readonly total: number;
  /** Where the total is written: its start, and the bar's middle line. */
  readonly totalAt: { readonly x: number; readonly y: number };
}

/** A tick of the value axis, at x. */
export interface ValueTick {
  readonly at: number;
  readonly value: number;
}

export interface BarPanelGeometry {
  readonly frame: BarPanelFrame;
  readonly height: number;
  /** Where the bars may run: from 0 at `left` to the axis' top at `right`, from the first label to the axis line at `bottom`. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly axis: LinearAxis;
  readonly bars: readonly Bar[];
  readonly ticks: readonly ValueTick[];
  /** Baseline of the tick labels. */
  readonly tickLabelY: number;
  /** Middle and baseline of the axis title. */
  readonly axisTitleAt: { readonly x: number; readonly y: number };
}

export function barTotal(bar: BarInput): number {
  return bar.segments.reduce((sum, segment) => sum + segment.value, 0);
}

/**
 * Where the bars, their labels and the ticks of one panel go. The value axis
 * runs from 0 to a round number at or above `largest` (chart-scale.ts):
 * the panel's own largest total by default, or the largest of several panels
 * when they share a scale.
 */
export function barPanelGeometry(bars: readonly BarInput[], largest: number = largestTotal([bars]), frame: BarPanelFrame = DEFAULT_BAR_PANEL_FRAME): BarPanelGeometry {
  const rowHeight = frame.labelHeight + frame.barThickness + frame.rowGap;
  const plot = {
    left: frame.margin.left,
    top: frame.margin.top,
    right: frame.width - frame.margin.right - frame.valueWidth,
    bottom: frame.margin.top + bars.length * rowHeight,
  };
  const axis = linearAxis(largest);
  const unit = (plot.right - plot.left) / axis.top;
  return {
    frame,
    height: plot.bottom + frame.axisHeight + frame.margin.bottom,
    plot,
    axis,
    bars: bars.map((bar, index) => {
      const rowTop = plot.top + index * rowHeight;
      const y = rowTop + frame.labelHeight;
      let x = plot.left;
      const segments = bar.segments.map((segment) => {
        const width = segment.value * unit;
        const drawn = { ...segment, x: round(x), y, width: round(width), height: frame.barThickness };
        x += width;
        return drawn;
      });
      return {
        label: bar.label,
        // The baseline sits a little above the bar, leaving room for descenders.
        labelAt: { x: plot.left, y: y - 4 },
        segments,
        total: barTotal(bar),
        totalAt: { x: round(x + 4), y: round(y + frame.barThickness / 2) },
      };
    }),
    ticks: axisTickValues(axis).map((value) => ({ at: round(plot.left + value * unit), value })),
    tickLabelY: plot.bottom + 15,
    axisTitleAt: { x: round((plot.left + plot.right) / 2), y: plot.bottom + frame.axisHeight - 4 },
  };
}

/** Panels side by side: each on its own scale, or all on the scale of the largest bar among them, so lengths compare across panels. */
export function barChartGeometry(panels: readonly (readonly BarInput[])[], scale: 'per-panel' | 'shared', frame: BarPanelFrame = DEFAULT_BAR_PANEL_FRAME): BarPanelGeometry[] {
  const shared = largestTotal(panels);
  return panels.map((bars) => barPanelGeometry(bars, scale === 'shared' ? shared : largestTotal([bars]), frame));
}

function largestTotal(panels: readonly (readonly BarInput[])[]): number {
  return Math.max(0, ...panels.flatMap((bars) => bars.map(barTotal)));
}
