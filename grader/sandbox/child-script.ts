import { copyFileSync, mkdtempSync, realpathSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';

/** The child's script, relative to vmlab's root (a handout ships it at the same place). */
export const CHILD_SCRIPT_FILE = 'grader/sandbox/sandbox-child.js';

export interface InstalledChildScript {
  /** The copy the child runs. */
  readonly file: string;
  /** Its folder, which the child is allowed to read. */
  readonly dir: string;
  remove(): void;
}

/**
 * Copies sandbox-child.js (plain JavaScript, run as is from the sources
 * whether the grader runs from them or from dist/) alone into a fresh temp
 * folder, so the read permission the child needs for its own script grants
 * nothing else of the grader's.
 */
export function installChildScript(tempDir: string = os.tmpdir()): InstalledChildScript {
  const source = path.join(vmlabRoot(), ...CHILD_SCRIPT_FILE.split('/'));
  const dir = realpathSync(mkdtempSync(path.join(tempDir, 'vmlab-sandbox-')));
  const file = path.join(dir, 'sandbox-child.js');
  copyFileSync(source, file);
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
