import { expandSuite } from '../../assignments/framework/expand-tests';
import { FeedbackNaming, feedbackNaming } from '../../assignments/framework/feedback-naming';
import { assignmentPoints, BUG_COST_TARGET, BugGrade, DiagnosisCatalogue, gradeRealisticBug, publicFailures, publicTestNamingIt, ruleTestsFailed } from '../../assignments/framework/grade-realistic-bugs';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { RealisticBug } from '../../assignments/framework/realistic-bug';
import { bugCatchProblems, bugSetProblems } from '../../assignments/framework/realistic-bug-requirements';
import { observedOnReference } from '../../assignments/framework/observed-tests';

/** One realistic bug graded over every suite. */
export interface AuditedBug {
  readonly id: string;
  readonly rule: string;
  readonly mistake: string;
  readonly components: readonly string[];
  /** Points lost over all suites, each test by its own scoring. */
  readonly pointsLost: number;
  /** pointsLost over the assignment's points. */
  readonly share: number;
  /** The public tests it fails. */
  readonly publicTests: readonly string[];
  /** The first of those whose title, hint or first difference matches the bug's feedback: the public failure that names it. */
  readonly namedBy?: string;
  /** The tests it fails that declare its rule. */
  readonly ruleTests: readonly string[];
  readonly failedTests: ReadonlyArray<{ readonly test: string; readonly suite: string; readonly failedCases: number; readonly totalCases: number; readonly pointsLost: number }>;
}

/** The realistic bugs against requirements 1-4 (assignments/README.md, "Realistic bugs"). */
export interface BugAuditReport {
  readonly points: number;
  /** The least share of the points a bug may cost. */
  readonly target: number;
  readonly bugs: readonly AuditedBug[];
  /** The bug that costs least, with what it costs; absent without bugs. */
  readonly cheapest?: { readonly id: string; readonly pointsLost: number; readonly share: number };
  /** Every requirement a bug or the bug set misses, one line each. */
  readonly problems: readonly string[];
  readonly targetMet: boolean;
  /** How many caught bugs the diagnosis names (the report's opening misconceptions); absent when not asked for. */
  readonly naming?: FeedbackNaming;
}

export interface BugAuditRequest {
  readonly assignment: LoadedAssignment;
  readonly bugs: readonly RealisticBug[];
  /** Diagnose each failed test with this catalogue, as the grader does, and measure how many bugs the diagnosis names. */
  readonly catalogue?: DiagnosisCatalogue;
  /** Called as each bug is graded (they run one after another, in this process). */
  readonly onBug?: (bug: AuditedBug, index: number, of: number) => void;
}

/**
 * Grade every realistic bug of the assignment in-process over all its suites
 * (the suites' own seeds), and check the requirements: enough bugs, each
 * caught and named by a public test, each failing a test of its rule, none
 * costing less than BUG_COST_TARGET of the points.
 */
export function auditRealisticBugs({ assignment, bugs, catalogue, onBug }: BugAuditRequest): BugAuditReport {
  const tests = observedOnReference(assignment.suites.flatMap((suite) => expandSuite(suite)));
  const points = assignmentPoints(assignment);
  const problems = bugs.length === 0 ? [`the assignment has no realistic bugs (assignments/${assignment.manifest.id}/bugs/index.ts)`] : bugSetProblems(assignment, bugs);
  const grades: BugGrade[] = [];
  const audited = bugs.map((bug, index) => {
    const grade = gradeRealisticBug(bug, tests, catalogue);
    grades.push(grade);
    problems.push(...bugCatchProblems(grade));
    const result = auditedBug(grade, points);
    if (result.share < BUG_COST_TARGET) problems.push(`${bug.id} (${bug.mistake}): costs ${formatPoints(result.pointsLost)} of ${formatPoints(points)} points, less than ${BUG_COST_TARGET * 100}%`);
    onBug?.(result, index, bugs.length);
    return result;
  });
  const cheapest = audited.reduce<AuditedBug | undefined>((least, bug) => (least === undefined || bug.pointsLost < least.pointsLost ? bug : least), undefined);
  return {
    points,
    target: BUG_COST_TARGET,
    bugs: audited,
    ...(cheapest === undefined ? {} : { cheapest: { id: cheapest.id, pointsLost: cheapest.pointsLost, share: cheapest.share } }),
    problems,
    targetMet: problems.length === 0,
    // The naming is its own target (suite-audit.ts): it does not fail the bugs' requirements.
    ...(catalogue === undefined ? {} : { naming: feedbackNaming(assignment.manifest.id, grades) }),
  };
}

function auditedBug(grade: BugGrade, points: number): AuditedBug {
  const { bug } = grade;
  const named = publicTestNamingIt(grade);
  return {
    id: bug.id,
    rule: bug.rule,
    mistake: bug.mistake,
    components: Object.keys(bug.components),
    pointsLost: grade.pointsLost,
    share: points === 0 ? 0 : grade.pointsLost / points,
    publicTests: publicFailures(grade).map((test) => test.test),
    ...(named === undefined ? {} : { namedBy: named.test }),
    ruleTests: ruleTestsFailed(grade).map((test) => test.test),
    failedTests: grade.failed.map(({ test, suite, failedCases, totalCases, pointsLost }) => ({ test, suite, failedCases, totalCases, pointsLost })),
  };
}

/** Points to two decimals, without trailing zeros: 6, 3.92. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}
