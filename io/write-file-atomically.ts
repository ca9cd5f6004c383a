import { randomBytes } from 'crypto';
import { open, rename, rm } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../reference/errors';
import { describeFsError } from './fs-errors';

/**
 * Write `content` to `file` so that readers see the old file or the whole new
 * one, never a half-written one: write a temporary file in the same folder
 * (a rename is only atomic within one file system), flush it to disk, then
 * rename it over `file`. The temporary file is removed if anything fails.
 */
export async function writeFileAtomically(file: string, content: string | Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content); // strings as UTF-8
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    // The cleanup must not hide the error: under a path through a file even rm fails (ENOTDIR).
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new VmlabError('IO', `${file}: cannot write: ${describeFsError(error)}`);
  }
}
