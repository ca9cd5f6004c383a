import { roundPoints } from '../adjustments/apply-adjustments';
import { Extension, extendedDueMs } from './extension';
import { Amount, LatePolicy, PER_MS } from './late-policy';

/** A late policy as it applies to one submission: the policy and the extension of the student (or of their group). */
export interface LateTerms {
  readonly policy: LatePolicy;
  readonly extension?: Extension;
}

/**
 * How lateness changed a score: `unknown` when the submission's time is not
 * known (not penalised, flagged), `on-time`, `grace` (late, within the grace
 * period: not penalised), `late` (penalised), `closed` (after the last
 * moment: nothing earned).
 */
export interface Lateness {
  readonly status: 'unknown' | 'on-time' | 'grace' | 'late' | 'closed';
  readonly submittedMs?: number;
  /** The due date in force: the policy's, or the extension's. */
  readonly dueMs: number;
  /** The last moment in force, moved by as much as the extension moves the due date. */
  readonly closesMs?: number;
  /** How long after the due date it was submitted; 0 when on time or unknown. */
  readonly lateMs: number;
  /** The days or hours counted: every started one after the due date (0 unless `late`). */
  readonly units: number;
  /** The score lateness applied to (the grading's, after the staff's adjustments), the points it took, and what is left. */
  readonly before: number;
  readonly penalty: number;
  readonly after: number;
  /** The penalty was held at the policy's cap. */
  readonly capped: boolean;
}

/**
 * Apply a late policy to a score. Submitted at or before the due date (with
 * its extension): on time. Within the grace period after it: on time, said
 * so. Later: every started day (or hour) since the due date (not since the
 * grace period's end) counts one penalty, a share of the score or of the
 * maximum (`maxScore`), or points,
 * held at the cap, never below 0. After the last moment (moved by the
 * extension too): 0. An unknown submission time is not penalised.
 */
export function lateness(score: number, maxScore: number, submittedAt: string | undefined, terms: LateTerms): Lateness {
  const { policy } = terms;
  const dueMs = extendedDueMs(policy, terms.extension);
  const closesMs = policy.closesMs === undefined ? undefined : policy.closesMs + (dueMs - policy.dueMs);
  const fixed = { dueMs, ...(closesMs === undefined ? {} : { closesMs }), before: score };
  const submittedMs = submittedAt === undefined ? undefined : Date.parse(submittedAt);
  if (submittedMs === undefined || Number.isNaN(submittedMs)) return { ...fixed, status: 'unknown', lateMs: 0, units: 0, penalty: 0, after: score, capped: false };
  const lateMs = Math.max(0, submittedMs - dueMs);
  const unchanged = { ...fixed, submittedMs, lateMs, penalty: 0, after: score, capped: false };
  if (lateMs === 0) return { ...unchanged, status: 'on-time', units: 0 };
  if (lateMs <= policy.graceMs) return { ...unchanged, status: 'grace', units: 0 };
  const units = Math.ceil(lateMs / PER_MS[policy.penalty.per]);
  if (closesMs !== undefined && submittedMs > closesMs) return { ...fixed, status: 'closed', submittedMs, lateMs, units, penalty: score, after: 0, capped: false };
  const share = (value: number, unit: Amount['unit']) => (unit === 'percent' ? (score * value) / 100 : unit === 'percent-of-max' ? (maxScore * value) / 100 : value);
  const wanted = units * share(policy.penalty.value, policy.penalty.unit);
  const cap = policy.cap === undefined ? Infinity : share(policy.cap.value, policy.cap.unit);
  const penalty = roundPoints(Math.min(wanted, cap, score));
  return { ...fixed, status: 'late', submittedMs, lateMs, units, penalty, after: roundPoints(score - penalty), capped: cap < wanted && cap < score };
}
