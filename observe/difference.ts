/**
 * The first place where what a component did departs from what it should
 * have done, in words a student can act on. `where` names the step in the
 * lecture's terms ("step 2: the PDPTE (level 3)", "reference 7, row 1 column
 * 1", "event 4: write 0x1000"); `detail` carries the structured data a report
 * draws its picture from.
 */
export interface Difference {
  readonly where: string;
  /** What was compared at that step, e.g. "entry address". */
  readonly field: string;
  readonly expected: string;
  readonly got: string;
  /** One or two sentences saying what went wrong, without giving the answer away beyond expected/got. */
  readonly message: string;
  /** Index of the step (walk level, 2D reference, event) for reports; absent for whole-result differences. */
  readonly step?: number;
  readonly detail?: unknown;
}

/** How a check judges a case: exact equality with the reference (policy) or rules any correct design keeps (invariant). */
export type CheckKind = 'policy' | 'invariant';
