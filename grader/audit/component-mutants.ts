import { readFileSync } from 'fs';
import * as path from 'path';
import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { equivalenceReason, equivalentMarks } from './equivalent-marks';
import { Mutant } from './mutant';
import { findMutations } from './mutation-points';

/**
 * Every mutant of the reference solution of the given components, in a
 * deterministic order: component order as given, then each component's
 * solution files in the registry's order, then source position. A mutant
 * the source marks equivalent carries the mark's reason.
 */
export function componentMutants(repoRoot: string, components: readonly ComponentName[]): Mutant[] {
  const mutants: Mutant[] = [];
  for (const component of components) {
    for (const file of COMPONENT_REGISTRY[component].solution.files) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const marks = equivalentMarks(text, file);
      const seen = new Map<string, number>();
      for (const mutation of findMutations(text, file)) {
        const base = `${file}:${mutation.line}:${mutation.column}:${mutation.kind}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        const equivalent = equivalenceReason(marks, mutation);
        mutants.push({ ...mutation, id: `${base}#${n}`, component, file, ...(equivalent === undefined ? {} : { equivalent }) });
      }
    }
  }
  return mutants;
}

/** `limit` items spread evenly over the list (deterministic: the same list gives the same sample). */
export function sampleEvenly<T>(items: readonly T[], limit: number | undefined): T[] {
  if (limit === undefined || limit >= items.length) return [...items];
  if (limit <= 0) return [];
  return Array.from({ length: limit }, (_, i) => items[Math.floor((i * items.length) / limit)]);
}
