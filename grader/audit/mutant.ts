import { ComponentName } from '../../reference/components';

/** What kind of edit a mutant makes (one textual edit each). */
export type MutationKind =
  | 'relational'
  | 'equality'
  | 'arithmetic'
  | 'bitwise'
  | 'logical'
  | 'boolean'
  | 'constant'
  | 'negated-condition'
  | 'removed-statement'
  | 'swapped-arguments'
  /** The unmutated source: the control every audit runs first, which must survive. */
  | 'none';

/** One textual edit of one file: `text[start, end)` becomes `replacement`. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  /** 1-based line and column of `start`. */
  readonly line: number;
  readonly column: number;
  /** The whole changed line(s) before and after the edit: what a report shows as a diff. */
  readonly before: string;
  readonly after: string;
}

/** A mutation of one solution file of one component. */
export interface Mutant extends Mutation {
  /** Stable and readable: `file:line:column:kind#n`. */
  readonly id: string;
  readonly component: ComponentName;
  /** Relative to the repository root, as in the component registry. */
  readonly file: string;
  /** Set when the source marks this mutant equivalent to the reference (equivalent-marks.ts): why. */
  readonly equivalent?: string;
}

/** Why a mutant counts as killed. */
export type KillReason = 'test' | 'timeout' | 'crash' | 'load-error';

export type MutantOutcome =
  | { readonly status: 'survived' }
  | {
      readonly status: 'killed';
      readonly by: KillReason;
      /** For `test`: the first failing test (in suite order) and its first divergent step. */
      readonly test?: string;
      readonly suite?: string;
      readonly caseIndex?: number;
      readonly where?: string;
      readonly message?: string;
    };

/** Apply a mutation to the text it was found in. */
export function applyMutation(text: string, mutation: Pick<Mutation, 'start' | 'end' | 'replacement'>): string {
  return text.slice(0, mutation.start) + mutation.replacement + text.slice(mutation.end);
}
