/**
 * What the public tests read, and the limits they run under. `vmlab handout`
 * rewrites this file for each assignment from its manifest; this version, for
 * the repository, is the walk assignment's.
 */

/** Relative to the handout root. */
export const GOLDENS_FILE = 'assignments/walk/public/goldens.json';
/** How long one test's cases may run. */
export const TEST_SECONDS = 10;
/** The JavaScript heap of the thread running your code. */
export const MEMORY_MIB = 512;
