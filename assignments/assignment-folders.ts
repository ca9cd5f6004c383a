import { existsSync, readdirSync } from 'fs';
import * as path from 'path';

/** The assignment folders under `root` (those with an assignment.json), sorted. */
export function assignmentFolders(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'assignment.json')))
    .map((entry) => path.join(root, entry.name))
    .sort();
}
