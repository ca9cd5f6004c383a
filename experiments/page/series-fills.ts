/**
 * How a chart tells its series apart: each gets a colour and a white pattern
 * drawn over it, so series differ in print, for colour-blind readers and in
 * greyscale, not by hue alone. Every colour has at least 4.5:1 contrast with
 * the white page and with the white pattern lines.
 */
export interface SeriesFill {
  readonly colour: string;
  /** Lines of the pattern, in a tile of PATTERN_TILE units; empty for a plain fill. */
  readonly pattern: string;
}

export const PATTERN_TILE = 6;

const COLOURS = ['#1f5fa8', '#b3541e', '#2e7d32', '#6a3d9a', '#4d4d4d', '#00707a', '#a3121f', '#6b5d00', '#a8326e'];

const PATTERNS = [
  '',
  // Diagonal lines, drawn past the tile's corners so they join across tiles.
  'M0 6L6 0M-1 1L1 -1M5 7L7 5',
  // Horizontal lines.
  'M0 3H6',
  // Dots: zero-length lines with square caps.
  'M1.5 1.5h0M4.5 4.5h0',
  // Vertical lines.
  'M3 0V6',
  // Crossing lines.
  'M0 3H6M3 0V6',
  // Diagonal lines the other way.
  'M0 0L6 6M-1 5L1 7M5 -1L7 1',
];

/** The fill of series `index`: colours and patterns cycle at different lengths, so the first 63 series all differ. */
export function seriesFill(index: number): SeriesFill {
  return { colour: COLOURS[index % COLOURS.length], pattern: PATTERNS[index % PATTERNS.length] };
}
