import { cpSync, existsSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * Copy packages and, recursively, their `dependencies` from
 * `<repoRoot>/node_modules` into `<root>/node_modules`, so code under `root`
 * runs with nothing outside it. A package nested in another's node_modules
 * comes along with it. Returns the names copied to the top level.
 */
export function copyRuntimePackages(repoRoot: string, root: string, packages: Iterable<string>): string[] {
  const topLevel = path.join(path.resolve(repoRoot), 'node_modules');
  const copied = new Set<string>();
  const seen = new Set<string>();
  const pending = [...packages].map((name) => ({ name, from: topLevel }));
  while (pending.length > 0) {
    const { name, from } = pending.pop()!;
    const dir = findPackage(topLevel, from, name);
    if (seen.has(dir)) continue;
    seen.add(dir);
    if (path.relative(topLevel, dir) === path.join(...name.split('/'))) {
      // Links are copied as what they point to: the child may read nothing outside root.
      cpSync(dir, path.join(root, 'node_modules', name), { recursive: true, dereference: true });
      copied.add(name);
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) pending.push({ name: dependency, from: path.join(dir, 'node_modules') });
  }
  return [...copied].sort();
}

/** Node's lookup: the nearest node_modules/<name> from `from` up to the top level. */
function findPackage(topLevel: string, from: string, name: string): string {
  for (let dir = from; dir.startsWith(topLevel); dir = enclosingNodeModules(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === topLevel) break;
  }
  throw new Error(`vmlab internal error: the substrate needs the package ${name}, which is not installed in ${topLevel}`);
}

/** `<top>/a/node_modules` → `<top>`; `<top>/@s/b/node_modules` → `<top>`. */
function enclosingNodeModules(dir: string): string {
  let up = path.dirname(dir);
  while (path.basename(up) !== 'node_modules' && path.dirname(up) !== up) up = path.dirname(up);
  return up;
}
