import { statSync } from 'fs';
import * as path from 'path';

/**
 * The newest modification time of a submission's student files (those of
 * `studentFiles` it holds, at their handout paths or flat), as an ISO 8601
 * instant; undefined when it holds none. Only when staff ask for it
 * (`--submitted-time file`): a copy or an unzip can change file times.
 */
export function newestStudentFileTime(submissionDir: string, studentFiles: readonly string[]): string | undefined {
  let newest: number | undefined;
  for (const file of studentFiles) {
    for (const candidate of [path.join(submissionDir, file), path.join(submissionDir, path.basename(file))]) {
      try {
        const stat = statSync(candidate);
        if (stat.isFile()) newest = Math.max(newest ?? 0, stat.mtimeMs);
      } catch {
        // Not there: the next candidate, or no time from this file.
      }
    }
  }
  return newest === undefined ? undefined : new Date(Math.floor(newest)).toISOString();
}
