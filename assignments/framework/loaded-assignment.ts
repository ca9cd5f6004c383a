import { AssignmentManifest, SuiteDocument, SuiteReference } from './manifest-types';

export interface LoadedSuite {
  readonly reference: SuiteReference;
  /** Absolute path of the suite file. */
  readonly file: string;
  readonly document: SuiteDocument;
}

/** An assignment as load-assignment.ts reads and checks it. */
export interface LoadedAssignment {
  /** Absolute path of the assignment folder. */
  readonly dir: string;
  readonly manifest: AssignmentManifest;
  readonly suites: readonly LoadedSuite[];
}

/** What compiling and grading a submission need of an assignment: its manifest and its folder. A handout has these for its public suite, whose tests come from the goldens. */
export type AssignmentWithoutSuites = Pick<LoadedAssignment, 'dir' | 'manifest'>;

/** The suite every handout ships, with its goldens. */
export const PUBLIC_SUITE = 'public';

/** The assignment's public suite (the loader makes sure there is one). */
export function publicSuite(assignment: LoadedAssignment): LoadedSuite {
  const suite = assignment.suites.find((candidate) => candidate.reference.name === PUBLIC_SUITE);
  if (suite === undefined) throw new Error(`assignment ${assignment.manifest.id} has no public suite`);
  return suite;
}
