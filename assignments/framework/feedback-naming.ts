import { expandSuite } from './expand-tests';
import { bugNaming } from './bug-naming';
import { BugGrade, DiagnosisCatalogue, gradeRealisticBug } from './grade-realistic-bugs';
import { LoadedAssignment } from './loaded-assignment';
import { Misconception } from './misconception';
import { misconceptionsOf } from './misconceptions';
import { ObservedTest, observedOnReference } from './observed-tests';
import { RealisticBug } from './realistic-bug';

/** The share of caught realistic bugs whose diagnosis must name them (issue: feedback that names the misconception). */
export const NAMING_TARGET = 0.9;

/** How well an assignment's diagnosis names its realistic bugs. */
export interface FeedbackNaming {
  readonly assignment: string;
  readonly bugs: number;
  /** Bugs that fail at least one test. */
  readonly caught: number;
  /** Caught bugs one of the report's opening misconceptions names. */
  readonly named: number;
  /** Caught bugs the first of them names. */
  readonly namedFirst: number;
  /** The caught bugs not named, with what the report opened with instead. */
  readonly misses: ReadonlyArray<{ readonly bug: string; readonly shown: readonly string[] }>;
}

/**
 * Grade each realistic bug over every suite of the assignment, diagnose each
 * failed test with the assignment's catalogue as the grader does, and count
 * the bugs the report's opening names. `tests` defaults to every suite's
 * tests observed on the reference (slow for machine workloads);
 * `misconceptions` to the assignment's catalogue.
 */
export function measureFeedbackNaming(
  assignment: LoadedAssignment,
  bugs: readonly RealisticBug[],
  tests: readonly ObservedTest[] = observedOnReference(assignment.suites.flatMap((suite) => expandSuite(suite))),
  misconceptions: readonly Misconception[] = misconceptionsOf(assignment.manifest.id),
): FeedbackNaming {
  const catalogue = diagnosisCatalogueOf(assignment, misconceptions);
  return feedbackNaming(assignment.manifest.id, bugs.map((bug) => gradeRealisticBug(bug, tests, catalogue)));
}

/** What the grader diagnoses an assignment's failures with: its catalogue (by default) and its manifest's rules. */
export function diagnosisCatalogueOf(assignment: LoadedAssignment, misconceptions: readonly Misconception[] = misconceptionsOf(assignment.manifest.id)): DiagnosisCatalogue {
  return { misconceptions, rules: assignment.manifest.rules ?? [] };
}

/** The naming figures of bugs already graded with a catalogue (gradeRealisticBug's third argument). */
export function feedbackNaming(assignment: string, grades: readonly BugGrade[]): FeedbackNaming {
  const namings = grades.map((grade) => ({ bug: grade.bug, naming: bugNaming(grade) }));
  const caught = namings.filter(({ naming }) => naming.caught);
  return {
    assignment,
    bugs: grades.length,
    caught: caught.length,
    named: caught.filter(({ naming }) => naming.named).length,
    namedFirst: caught.filter(({ naming }) => naming.namedFirst).length,
    misses: caught.filter(({ naming }) => !naming.named).map(({ bug, naming }) => ({ bug: bug.id, shown: naming.shown.map((item) => item.diagnosis.misconception.id) })),
  };
}

/** Whether the diagnosis names at least NAMING_TARGET of the caught bugs. */
export function namingTargetMet(naming: FeedbackNaming): boolean {
  return naming.named >= NAMING_TARGET * naming.caught;
}
