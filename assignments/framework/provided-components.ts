import { ComponentName } from '../../reference/components';
import { AssignmentManifest, ProvidedSource } from './manifest-types';

/** Where a provided component comes from (the manifest's providedFrom; the reference unless it says otherwise). */
export function providedSource(manifest: AssignmentManifest, component: ComponentName): ProvidedSource {
  return manifest.providedFrom?.[component] ?? 'reference';
}

/** The provided components whose reference solution the handout ships. */
export function providedByReference(manifest: AssignmentManifest): ComponentName[] {
  return manifest.provides.filter((component) => providedSource(manifest, component) === 'reference');
}

/** The provided components the student brings: their own file from an earlier assignment, handed in with this one's. */
export function providedByStudent(manifest: AssignmentManifest): ComponentName[] {
  return manifest.provides.filter((component) => providedSource(manifest, component) === 'student');
}

/**
 * The components whose files a submission holds, each compiled from the
 * student's file: the assessed ones, then the ones the student provides.
 */
export function studentComponents(manifest: AssignmentManifest): ComponentName[] {
  return [...manifest.assesses, ...providedByStudent(manifest)];
}
