import * as path from 'path';
import { findAssignmentLists } from '../assignment-plugins';
import { Misconception } from './misconception';

/** The folder of an assignment that holds its catalogue (`index.ts` exporting MISCONCEPTIONS). */
export const MISCONCEPTIONS_FOLDER = 'misconceptions';

let byAssignment: ReadonlyMap<string, readonly Misconception[]> | undefined;

/** Every assignment's misconception catalogue, by assignment folder name (found at run time, like bugs and generators). */
export function misconceptionsByAssignment(): ReadonlyMap<string, readonly Misconception[]> {
  byAssignment ??= findAssignmentLists<Misconception>(path.join(__dirname, '..'), MISCONCEPTIONS_FOLDER, 'MISCONCEPTIONS');
  return byAssignment;
}

/** One assignment's catalogue (none when its folder has no misconceptions module). */
export function misconceptionsOf(assignmentId: string): readonly Misconception[] {
  return misconceptionsByAssignment().get(assignmentId) ?? [];
}
