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

/**
 * The list `exportName` of every assignment's `<moduleFolder>/index`, by
 * assignment folder name, checked: each module exports an array whose ids
 * are unique within the assignment.
 */
export function findAssignmentLists<T extends { readonly id: string }>(assignmentsFolder: string, moduleFolder: string, exportName: string): Map<string, readonly T[]> {
  const found = new Map<string, readonly T[]>();
  for (const { assignment, module } of findAssignmentPlugins<Record<string, unknown>>(assignmentsFolder, moduleFolder)) {
    const list = module[exportName];
    if (!Array.isArray(list)) throw new Error(`vmlab internal error: assignments/${assignment}/${moduleFolder} does not export ${exportName}`);
    const ids = (list as T[]).map((item) => item.id);
    const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (twice.length > 0) throw new Error(`vmlab internal error: assignments/${assignment}/${moduleFolder} names ${[...new Set(twice)].join(', ')} twice`);
    found.set(assignment, list as T[]);
  }
  return found;
}
