import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Starts a child (`start` spawns it) in a fresh empty working directory
 * that is removed as soon as the child has started: spawn() returns once
 * the child has changed into it and exec'd, and a process whose working
 * directory has been removed can create nothing in it, whoever it runs as
 * (the kernel refuses new entries in a removed directory). So the child's
 * cwd is empty and unwritable, what Node writes there by default (trace
 * logs, reports, heap snapshots) has nowhere to go, and no folder is left
 * behind, however the child ends.
 */
export function withVanishingCwd<T>(start: (cwd: string) => T, tempDir: string = os.tmpdir()): T {
  const cwd = mkdtempSync(path.join(tempDir, 'vmlab-cwd-'));
  try {
    return start(cwd);
  } finally {
    // On Windows a directory in use cannot be removed: it is left for the temp folder's cleaning.
    try {
      rmSync(cwd, { recursive: true, force: true });
    } catch {
      // See above.
    }
  }
}
