import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { SUBSTRATE_FOLDERS } from '../compile/substrate-folders';
import { HandoutFiles } from '../compile/handout-wiring';

/** The folders of a handout that hold the TypeScript a submission is compiled with. */
const SOURCE_FOLDERS = [...SUBSTRATE_FOLDERS, 'starter'];

/**
 * The handout a submission is compiled over, read from the handout itself:
 * its tsconfig.json and the TypeScript of the substrate and starter/. Of
 * starter/src/ only the student files are kept: the grader compiles nothing
 * else a submission holds, so neither does the report.
 */
export function handoutOnDisk(handoutRoot: string, studentFiles: readonly string[]): HandoutFiles {
  const files: HandoutFiles = new Map([['tsconfig.json', readFileSync(path.join(handoutRoot, 'tsconfig.json'), 'utf8')]]);
  for (const folder of SOURCE_FOLDERS) {
    for (const name of readdirSync(path.join(handoutRoot, folder), { recursive: true, encoding: 'utf8' })) {
      const file = [folder, ...name.split(path.sep)].join('/');
      if (!file.endsWith('.ts') || (file.startsWith('starter/src/') && !studentFiles.includes(file))) continue;
      if (statSync(path.join(handoutRoot, file)).isFile()) files.set(file, readFileSync(path.join(handoutRoot, file), 'utf8'));
    }
  }
  return files;
}
