import { Components } from '../../reference/components';

/**
 * A mistake a student really makes, written as components: the project's
 * own bug set, which the public suite must catch and name, and which must
 * cost what the rule it breaks is worth (assignments/README.md, "Realistic bugs").
 */
export interface RealisticBug {
  /** Short stable name, e.g. 'rightsFromLeafOnly'. */
  readonly id: string;
  /** The one manifest rule it breaks. */
  readonly rule: string;
  /** The mistake as a TA would name it. */
  readonly mistake: string;
  /** Words what a student reads of a failing PUBLIC test (title, hint, first difference) must use: the public failure names the mistake. */
  readonly feedback: RegExp;
  /**
   * Words the diagnosis must use to name the mistake (the misconception a
   * student reads at the top of the report, for visible and hidden tests
   * alike): as specific as a TA's name for it, e.g. /D.*read/ for "sets D on
   * reads", not the symptom ("accessed/dirty bits").
   */
  readonly names?: RegExp;
  /** The buggy components; the others are the reference's. */
  readonly components: Partial<Components>;
}

/** What an assignment's `bugs/index.ts` exports. */
export interface AssignmentBugs {
  readonly REALISTIC_BUGS: readonly RealisticBug[];
}
