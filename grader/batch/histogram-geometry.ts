import { axisTickValues, linearAxis, roundCoordinate as round } from '../../io/chart-scale';
import { PercentageBin } from './descriptive-statistics';

/** The drawing's size in SVG user units, and the margins that hold the axes' labels. */
export interface HistogramFrame {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Share of each bin's slot left empty between bars (0 to 1). */
  readonly gap: number;
}

export const DEFAULT_FRAME: HistogramFrame = { width: 640, height: 300, margin: { top: 16, right: 16, bottom: 56, left: 56 }, gap: 0.15 };

export interface HistogramBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Where the bar's count is written: centred, just above the bar. */
  readonly countLabel: { readonly x: number; readonly y: number };
  readonly bin: PercentageBin;
}

/** A labelled position on an axis: x for the score axis, y for the count axis. */
export interface AxisTick {
  readonly at: number;
  readonly value: number;
}

export interface HistogramGeometry {
  readonly frame: HistogramFrame;
  /** The plot area, inside the margins. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly bars: readonly HistogramBar[];
  /** Bin edges along the score axis, from the first bin's `from` to the last bin's `to`. */
  readonly scoreTicks: readonly AxisTick[];
  /** Whole counts from 0 to the top of the count axis, evenly spaced. */
  readonly countTicks: readonly AxisTick[];
  /** Where the axes' text goes: the tick labels' baseline (score axis) and right edge (count axis), and the middle of each axis title. */
  readonly labels: {
    readonly scoreTickY: number;
    readonly countTickX: number;
    readonly scoreTitle: { readonly x: number; readonly y: number };
    readonly countTitle: { readonly x: number; readonly y: number };
  };
}

/**
 * Where the bars and ticks of a histogram go. Bins share the plot's width
 * equally; the count axis runs from 0 to a round number at or above the
 * tallest bar (at least 1, so an empty class still draws an axis), in steps
 * of 1, 2 or 5 times a power of ten, about five of them (chart-scale.ts).
 * Coordinates are rounded to 0.01 unit: finer is invisible and only
 * lengthens the page.
 */
export function histogramGeometry(bins: readonly PercentageBin[], frame: HistogramFrame = DEFAULT_FRAME): HistogramGeometry {
  const plot = { left: frame.margin.left, top: frame.margin.top, right: frame.width - frame.margin.right, bottom: frame.height - frame.margin.bottom };
  const plotHeight = plot.bottom - plot.top;
  const slot = (plot.right - plot.left) / Math.max(1, bins.length);
  const tallest = Math.max(0, ...bins.map((bin) => bin.count));
  const axis = linearAxis(tallest);
  const yOf = (count: number) => plot.bottom - (count / axis.top) * plotHeight;
  return {
    frame,
    plot,
    bars: bins.map((bin, index) => {
      const y = yOf(bin.count);
      return {
        x: round(plot.left + index * slot + (slot * frame.gap) / 2),
        y: round(y),
        width: round(slot * (1 - frame.gap)),
        height: round(plot.bottom - y),
        countLabel: { x: round(plot.left + (index + 0.5) * slot), y: round(y - 6) },
        bin,
      };
    }),
    scoreTicks: bins.length === 0 ? [] : [...bins.map((bin, index) => ({ at: round(plot.left + index * slot), value: bin.from })), { at: round(plot.right), value: bins[bins.length - 1].to }],
    countTicks: axisTickValues(axis).map((value) => ({ at: round(yOf(value)), value })),
    labels: {
      scoreTickY: plot.bottom + 20,
      countTickX: plot.left - 8,
      scoreTitle: { x: round((plot.left + plot.right) / 2), y: frame.height - 10 },
      countTitle: { x: 16, y: round((plot.top + plot.bottom) / 2) },
    },
  };
}
