import { differenceKey } from '../../observe/shrink/failure-key';
import { compareText } from '../results/class-order';
import { StaffStudent } from './staff-student';
import { diagnosisOf } from '../results/submission-misconceptions';
import { TestFailure, TestResult } from '../results/submission-results';

/**
 * Students grouped by the same mistake, for the staff: every failed test of
 * the class whose first failing case the grader judged (a difference, not a
 * file that did not compile nor a sandbox stop), grouped two ways:
 *
 * - by the same first difference: the component charged and the difference's
 *   field at its kind of place, numbers and addresses blanked
 *   (observe/shrink/failure-key.ts, the key a shrink keeps when no
 *   misconception is recognised): "walker: dirty bit at step #: the PTE (level #)";
 * - by likely misconception: the diagnosis' misconception, else its rule
 *   alone (a failure the catalogue does not recognise: where it may lack one).
 *
 * Each group lists its students and one failure to read in full: the first
 * student by id with a drawn failure, else the first; largest groups first.
 */

export type DifferenceFailure = Extract<TestFailure, { kind: 'difference' }>;

/** One failed test of one student, a group's example. */
export interface GroupedFailure {
  readonly student: string;
  readonly outFolder: string;
  readonly test: TestResult & { readonly failure: DifferenceFailure };
}

export interface MistakeGroup {
  readonly key: string;
  /** The group in words. */
  readonly label: string;
  /** For a misconception group, its explanation and rule; '' otherwise. */
  readonly detail: string;
  /** Distinct students, by id. */
  readonly students: readonly { readonly student: string; readonly outFolder: string }[];
  /** Failed (student, test) runs in the group. */
  readonly failures: number;
  /** Distinct test ids, in the order first met. */
  readonly tests: readonly string[];
  readonly example: GroupedFailure;
}

export interface MistakeGroups {
  readonly byDifference: readonly MistakeGroup[];
  readonly byMisconception: readonly MistakeGroup[];
}

export function mistakeGroups(students: readonly StaffStudent[]): MistakeGroups {
  const failures = [...students]
    .sort((a, b) => compareText(a.results.student, b.results.student))
    .flatMap(({ results, outFolder }) =>
      results.tests.flatMap((test): GroupedFailure[] => (test.failure?.kind === 'difference' ? [{ student: results.student, outFolder, test: test as GroupedFailure['test'] }] : [])),
    );
  return {
    byDifference: groupBy(failures, (failure) => {
      const { difference } = failure.test.failure;
      const component = diagnosisOf(failure.test)?.component ?? failure.test.component;
      const key = `${component}: ${differenceKey(difference)}`;
      return { key, label: key, detail: '' };
    }),
    byMisconception: groupBy(failures, (failure) => {
      const diagnosis = diagnosisOf(failure.test);
      if (diagnosis === undefined) return undefined;
      const { misconception } = diagnosis;
      if (misconception === undefined) return { key: `rule ${diagnosis.rule}`, label: `No misconception recognised; the rule: ${diagnosis.ruleTitle}`, detail: '' };
      return { key: `misconception ${misconception.id}`, label: misconception.title, detail: `${misconception.explanation} The rule: ${diagnosis.ruleTitle}` };
    }),
  };
}

interface GroupName {
  readonly key: string;
  readonly label: string;
  readonly detail: string;
}

function groupBy(failures: readonly GroupedFailure[], nameOf: (failure: GroupedFailure) => GroupName | undefined): MistakeGroup[] {
  const groups = new Map<string, { name: GroupName; members: GroupedFailure[] }>();
  for (const failure of failures) {
    const name = nameOf(failure);
    if (name === undefined) continue;
    const group = groups.get(name.key);
    if (group === undefined) groups.set(name.key, { name, members: [failure] });
    else group.members.push(failure);
  }
  return [...groups.values()]
    .map(({ name, members }): MistakeGroup => {
      const students = new Map(members.map((member) => [member.student, member.outFolder]));
      return {
        ...name,
        students: [...students].map(([student, outFolder]) => ({ student, outFolder })),
        failures: members.length,
        tests: [...new Set(members.map((member) => member.test.id))],
        example: members.find((member) => member.test.failure.picture !== undefined) ?? members[0],
      };
    })
    .sort((a, b) => b.students.length - a.students.length || b.failures - a.failures || compareText(a.key, b.key));
}
