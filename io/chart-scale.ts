/**
 * The value axis shared by the SVG charts (the class summary's histogram, the
 * experiment page's bar charts): from 0 to a round number at or above the
 * largest value, in steps of 1, 2 or 5 times a power of ten, about five of
 * them, and never finer than 1 (every charted figure is a count or of the
 * order of one).
 */
export interface LinearAxis {
  readonly step: number;
  /** A whole number of steps at or above the largest value, at least one step, so an empty chart still draws an axis. */
  readonly top: number;
}

export function linearAxis(largest: number): LinearAxis {
  const step = tickStep(largest);
  return { step, top: step * Math.max(1, Math.ceil(largest / step)) };
}

/** The values of the axis' ticks, 0 to the top. */
export function axisTickValues(axis: LinearAxis): number[] {
  return Array.from({ length: Math.round(axis.top / axis.step) + 1 }, (_, index) => index * axis.step);
}

/** The step between ticks: 1, 2 or 5 times a power of ten, giving at most about five steps up to `largest`. */
export function tickStep(largest: number): number {
  const rough = Math.max(1, Math.ceil(largest / 5));
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5].map((multiple) => multiple * power).find((step) => step >= rough) ?? 10 * power;
}

/** A coordinate rounded to 0.01 unit: finer is invisible and only lengthens the page. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 100) / 100;
}
