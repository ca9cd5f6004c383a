import { SubmissionResults } from '../results/submission-results';
import { Adjustment, TOTAL_TARGET } from './adjustment';

/** An adjustment as it changed a student's score: the target's points before and after. */
export interface AppliedAdjustment extends Adjustment {
  readonly level: 'test' | 'part' | 'total';
  readonly before: number;
  readonly after: number;
  /** The change went past 0 or the target's maximum and was stopped there. */
  readonly capped: boolean;
}

export interface AdjustedResults {
  /** The results with the adjusted scores (tests, parts, total); the raw ones stay in results.json. */
  readonly results: SubmissionResults;
  readonly raw: { readonly score: number };
  readonly applied: readonly AppliedAdjustment[];
  /** Adjustments whose target these results do not have (a test a suite fix removed): kept, not applied. */
  readonly unmatched: readonly Adjustment[];
}

/** Where an adjustment's target is in these results, or undefined when it names none. */
export function targetLevel(results: SubmissionResults, target: string): AppliedAdjustment['level'] | undefined {
  if (target === TOTAL_TARGET) return 'total';
  if (results.tests.some((test) => test.id === target)) return 'test';
  if (results.parts.some((part) => part.id === target)) return 'part';
  return undefined;
}

/** Why an adjustment cannot apply to these results (no such target, an override past the maximum), or undefined. */
export function adjustmentProblem(results: SubmissionResults, adjustment: Adjustment): string | undefined {
  const level = targetLevel(results, adjustment.target);
  if (level === undefined) return `no test or part ${JSON.stringify(adjustment.target)} in ${results.student}'s results (a target is a test id, a part id or "${TOTAL_TARGET}")`;
  const max = maxOf(results, level, adjustment.target);
  if (adjustment.change.kind === 'override' && adjustment.change.points > max) return `=${adjustment.change.points} is more than the ${max} points of ${adjustment.target}`;
  return undefined;
}

/**
 * The results with adjustments applied in order: a test's change moves its
 * part and the total by as much, a part's moves the total; each target stays
 * within 0 and its points. Nothing is regraded: the cases, verdicts and
 * failures are the grading's.
 */
export function applyAdjustments(results: SubmissionResults, adjustments: readonly Adjustment[]): AdjustedResults {
  if (adjustments.length === 0) return { results, raw: { score: results.score }, applied: [], unmatched: [] };
  const tests = new Map(results.tests.map((test) => [test.id, test.score]));
  const parts = new Map(results.parts.map((part) => [part.id, part.score]));
  let total = results.score;
  const applied: AppliedAdjustment[] = [];
  const unmatched: Adjustment[] = [];
  for (const adjustment of adjustments) {
    const level = targetLevel(results, adjustment.target);
    if (level === undefined) {
      unmatched.push(adjustment);
      continue;
    }
    const before = level === 'test' ? tests.get(adjustment.target)! : level === 'part' ? parts.get(adjustment.target)! : total;
    const wanted = adjustment.change.kind === 'override' ? adjustment.change.points : before + adjustment.change.points;
    const after = roundPoints(Math.min(Math.max(wanted, 0), maxOf(results, level, adjustment.target)));
    const moved = after - before;
    if (level === 'test') {
      tests.set(adjustment.target, after);
      const part = results.tests.find((test) => test.id === adjustment.target)!.part;
      parts.set(part, roundPoints((parts.get(part) ?? 0) + moved));
    }
    if (level === 'part') parts.set(adjustment.target, after);
    total = level === 'total' ? after : roundPoints(total + moved);
    applied.push({ ...adjustment, level, before, after, capped: after !== roundPoints(wanted) });
  }
  return {
    results: {
      ...results,
      score: total,
      parts: results.parts.map((part) => ({ ...part, score: parts.get(part.id)! })),
      tests: results.tests.map((test) => ({ ...test, score: tests.get(test.id)! })),
    },
    raw: { score: results.score },
    applied,
    unmatched,
  };
}

function maxOf(results: SubmissionResults, level: AppliedAdjustment['level'], target: string): number {
  if (level === 'test') return results.tests.find((test) => test.id === target)!.points;
  if (level === 'part') return results.parts.find((part) => part.id === target)!.points;
  return results.maxScore;
}

/** Points to a thousandth: decimal deltas (0.1 + 0.2) must not leave binary dust in grades.csv. */
export function roundPoints(points: number): number {
  return Math.round(points * 1000) / 1000;
}
