import { BarInput, barChartGeometry, barTotal } from './bar-chart-geometry';
import { formatCount } from './figure-format';
import { PATTERN_TILE, seriesFill } from './series-fills';

export interface ChartBarInput extends BarInput {
  /** Shown under the bar's label in the table and in its tooltip: which configurations a bar stands for, say. */
  readonly note?: string;
}

/** A chart of panels of horizontal bars, as data: what templates/partials/bar-chart.hbs draws, once through barChartView. */
export interface BarChartInput {
  /** Unique on the page, letters and dashes only: the ids of the chart's panels and patterns start with it. */
  readonly id: string;
  /** What a bar measures, as the axis title and the table's value column ("Cycles per access"). */
  readonly valueName: string;
  /** The legend, in order; a segment's `series` indexes it. */
  readonly series: readonly string[];
  /**
   * Stacked: a bar is the sum of its segments, one per series, and the table
   * has a column per series. Otherwise each bar has one segment, whose series
   * only groups bars of a kind (and the bar's label names it anyway).
   */
  readonly stacked: boolean;
  readonly scale: 'per-panel' | 'shared';
  /** Headings of the table's columns naming a panel and a bar ("Workload", "Configuration"). */
  readonly panelHeading: string;
  readonly barHeading: string;
  readonly panels: readonly { readonly title: string; readonly bars: readonly ChartBarInput[] }[];
  readonly format: (value: number) => string;
}

/**
 * What the bar-chart partial draws: the geometry of each panel with its text
 * formatted, the series' fills (SVG patterns, defined once per chart), the
 * legend, and the same figures as a table. Each panel also gets a text
 * description listing its bars, which screen readers read in place of the
 * drawing.
 */
export function barChartView(chart: BarChartInput) {
  if (!/^[a-z][a-z-]*$/.test(chart.id)) throw new Error(`vmlab internal error: chart id ${JSON.stringify(chart.id)}`);
  const fills = chart.series.map((label, index) => ({ id: `${chart.id}-series-${index}`, label, ...seriesFill(index) }));
  const fillOf = (series: number) => `url(#${fills[series].id})`;
  const geometries = barChartGeometry(chart.panels.map((panel) => panel.bars), chart.scale);
  return {
    id: chart.id,
    valueName: chart.valueName,
    patterns: fills.map(({ id, colour, pattern }) => ({ id, colour, pattern, tile: PATTERN_TILE })),
    legend: fills.map(({ label }, index) => ({ label, fill: fillOf(index) })),
    panels: chart.panels.map((panel, panelIndex) => {
      const geometry = geometries[panelIndex];
      const id = `${chart.id}-panel-${panelIndex + 1}`;
      return {
        id,
        title: panel.title,
        description: panelDescription(chart, panel.bars),
        viewBox: `0 0 ${geometry.frame.width} ${geometry.height}`,
        plot: geometry.plot,
        bars: geometry.bars.map((bar, barIndex) => {
          const note = panel.bars[barIndex].note;
          return {
            label: bar.label,
            labelAt: bar.labelAt,
            total: chart.format(bar.total),
            totalAt: bar.totalAt,
            segments: bar.segments.map((segment) => ({
              ...segment,
              fill: fillOf(segment.series),
              title: `${bar.label}${chart.stacked ? ` — ${chart.series[segment.series]}` : ''}: ${chart.format(segment.value)}${note === undefined ? '' : ` (${note})`}`,
            })),
          };
        }),
        // Ticks are whole steps of the axis (chart-scale.ts): "10", not "10.0".
        ticks: geometry.ticks.map((tick) => ({ at: tick.at, label: formatCount(tick.value) })),
        tickLabelY: geometry.tickLabelY,
        axisTitleAt: geometry.axisTitleAt,
      };
    }),
    table: {
      caption: `${chart.valueName}: one row per ${chart.barHeading.toLowerCase()}, by ${chart.panelHeading.toLowerCase()}`,
      panelHeading: chart.panelHeading,
      barHeading: chart.barHeading,
      seriesColumns: chart.stacked ? chart.series : [],
      valueColumn: chart.stacked ? `${chart.valueName}, total` : chart.valueName,
      panels: chart.panels.map((panel) => ({
        title: panel.title,
        rowCount: panel.bars.length,
        rows: panel.bars.map((bar) => ({
          label: bar.label,
          note: bar.note ?? '',
          seriesCells: chart.stacked ? chart.series.map((_, series) => chart.format(seriesValue(bar, series))) : [],
          value: chart.format(barTotal(bar)),
        })),
      })),
    },
  };
}

/** "Cycles per access, one bar per configuration: Native 1.2; EPT 3.4." and for stacks, the non-zero parts of each bar in brackets. */
function panelDescription(chart: BarChartInput, bars: readonly ChartBarInput[]): string {
  const described = bars.map((bar) => {
    const parts = chart.stacked
      ? bar.segments.filter((segment) => segment.value !== 0).map((segment) => `${chart.series[segment.series]} ${chart.format(segment.value)}`)
      : [];
    return `${bar.label} ${chart.format(barTotal(bar))}${parts.length === 0 ? '' : ` (${parts.join(', ')})`}`;
  });
  return `${chart.valueName}, one bar per ${chart.barHeading.toLowerCase()}: ${described.join('; ')}.`;
}

function seriesValue(bar: BarInput, series: number): number {
  return bar.segments.filter((segment) => segment.series === series).reduce((sum, segment) => sum + segment.value, 0);
}

