import { describeDiagnosis } from './diagnose';
import { BugGrade } from './grade-realistic-bugs';
import { LikelyMisconception, likelyMisconceptions, MISCONCEPTIONS_SHOWN } from './likely-misconceptions';

export { MISCONCEPTIONS_SHOWN } from './likely-misconceptions';

/** Whether the feedback a student reads before the deadline names a graded bug. */
export interface BugNaming {
  readonly caught: boolean;
  /** The misconceptions the report opens with, most probable first. */
  readonly shown: readonly LikelyMisconception[];
  /** One of them names the bug (its text matches the bug's `names`). */
  readonly named: boolean;
  /** The first one does. */
  readonly namedFirst: boolean;
}

/**
 * Does the diagnosis of a graded bug name it? Graded over every suite (a
 * student reads the diagnosis of hidden tests too, though not their cases),
 * with a catalogue: the report's opening misconceptions are matched against
 * the bug's `names`. A bug without `names` is never named.
 */
export function bugNaming(grade: BugGrade): BugNaming {
  const shown = likelyMisconceptions(grade.failed).slice(0, MISCONCEPTIONS_SHOWN);
  const words = grade.bug.names;
  // search, not test: a RegExp written with the g flag would carry its lastIndex from one misconception to the next.
  const names = (item: LikelyMisconception | undefined) => item !== undefined && words !== undefined && describeDiagnosis(item.diagnosis).search(words) >= 0;
  return { caught: grade.failed.length > 0, shown, named: shown.some(names), namedFirst: names(shown[0]) };
}
