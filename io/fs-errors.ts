/** A file-system error in a few words a user can act on ("no such file"), not Node's errno dump. */
export function describeFsError(error: unknown): string {
  switch (errnoCode(error)) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EEXIST':
      return 'something of that name is already there';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The path of a failed file-system call (Node's SystemError carries it), or
 * undefined for any other error. Such a failure is about the user's files (a
 * full disk, a folder where a file was expected), so the CLI reports it as
 * "PATH: what went wrong", not as a bug.
 */
export function failedFsPath(error: unknown): string | undefined {
  if (errnoCode(error) === undefined) return undefined;
  const file = (error as { path?: unknown }).path;
  return typeof file === 'string' ? file : undefined;
}

function errnoCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}
