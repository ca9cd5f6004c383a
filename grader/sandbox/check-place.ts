import { existsSync, realpathSync } from 'fs';
import * as path from 'path';
import { SandboxPlace } from './sandbox-types';

/** A malformed place is the grader's mistake, not the student's: it throws. Returns the real paths of root, of the shared folders and of preloadFrom. */
export function checkPlace(place: SandboxPlace): { readonly root: string; readonly sharedFolders: readonly string[]; readonly preloadFrom: string | undefined } {
  const { testSeconds, submissionSeconds, memoryMiB, outputBytes } = place.limits;
  for (const [name, value] of Object.entries({ testSeconds, submissionSeconds, memoryMiB })) {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`runSandbox: limits.${name} must be a positive number, got ${value}`);
  }
  if (!Number.isInteger(memoryMiB)) throw new Error(`runSandbox: limits.memoryMiB must be a whole number, got ${memoryMiB}`);
  if (outputBytes !== undefined && !(Number.isInteger(outputBytes) && outputBytes >= 0)) throw new Error(`runSandbox: limits.outputBytes must be a whole number ≥ 0, got ${outputBytes}`);
  for (const folder of [place.root, ...(place.sharedFolders ?? [])]) {
    if (!existsSync(folder)) throw new Error(`runSandbox: no folder ${folder}`);
  }
  // The permission model compares real paths: a symlinked temp folder would otherwise be refused.
  const root = realpathSync(place.root);
  const components = path.resolve(root, place.componentsModule);
  if (path.isAbsolute(place.componentsModule) || !components.startsWith(root + path.sep)) {
    throw new Error(`runSandbox: componentsModule must be a path inside root, got ${place.componentsModule}`);
  }
  if (place.preloadFrom !== undefined && !(place.sharedFolders ?? []).includes(place.preloadFrom)) {
    throw new Error(`runSandbox: preloadFrom must be one of the shared folders, got ${place.preloadFrom}`);
  }
  const preloadFrom = place.preloadFrom === undefined ? undefined : realpathSync(place.preloadFrom);
  return { root, sharedFolders: (place.sharedFolders ?? []).map((folder) => realpathSync(folder)), preloadFrom };
}
