import * as path from 'path';
import { findAssignmentPlugins } from '../assignment-plugins';
import { ProbeGenerator } from './generator';

export type { GeneratorRequest, ProbeGenerator } from './generator';

/** What an assignment's `generators/index.ts` exports. */
export interface AssignmentGenerators {
  readonly GENERATORS: readonly ProbeGenerator[];
}

/**
 * Every generator a suite may name, by name: those of each assignment folder
 * beside this one that has a `generators/index` module. Assignments are
 * plug-ins: a new folder's generators are found here without a list to
 * edit. Found beside this module, so the same search works on the sources
 * (under jest) and on the compiled JavaScript in dist/.
 */
export const GENERATORS: ReadonlyMap<string, ProbeGenerator> = discoverGenerators(path.join(__dirname, '..'));

function discoverGenerators(assignmentsFolder: string): Map<string, ProbeGenerator> {
  const byName = new Map<string, ProbeGenerator>();
  const ownerOf = new Map<string, string>();
  for (const { assignment, module } of findAssignmentPlugins<AssignmentGenerators>(assignmentsFolder, 'generators')) {
    for (const generator of module.GENERATORS) {
      const owner = ownerOf.get(generator.name);
      if (owner !== undefined) throw new Error(`vmlab internal error: generator ${generator.name} is defined by both assignments/${owner} and assignments/${assignment}`);
      byName.set(generator.name, generator);
      ownerOf.set(generator.name, assignment);
    }
  }
  return byName;
}
