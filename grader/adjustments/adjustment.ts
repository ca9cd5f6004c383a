/**
 * A score adjustment made by the staff on top of a grading, without
 * regrading: a regrade request granted, a penalty, an override. Its target
 * is a test (by id), a part (by id) or the whole (`total`); its change adds
 * points (`+2`, `-1.5`) or sets them (`=7`).
 */
export interface Adjustment {
  readonly target: string;
  readonly change: AdjustmentChange;
  readonly reason: string;
  readonly who: string;
}

export type AdjustmentChange = { readonly kind: 'delta'; readonly points: number } | { readonly kind: 'override'; readonly points: number };

/** The target that adjusts the whole score. */
export const TOTAL_TARGET = 'total';

/** "+2", "-1.5", "=7": a change as the adjustments file writes it. */
export function changeText(change: AdjustmentChange): string {
  if (change.kind === 'override') return `=${change.points}`;
  return change.points < 0 ? String(change.points) : `+${change.points}`;
}

/** A change as the adjustments file writes it ("+2", "-1.5", "2", "=7"), or undefined when it is not one. */
export function parseChange(text: string): AdjustmentChange | undefined {
  const match = /^(=)?\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))$/.exec(text.trim());
  if (match === null) return undefined;
  const points = Number(match[2]);
  if (!Number.isFinite(points)) return undefined;
  if (match[1] === '=') return points < 0 ? undefined : { kind: 'override', points };
  return { kind: 'delta', points };
}
