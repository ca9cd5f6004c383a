import { randomBytes } from 'crypto';
import { Stats } from 'fs';
import { open, rm, stat, statfs } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../reference/errors';
import { describeFsError } from '../io/fs-errors';

/** What a command writes at its output path: a folder it fills (created with its parents), or one file (its folder must exist). */
export type OutputKind = 'folder' | 'file';

/**
 * Less free space than this on the output's disk is refused up front: a
 * class's reports take a few MB, and a disk this full fails half-way through.
 */
export const MIN_FREE_BYTES = 16 * 1024 * 1024;

export interface OutputCheckOptions {
  /** Default MIN_FREE_BYTES. */
  readonly minFreeBytes?: number;
  /** Bytes an unprivileged user may still write on the disk of `dir`; tests replace it to stand for a full disk. */
  readonly freeBytes?: (dir: string) => Promise<number>;
}

/**
 * Refuse an output path vmlab could not write, before any work: a file where
 * a folder is wanted (or the other way round), a path under a file, a folder
 * this user cannot write in, or a nearly full disk. Writability is tried, not
 * guessed from mode bits (root ignores them; read-only mounts and ACLs do
 * not show in them): a probe file is created in the folder that will hold the
 * output, then removed. Nothing else is created, so a refused or later failed
 * run leaves no empty folder behind. Every refusal is a VmlabError (exit
 * status 2) that starts with the path.
 */
export async function checkOutputTarget(target: string, kind: OutputKind, options: OutputCheckOptions = {}): Promise<void> {
  const refuse = (reason: string): never => {
    throw new VmlabError('IO', `${target}: cannot write the output there: ${reason}`);
  };
  const existing = await statOrMissing(target, refuse);
  let writeDir: string;
  if (existing !== undefined) {
    if (kind === 'folder' && !existing.isDirectory()) refuse('it is a file, and a folder is needed');
    if (kind === 'file' && existing.isDirectory()) refuse('it is a folder, and a file is needed');
    if (kind === 'file' && !existing.isFile()) refuse('it is not a regular file (a device, a pipe or a socket), and vmlab replaces what it writes');
    writeDir = kind === 'folder' ? target : path.dirname(target);
  } else if (kind === 'file') {
    writeDir = path.dirname(target);
    const parent = await statOrMissing(writeDir, refuse);
    if (parent === undefined) refuse(`its folder ${writeDir} does not exist`);
    if (!parent!.isDirectory()) refuse(`${writeDir} is a file, not a folder`);
  } else {
    writeDir = await nearestExistingFolder(target, refuse);
  }
  await probeWrite(writeDir, refuse);
  const free = await (options.freeBytes ?? freeBytesOf)(writeDir);
  const needed = options.minFreeBytes ?? MIN_FREE_BYTES;
  if (free < needed) refuse(`the disk of ${writeDir} has ${megabytes(free)} free; vmlab needs at least ${megabytes(needed)}`);
}

/** Stats of `file`, or undefined when nothing is there; a path through a file is refused. */
async function statOrMissing(file: string, refuse: (reason: string) => never): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return refuse(`${await firstFileOnPath(file)} is a file, so nothing can be written under it`);
    return refuse(describeFsError(error));
  }
}

/** The deepest existing ancestor of a folder to create (mkdir -p creates the rest there); it must be a folder. */
async function nearestExistingFolder(target: string, refuse: (reason: string) => never): Promise<string> {
  let dir = path.resolve(target);
  for (;;) {
    const parent = path.dirname(dir);
    const found = await statOrMissing(parent, refuse);
    if (found !== undefined) {
      if (!found.isDirectory()) refuse(`${parent} is a file, so nothing can be written under it`);
      return parent;
    }
    if (parent === dir) return refuse('no part of the path exists');
    dir = parent;
  }
}

/** The first component of `file`'s path that exists and is not a folder (ENOTDIR names no path of its own). */
async function firstFileOnPath(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const parts = absolute.split(path.sep).filter((part) => part !== '');
  let current = path.parse(absolute).root;
  for (const part of parts) {
    current = path.join(current, part);
    const found = await stat(current).catch(() => undefined);
    if (found !== undefined && !found.isDirectory()) return current;
  }
  return file;
}

/** Create and remove a file in `dir`: the only check that holds for root, read-only mounts and ACLs alike. */
async function probeWrite(dir: string, refuse: (reason: string) => never): Promise<void> {
  const probe = path.join(dir, `.vmlab-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (error) {
    refuse(`cannot create a file in ${dir}: ${describeFsError(error)}`);
  }
  await rm(probe, { force: true });
}

async function freeBytesOf(dir: string): Promise<number> {
  const disk = await statfs(dir);
  return disk.bavail * disk.bsize;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
