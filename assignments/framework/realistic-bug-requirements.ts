import { BugGrade, bugComponents, publicFailures, publicTestNamingIt, ruleTestsFailed } from './grade-realistic-bugs';
import { LoadedAssignment } from './loaded-assignment';
import { RealisticBug } from './realistic-bug';

/** Requirement 1: the least number of realistic bugs per assessed component. */
export const MIN_BUGS_PER_COMPONENT = 20;

/** Requirement 1, and that each bug breaks a rule of the manifest and replaces only assessed components. */
export function bugSetProblems(assignment: LoadedAssignment, bugs: readonly RealisticBug[]): string[] {
  const { manifest } = assignment;
  const problems: string[] = [];
  for (const component of manifest.assesses) {
    const count = bugs.filter((bug) => bugComponents(bug).includes(component)).length;
    if (count < MIN_BUGS_PER_COMPONENT) problems.push(`${component}: ${count} realistic bugs, fewer than ${MIN_BUGS_PER_COMPONENT}`);
  }
  const rules = new Set((manifest.rules ?? []).map((rule) => rule.id));
  for (const bug of bugs) {
    if (!rules.has(bug.rule)) problems.push(`${bug.id}: breaks "${bug.rule}", which is not a rule of the manifest`);
    const foreign = bugComponents(bug).filter((component) => !(manifest.assesses as string[]).includes(component));
    if (bugComponents(bug).length === 0) problems.push(`${bug.id}: replaces no component`);
    if (foreign.length > 0) problems.push(`${bug.id}: replaces ${foreign.join(', ')}, which the assignment does not assess`);
  }
  return problems;
}

/**
 * Requirements 2 and 3 for one graded bug (graded on the public tests and on
 * the tests of its rule at least): a public test fails it and one of those
 * names the mistake; a test that declares its rule fails it.
 */
export function bugCatchProblems(grade: BugGrade): string[] {
  const { bug } = grade;
  const problems: string[] = [];
  const failedPublic = publicFailures(grade);
  if (failedPublic.length === 0) {
    const elsewhere = grade.failed.map((test) => test.test);
    problems.push(`${bug.id} (${bug.mistake}): no public test fails it${elsewhere.length === 0 ? '' : `; only ${elsewhere.join(', ')}`}`);
  } else if (publicTestNamingIt(grade) === undefined) {
    const said = failedPublic.map((test) => `${test.test} (${test.title}): at ${test.first.where}, ${test.first.field}: ${test.first.message}`);
    problems.push(`${bug.id} (${bug.mistake}): no failing public test's title, hint or first difference matches ${String(bug.feedback)}; they say:\n  ${said.join('\n  ')}`);
  }
  if (ruleTestsFailed(grade).length === 0) problems.push(`${bug.id} (${bug.mistake}): no test declaring its rule "${bug.rule}" fails it`);
  return problems;
}
