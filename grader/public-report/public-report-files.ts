/**
 * Where `npm run report` lives in a handout, relative to its root (a handout
 * mirrors the repository's layout, so these are also the repository's paths).
 */

/** The plain JavaScript the `report` script runs. */
export const PUBLIC_REPORT_LAUNCHER = 'grader/public-report/run-public-report.js';
/**
 * The launcher and the plain JavaScript that loads TypeScript (the launcher's
 * loader of compiled sources, the compile worker's TypeScript loader):
 * imports of TypeScript files do not lead to them.
 */
export const PUBLIC_REPORT_SCRIPTS = [PUBLIC_REPORT_LAUNCHER, 'starter/harness/compiled-sources.js', 'grader/require-typescript.js'] as const;
/** The TypeScript the launcher loads: a handout ships the import closure of this file. */
export const PUBLIC_REPORT_ENTRY = 'grader/public-report/main.ts';
/** Written by vmlab handout: the assignment's manifest restricted to the public suite (grader/handout/public-manifest.ts). */
export const PUBLIC_ASSIGNMENT_FILE = 'grader/public-report/public-assignment.json';
/** Where the report is written. */
export const PUBLIC_REPORT_FOLDER = 'report';
