import { LoadedAssignment, publicSuite } from '../../assignments/framework/loaded-assignment';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';

/**
 * The manifest a handout's `npm run report` grades with: the public suite
 * alone, and the parts it has tests in, each worth what its public tests are
 * worth, so the report's score is out of the public points. It names no other
 * suite. Everything else (title, student files, limits) is the assignment's.
 */
export function publicManifest(assignment: LoadedAssignment): AssignmentManifest {
  const { $schema: _schema, ...manifest } = assignment.manifest;
  const suite = publicSuite(assignment);
  const points = new Map<string, number>();
  for (const test of suite.document.tests) points.set(test.part, (points.get(test.part) ?? 0) + test.points);
  return {
    ...manifest,
    parts: manifest.parts.filter((part) => points.has(part.id)).map((part) => ({ ...part, points: points.get(part.id)! })),
    suites: [suite.reference],
  };
}
