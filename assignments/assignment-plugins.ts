import { existsSync, readdirSync } from 'fs';
import * as path from 'path';

/** One assignment's plug-in module, as found. */
export interface AssignmentPlugin<T> {
  /** The assignment folder's name (its id). */
  readonly assignment: string;
  readonly module: T;
}

/**
 * The module `<assignment>/<moduleFolder>/index` of every assignment folder
 * under `assignmentsFolder` that has one, by folder name. Assignments are
 * plug-ins: a new folder's generators or bugs are found without a list to
 * edit. Callers pass the folder beside their own module, so the same search
 * works on the sources (under jest) and on the compiled JavaScript in dist/.
 */
export function findAssignmentPlugins<T>(assignmentsFolder: string, moduleFolder: string): AssignmentPlugin<T>[] {
  const plugins: AssignmentPlugin<T>[] = [];
  for (const assignment of readdirSync(assignmentsFolder).sort()) {
    const folder = path.join(assignmentsFolder, assignment, moduleFolder);
    if (!['index.ts', 'index.js'].some((file) => existsSync(path.join(folder, file)))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- found at run time: that is what makes an assignment a plug-in
    plugins.push({ assignment, module: require(folder) as T });
  }
  return plugins;
}
