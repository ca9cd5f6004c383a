import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/** The npm name of the handout of an assignment. */
export function handoutPackageName(assignmentId: string): string {
  return `vmlab-${assignmentId}`;
}

const HANDOUT_PACKAGE_NAME = /^vmlab-[a-z0-9][a-z0-9._-]*$/;

/**
 * The folder holding vmlab's own files (package.json, reference/, starter/),
 * found from a module's location whether it runs from the sources (ts-jest),
 * from the build in dist/, or from a handout, which ships the grader code its
 * `npm run report` needs at the same paths.
 */
export function vmlabRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === 'vmlab' || (typeof name === 'string' && HANDOUT_PACKAGE_NAME.test(name))) return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`vmlab internal error: no vmlab package.json above ${from}`);
  }
}
