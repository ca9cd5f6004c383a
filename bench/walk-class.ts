import { mkdirSync } from 'fs';
import * as path from 'path';
import type { WalkerBug } from '../assignments/walk/test-support/sketch-walker';
import { sketchWalkerSource, stubWalkerSource, writeWalkerSubmission } from '../grader/grade/test-support/walker-submissions';

/** Mistakes students make, one per buggy submission, in turn. */
const BUGS: readonly WalkerBug[] = ['ignoresUser', 'rightsFromLeafOnly', 'indexShiftOffByOne', 'offsetAlways4K', 'dirtyOnEveryAccess', 'skipsCanonicalCheck', 'alwaysFourLevels'];

/**
 * A class of `size` walk submissions in `dir` (created), one folder per
 * student: out of every ten, six correct sketch walkers, three with one bug
 * each and the untouched stub, so the batch pays for passing, failing and
 * throwing code alike.
 */
export function writeWalkClass(repoRoot: string, dir: string, size: number): string {
  mkdirSync(dir, { recursive: true });
  for (let student = 0; student < size; student++) {
    const kind = student % 10;
    const source = kind === 9 ? stubWalkerSource(repoRoot) : kind >= 6 ? sketchWalkerSource(repoRoot, [BUGS[student % BUGS.length]]) : sketchWalkerSource(repoRoot, []);
    writeWalkerSubmission(path.join(dir, `student-${String(student).padStart(3, '0')}`), source);
  }
  return dir;
}
