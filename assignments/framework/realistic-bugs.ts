import * as path from 'path';
import { findAssignmentLists } from '../assignment-plugins';
import { RealisticBug } from './realistic-bug';

let byAssignment: ReadonlyMap<string, readonly RealisticBug[]> | undefined;

/**
 * Every assignment's realistic bugs, by assignment folder name: those of each
 * folder with a `bugs/index` module (found at run time, like generators).
 * Loaded on first use: the bugs are whole components, needed only by the
 * audit and the project's tests. Ids are unique within an assignment.
 */
export function realisticBugsByAssignment(): ReadonlyMap<string, readonly RealisticBug[]> {
  byAssignment ??= discoverRealisticBugs(path.join(__dirname, '..'));
  return byAssignment;
}

/** One assignment's realistic bugs (none when its folder has no bugs module). */
export function realisticBugsOf(assignmentId: string): readonly RealisticBug[] {
  return realisticBugsByAssignment().get(assignmentId) ?? [];
}

/** The bugs modules of the assignment folders under `assignmentsFolder`, checked: each exports a list, with ids unique. */
export function discoverRealisticBugs(assignmentsFolder: string): Map<string, readonly RealisticBug[]> {
  return findAssignmentLists<RealisticBug>(assignmentsFolder, 'bugs', 'REALISTIC_BUGS');
}
