import { COMPONENT_FILES } from '../assignment/component-files';
import { ComponentName } from '../../reference/components';
import { HandoutFiles } from './handout-layout';

/**
 * What a student package must never contain: any file of the reference
 * solution of a component it assesses (or any text naming that solution's
 * export, in case one was copied into another file), and anything from the
 * assignment folder but the public goldens (the hidden suites above all).
 * Returns the problems found; none for a good package.
 */
export function studentPackageProblems(files: HandoutFiles, assesses: readonly ComponentName[], goldensFile: string): string[] {
  const problems: string[] = [];
  for (const component of assesses) {
    const solution = COMPONENT_FILES[component];
    for (const file of solution.solutionFiles) {
      if (files.has(file)) problems.push(`${file}: part of the reference solution of ${component}, which this assignment assesses`);
    }
    for (const [file, content] of files) {
      if (new RegExp(`\\b${solution.referenceExport}\\b`).test(content)) problems.push(`${file}: names ${solution.referenceExport}, the reference solution of ${component}`);
    }
  }
  for (const file of files.keys()) {
    if (file.startsWith('assignments/') && file !== goldensFile) problems.push(`${file}: only the public goldens of the assignment may ship`);
    if (/(^|\/)hidden\//.test(file)) problems.push(`${file}: a hidden suite`);
  }
  return problems;
}
