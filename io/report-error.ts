import { CommanderError } from 'commander';
import { VmlabError } from '../reference/errors';
import { CliIo } from './cli-io';
import { EXIT } from './exit-codes';
import { describeFsError, failedFsPath } from './fs-errors';

/** More than this many problems help nobody: the first ones usually explain the rest. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * Say what went wrong on stderr and choose the exit status. Commander has
 * already printed its own usage errors; a VmlabError is the user's to fix, and
 * so is a failed file-system call on a path (a full disk, a file where a
 * folder was expected: reported as "PATH: what went wrong", wherever in vmlab
 * it surfaced); any other error is a bug in vmlab and says so.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof VmlabError) {
    io.stderr.write(`vmlab: ${error.message}\n`);
    io.stderr.write(furtherProblems(listedProblems(error)));
    return error.code === 'OUT_OF_MEMORY' ? EXIT.problem : EXIT.usage;
  }
  const failedPath = failedFsPath(error);
  if (failedPath !== undefined) {
    io.stderr.write(`vmlab: ${failedPath}: ${describeFsError(error)}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message.replace(/^vmlab internal error: /, '') : String(error);
  const stack = error instanceof Error && error.stack !== undefined ? `${error.stack.split('\n').slice(1).join('\n')}\n` : '';
  io.stderr.write(`vmlab: internal error: ${message}\n${stack}This is a bug in vmlab; please report it with the command that caused it.\n`);
  return EXIT.internal;
}

/**
 * Every problem an error lists (a scenario's or an assignment's carry them
 * all in `problems`, as text or as `{ message }`), so this module need not
 * know each kind of error.
 */
function listedProblems(error: VmlabError): string[] {
  const problems: unknown = (error as { problems?: unknown }).problems;
  if (!Array.isArray(problems)) return [];
  return problems.map((problem: unknown) => (typeof problem === 'string' ? problem : String((problem as { message?: unknown }).message)));
}

/** The problems after the first (which the message already gave), up to a limit. */
function furtherProblems(problems: readonly string[]): string {
  const listed = problems.slice(1, MAX_LISTED_PROBLEMS);
  const unlisted = problems.length - 1 - listed.length;
  const lines = listed.map((problem) => `  ${problem}\n`);
  if (unlisted > 0) lines.push(`  ... and ${unlisted} more ${unlisted === 1 ? 'problem' : 'problems'}\n`);
  return lines.join('');
}
