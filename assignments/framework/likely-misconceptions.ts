import { Diagnosis } from './misconception';

/** How many likely misconceptions a report opens with. */
export const MISCONCEPTIONS_SHOWN = 3;

/** A failed test as ranking sees it: its diagnosis (if any) and the points it cost. */
export interface DiagnosedFailure {
  readonly diagnosis?: Diagnosis;
  readonly pointsLost: number;
}

/** A misconception a submission likely holds: its diagnosis, how many failed tests show it and what they cost. */
export interface LikelyMisconception {
  readonly diagnosis: Diagnosis & { readonly misconception: NonNullable<Diagnosis['misconception']> };
  readonly tests: number;
  readonly pointsLost: number;
}

/**
 * The misconceptions a submission's failed tests show, most probable first:
 * most points lost to it, then most tests showing it, then the order first
 * met. What a report opens with.
 */
export function likelyMisconceptions(failures: readonly DiagnosedFailure[]): LikelyMisconception[] {
  const byId = new Map<string, { diagnosis: LikelyMisconception['diagnosis']; tests: number; pointsLost: number; order: number }>();
  for (const { diagnosis, pointsLost } of failures) {
    const misconception = diagnosis?.misconception;
    if (diagnosis === undefined || misconception === undefined) continue;
    const known = byId.get(misconception.id);
    if (known === undefined) byId.set(misconception.id, { diagnosis: { ...diagnosis, misconception }, tests: 1, pointsLost, order: byId.size });
    else {
      known.tests++;
      known.pointsLost += pointsLost;
    }
  }
  return [...byId.values()]
    .sort((a, b) => b.pointsLost - a.pointsLost || b.tests - a.tests || a.order - b.order)
    .map(({ diagnosis, tests, pointsLost }) => ({ diagnosis, tests, pointsLost }));
}
