import * as path from 'path';
import { GoldenSuite } from '../../observe/test-case';
import { loadGoldens } from '../../starter/harness/load-goldens';
import { AssignmentInvalidError } from '../../assignments/framework/assignment-problems';
import { AssignmentWithoutSuites } from '../../assignments/framework/loaded-assignment';
import { readCheckedJson } from '../../assignments/framework/read-checked-json';
import { assignmentValidators } from '../../assignments/framework/validators';
import { publicGoldensFile } from '../compile/handout-wiring';
import { PUBLIC_ASSIGNMENT_FILE } from './public-report-files';

export interface PublicAssignment {
  /** The manifest restricted to the public suite, and the assignment's folder in the handout (which holds only the goldens). */
  readonly assignment: AssignmentWithoutSuites;
  readonly goldens: GoldenSuite;
}

/**
 * A handout's assignment as its `npm run report` grades it: the public
 * manifest vmlab handout wrote (checked against the manifest schema) and the
 * public goldens the harness reads too, which must agree on every part's points.
 */
export function loadPublicAssignment(handoutRoot: string): PublicAssignment {
  const manifestFile = path.join(handoutRoot, PUBLIC_ASSIGNMENT_FILE);
  const manifest = readCheckedJson(manifestFile, assignmentValidators().manifest, 'public assignment');
  const dir = path.join(handoutRoot, 'assignments', manifest.id);
  const goldensFile = publicGoldensFile(handoutRoot, dir);
  let goldens: GoldenSuite;
  try {
    goldens = loadGoldens(handoutRoot, goldensFile);
  } catch (error) {
    throw new AssignmentInvalidError([`${goldensFile}: cannot read the public goldens: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const problems = goldens.assignment === manifest.id ? [] : [`${goldensFile}: the goldens of ${goldens.assignment}, not of ${manifest.id}`];
  for (const part of manifest.parts) {
    const points = goldens.tests.filter((test) => test.part === part.id).reduce((sum, test) => sum + test.points, 0);
    if (Math.abs(points - part.points) > 1e-9) problems.push(`${goldensFile}: the public tests of part ${part.id} are worth ${points} points, ${PUBLIC_ASSIGNMENT_FILE} says ${part.points}`);
  }
  for (const test of goldens.tests) {
    if (!manifest.parts.some((part) => part.id === test.part)) problems.push(`${goldensFile}: test ${test.id} is in part ${test.part}, which ${PUBLIC_ASSIGNMENT_FILE} does not have`);
  }
  if (problems.length > 0) throw new AssignmentInvalidError(problems);
  return { assignment: { dir, manifest }, goldens };
}
