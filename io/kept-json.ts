import { existsSync, readFileSync } from 'fs';
import { VmlabError } from '../reference/errors';
import { describeFsError } from './fs-errors';

/**
 * A JSON file vmlab keeps in a class or student folder between runs (the
 * adjustments, the late work, the roster), parsed: undefined when there is
 * none; one that cannot be read or is not JSON is refused, naming it and
 * `what` it keeps. Its shape is the caller's to check.
 */
export function readKeptJson(file: string, what: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new VmlabError('INPUT_INVALID', `${file}: cannot read the kept ${what}: ${error instanceof SyntaxError ? error.message : describeFsError(error)}`);
  }
}
