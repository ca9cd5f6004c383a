import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * The folder holding vmlab's own files (package.json, reference/, starter/),
 * found from a module's location whether it runs from the sources (ts-jest)
 * or from the build in dist/.
 */
export function vmlabRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vmlab') return dir;
    if (path.dirname(dir) === dir) throw new Error(`vmlab internal error: no vmlab package.json above ${from}`);
  }
}
