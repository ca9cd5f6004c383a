import { lstatSync, readdirSync } from 'fs';
import * as path from 'path';

/** Every entry under `dir` (not following links) with its size and modification time, by relative path. */
export function fileSnapshot(dir: string, skip: readonly string[] = []): Map<string, string> {
  const entries = new Map<string, string>();
  const visit = (under: string) => {
    for (const name of readdirSync(path.join(dir, under))) {
      const relative = path.join(under, name);
      if (skip.includes(relative)) continue;
      const stats = lstatSync(path.join(dir, relative));
      entries.set(relative, stats.isDirectory() ? 'folder' : `${stats.size} bytes, modified ${stats.mtimeMs}`);
      if (stats.isDirectory()) visit(relative);
    }
  };
  visit('');
  return entries;
}

/** What changed between two snapshots: entries added, removed or changed. */
export function snapshotChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  for (const [entry, what] of after) {
    if (!before.has(entry)) changes.push(`new: ${entry}`);
    else if (before.get(entry) !== what && what !== 'folder') changes.push(`changed: ${entry}`);
  }
  for (const entry of before.keys()) if (!after.has(entry)) changes.push(`removed: ${entry}`);
  return changes;
}
