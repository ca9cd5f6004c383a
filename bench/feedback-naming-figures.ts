import * as path from 'path';
import { assignmentFolders } from '../assignments/assignment-folders';
import { measureFeedbackNaming, NAMING_TARGET } from '../assignments/framework/feedback-naming';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { realisticBugsOf } from '../assignments/framework/realistic-bugs';
import { vmlabRoot } from '../io/vmlab-root';
import { Figure } from './measure';

/**
 * How well the feedback names the mistakes: per assignment with realistic
 * bugs, the share of the bugs its suites catch whose diagnosis (the
 * misconceptions the report opens with) names them, against the 90% target,
 * and the share named by the first of them, for context. Each bug is graded
 * over every suite, as `vmlab audit` grades it (minutes for the machine
 * assignments).
 */
export function feedbackNamingFigures(root: string = vmlabRoot()): Figure[] {
  return assignmentFolders(path.join(root, 'assignments')).flatMap((folder): Figure[] => {
    const id = path.basename(folder);
    const bugs = realisticBugsOf(id);
    if (bugs.length === 0) return [];
    const naming = measureFeedbackNaming(loadAssignment(folder), bugs);
    const share = (count: number) => (naming.caught === 0 ? 0 : (100 * count) / naming.caught);
    return [
      { name: `${id}: caught bugs the feedback names (of ${naming.caught})`, value: share(naming.named), unit: '%', target: { value: 100 * NAMING_TARGET, better: 'higher' } },
      { name: `${id}: caught bugs the first misconception names`, value: share(naming.namedFirst), unit: '%' },
    ];
  });
}
