import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { ComponentName } from '../../reference/components';
import { VmlabError } from '../../reference/errors';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { providedByReference } from '../../assignments/framework/provided-components';
import { readCheckedJson } from '../../assignments/framework/read-checked-json';
import { assignmentValidators } from '../../assignments/framework/validators';

/** A reference solution a handout ships that another assignment assesses: its answer, unless the instructor means it. */
export interface ShippedSolution {
  readonly component: ComponentName;
  /** The ids of the other assignments that assess it. */
  readonly assessedBy: readonly string[];
}

/**
 * The reference solutions the handout of `assignment` would ship (the
 * components it provides from the reference) that another assignment in
 * `assignmentsRoot` assesses. Every other assignment's manifest is read: one
 * that cannot be read is an error, since it might assess any of them.
 */
export function solutionsAssessedElsewhere(assignment: LoadedAssignment, assignmentsRoot: string): ShippedSolution[] {
  const provided = providedByReference(assignment.manifest);
  if (provided.length === 0) return [];
  const others = assignmentFolders(assignmentsRoot)
    .filter((folder) => path.resolve(folder) !== path.resolve(assignment.dir))
    .map((folder) => readCheckedJson(path.join(folder, 'assignment.json'), assignmentValidators().manifest, 'assignment manifest'));
  return provided
    .map((component) => ({ component, assessedBy: others.filter((other) => other.assesses.includes(component)).map((other) => other.id) }))
    .filter((shipped) => shipped.assessedBy.length > 0);
}

/**
 * The solutions assessed elsewhere that the handout may ship: those the
 * instructor named (`--ship-solution`). Any other is refused, naming the
 * component, the assignment that assesses it and the ways out; a name that
 * matches nothing to ship is refused too, so a typo cannot pass for consent.
 */
export function allowedShippedSolutions(assignment: LoadedAssignment, assignmentsRoot: string, named: readonly string[]): ShippedSolution[] {
  const { manifest } = assignment;
  const assessedElsewhere = solutionsAssessedElsewhere(assignment, assignmentsRoot);
  for (const name of named) {
    if (!assessedElsewhere.some((shipped) => shipped.component === name)) {
      const candidates = assessedElsewhere.map((shipped) => shipped.component);
      throw new VmlabError(
        'OPTION_INVALID',
        `--ship-solution ${name}: the ${manifest.id} handout ships no reference solution of "${name}" that another assignment assesses` +
          (candidates.length === 0 ? ' (it ships none)' : ` (it ships: ${candidates.join(', ')})`),
      );
    }
  }
  const refused = assessedElsewhere.filter((shipped) => !named.includes(shipped.component));
  if (refused.length > 0) {
    const [first] = refused;
    const by = first.assessedBy.map((id) => `the ${id} assignment`).join(' and ');
    throw new VmlabError(
      'OPTION_INVALID',
      `the ${manifest.id} handout would ship the reference solution of ${first.component}, which ${by} assesses: released before that deadline, it gives every student the answer. ` +
        `Add --ship-solution ${first.component} if that is what you mean (the handout's README will say so), or set "providedFrom": { "${first.component}": "student" } in ${path.join(assignment.dir, 'assignment.json')} so students bring their own ${first.component}` +
        (refused.length > 1 ? ` (likewise: ${refused.slice(1).map((shipped) => shipped.component).join(', ')})` : ''),
    );
  }
  return assessedElsewhere;
}
