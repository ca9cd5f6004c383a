import { chmodSync, chownSync, lstatSync, readdirSync, realpathSync, Stats } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * When the grader runs as root, its children run as this uid and gid
 * ("nobody" on most Linux systems); their user namespace maps it to root
 * inside, with no privilege over the host's files.
 */
export const CHILD_UID_GID = 65534;

const S_IXOTH = 0o001;
const S_IROTH = 0o004;
const S_IXGRP = 0o010;
const S_IRGRP = 0o040;
const S_IXUSR = 0o100;

export type AccessGrant = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Lets uid/gid `id` read `folders` (and enter the folders above them), as
 * little as needed: what others may read already is left alone; what only
 * vmlab's own temp folders (made 0700 by mkdtemp, their files perhaps under
 * a strict umask) keep from it gets group `id` and g+r (g+x on folders and
 * executables, g+x only on the folders above). Nothing is made writable.
 * A folder behind one that is not vmlab's own and that `id` cannot enter or
 * read is refused: the child must then run as the grader's user.
 */
export function grantChildAccess(folders: readonly string[], id: number = CHILD_UID_GID): AccessGrant {
  const tmp = realpathSync(os.tmpdir());
  try {
    for (const folder of folders) {
      const real = realpathSync(folder);
      for (const above of ancestors(real)) {
        const stats = lstatSync(above);
        if (may(stats, id, S_IXOTH)) continue;
        if (!isVmlabOwn(above, tmp)) return { ok: false, reason: `${above} cannot be entered by uid ${id}` };
        widen(above, stats, id, S_IXGRP);
      }
      const refused = grantTree(real, id, tmp);
      if (refused !== undefined) return { ok: false, reason: refused };
    }
  } catch (error) {
    // A folder removed meanwhile, or chown refused (not root): no drop, said plainly.
    return { ok: false, reason: `access for uid ${id} could not be granted: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { ok: true };
}

/** Whether uid/gid `id` may enter every folder from / down to `folder` (inclusive). */
export function reachableBy(folder: string, id: number): boolean {
  try {
    return [...ancestors(folder), folder].every((dir) => may(lstatSync(dir), id, S_IXOTH));
  } catch {
    return false;
  }
}

/** Grants read access to `root` and everything under it; the first entry that cannot be granted, in words, or undefined. */
function grantTree(root: string, id: number, tmp: string): string | undefined {
  const pending = [root];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const stats = lstatSync(entry);
    if (stats.isSymbolicLink()) continue; // what a link leads to is granted where it lives, or not at all
    const isDir = stats.isDirectory();
    const needed = isDir ? S_IROTH | S_IXOTH : S_IROTH;
    if (!may(stats, id, needed)) {
      if (!isVmlabOwn(entry, tmp)) return `${entry} cannot be read by uid ${id}`;
      const executable = isDir || (stats.mode & S_IXUSR) !== 0;
      widen(entry, stats, id, S_IRGRP | (executable ? S_IXGRP : 0));
    }
    if (isDir) for (const name of readdirSync(entry)) pending.push(path.join(entry, name));
  }
  return undefined;
}

/** Whether `id` has the permission `otherBits` (written as the "others" bits) on a file with these stats, as owner, group or other. */
function may(stats: Stats, id: number, otherBits: number): boolean {
  if (stats.uid === id) return (stats.mode & (otherBits << 6)) === otherBits << 6;
  if (stats.gid === id) return (stats.mode & (otherBits << 3)) === otherBits << 3;
  return (stats.mode & otherBits) === otherBits;
}

/** Gives group `id` the permission bits `groupBits` on one entry (its group becomes `id`; its owner stays). */
function widen(entry: string, stats: Stats, id: number, groupBits: number): void {
  let mode = stats.mode & 0o7777;
  if (stats.gid !== id) {
    chownSync(entry, stats.uid, id);
    // What the old group could do must not pass to `id` (a g+w would make it writable): only groupBits do.
    mode &= ~0o070;
  }
  chmodSync(entry, mode | groupBits);
}

/** The folders above `entry`, from / down to its parent. */
function ancestors(entry: string): string[] {
  const list: string[] = [];
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    list.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  return list;
}

/** Inside one of vmlab's temp folders (os.tmpdir()/vmlab-…): vmlab made it, and may open it to its children. */
function isVmlabOwn(entry: string, tmp: string): boolean {
  const relative = path.relative(tmp, entry);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && relative.split(path.sep)[0]!.startsWith('vmlab-');
}
