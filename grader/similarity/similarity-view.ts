import { AnalyzedPair, SimilarityAnalysis } from './analyze-class-similarity';
import { LineSpan } from './run-dolos';

/** The similarity a pair must reach to be listed, unless --threshold says otherwise. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.6;
/** At most this many pairs are listed, most alike first (the page says how many more there were). */
export const MAX_PAIRS_SHOWN = 100;
/** At most this many fragments per pair, longest first. */
export const MAX_FRAGMENTS_SHOWN = 20;
/** At most this many lines of a fragment are shown per side. */
export const MAX_FRAGMENT_LINES = 60;
/** A longer line is cut, with an ellipsis. */
export const MAX_LINE_CHARS = 200;

export interface FragmentView {
  /** `lines 12–20` of each side, 1-based as an editor shows them. */
  readonly leftLines: string;
  readonly rightLines: string;
  /** The fragment's lines, raw (the template escapes them), capped. */
  readonly leftText: string;
  readonly rightText: string;
}

export interface PairView {
  readonly rank: number;
  readonly file: string;
  readonly left: string;
  readonly right: string;
  /** The similarity as a whole percentage, e.g. `87%`. */
  readonly similarity: string;
  readonly longest: number;
  readonly fragments: readonly FragmentView[];
  /** Fragments not shown (over MAX_FRAGMENTS_SHOWN). */
  readonly moreFragments: number;
}

export interface SimilarityPageView {
  readonly assignment: { readonly id: string; readonly title: string };
  readonly threshold: string;
  readonly submissions: number;
  /** Pairs compared, all files together. */
  readonly compared: number;
  /** Pairs at or above the threshold. */
  readonly above: number;
  readonly files: readonly { readonly file: string; readonly compared: number; readonly template: boolean }[];
  readonly pairs: readonly PairView[];
  /** Pairs above the threshold not listed (over MAX_PAIRS_SHOWN). */
  readonly morePairs: number;
  readonly notes: readonly string[];
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/**
 * What the staff-only similarity page shows of an analysis: the pairs at or
 * above `threshold` (a fraction in [0, 1]), most alike first, each with its
 * shared fragments side by side, longest first, and the lines of each side
 * as they are in the student's file. Every count and cap is said on the page.
 */
export function similarityView(analysis: SimilarityAnalysis, threshold: number): SimilarityPageView {
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`vmlab internal error: similarity threshold ${threshold} is not in [0, 1]`);
  const above = analysis.pairs.filter((pair) => pair.similarity >= threshold).sort(moreAlikeFirst);
  return {
    assignment: analysis.assignment,
    threshold: percent(threshold),
    submissions: analysis.submissions,
    compared: analysis.pairs.length,
    above: above.length,
    files: analysis.files,
    pairs: above.slice(0, MAX_PAIRS_SHOWN).map((pair, index) => pairView(pair, index + 1)),
    morePairs: Math.max(0, above.length - MAX_PAIRS_SHOWN),
    notes: analysis.notes,
  };
}

/** Most alike first; ties by the longest shared run, then by name, so that the page is the same on every run. */
function moreAlikeFirst(a: AnalyzedPair, b: AnalyzedPair): number {
  return b.similarity - a.similarity || b.longest - a.longest || compareText(a.left.label, b.left.label) || compareText(a.right.label, b.right.label) || compareText(a.file, b.file);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pairView(pair: AnalyzedPair, rank: number): PairView {
  const leftLines = pair.left.text.split(/\r?\n/);
  const rightLines = pair.right.text.split(/\r?\n/);
  const fragments = [...pair.fragments].sort((a, b) => spanLength(b.left) - spanLength(a.left) || a.left.startRow - b.left.startRow);
  return {
    rank,
    file: pair.file,
    left: pair.left.label,
    right: pair.right.label,
    similarity: percent(pair.similarity),
    longest: pair.longest,
    fragments: fragments.slice(0, MAX_FRAGMENTS_SHOWN).map((fragment) => ({
      leftLines: linesLabel(fragment.left),
      rightLines: linesLabel(fragment.right),
      leftText: excerpt(leftLines, fragment.left),
      rightText: excerpt(rightLines, fragment.right),
    })),
    moreFragments: Math.max(0, fragments.length - MAX_FRAGMENTS_SHOWN),
  };
}

function spanLength(span: LineSpan): number {
  return span.endRow - span.startRow + 1;
}

function linesLabel(span: LineSpan): string {
  return span.startRow === span.endRow ? `line ${span.startRow + 1}` : `lines ${span.startRow + 1}–${span.endRow + 1}`;
}

/** The span's lines of a file, each cut at MAX_LINE_CHARS, at most MAX_FRAGMENT_LINES of them. */
function excerpt(lines: readonly string[], span: LineSpan): string {
  const shown = lines.slice(span.startRow, Math.min(span.endRow + 1, span.startRow + MAX_FRAGMENT_LINES));
  const cut = shown.map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
  const more = spanLength(span) - shown.length;
  return more > 0 ? [...cut, `… ${more} more lines`].join('\n') : cut.join('\n');
}
