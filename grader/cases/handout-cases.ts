import { mkdir } from 'fs/promises';
import * as path from 'path';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { CaseFile, caseFileName, caseFileText } from './case-file';

/** Where a handout's `npm test` writes the case of each failing public test, relative to the handout root. */
export const HANDOUT_CASES_FOLDER = '.vmlab/cases';

/** Write a failing public test's case as `.vmlab/cases/<test>.json` under the handout, atomically; returns its path. */
export async function writeHandoutCase(handoutRoot: string, file: CaseFile): Promise<string> {
  const folder = path.join(handoutRoot, HANDOUT_CASES_FOLDER);
  await mkdir(folder, { recursive: true });
  const target = path.join(folder, caseFileName(file.test.id));
  await writeFileAtomically(target, caseFileText(file));
  return target;
}
