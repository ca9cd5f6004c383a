import { readFileSync } from 'fs';
import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { goldensPath } from '../../assignments/framework/goldens';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { GoldenSuite } from '../../observe/test-case';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { parseObservation } from './parse-observation';
import { ReferenceObservations } from './reference-observations';

/**
 * The schema must accept everything the reference returns: every case of
 * every suite (public and hidden, generators expanded with the suites' own
 * seeds and with a student seed) of every assignment, and the goldens.
 */

const FOLDERS = assignmentFolders(path.join(vmlabRoot(), 'assignments'));

// Among the folders found, those of the repository's assignments: a later one is checked without an edit here.
test('the assignments are checked', () => {
  expect(FOLDERS.map((folder) => path.basename(folder))).toEqual(expect.arrayContaining(['nested', 'shadow', 'tlb', 'walk']));
});

describe.each(FOLDERS.map((folder) => [path.basename(folder), folder]))('%s', (_name, folder) => {
  const assignment = loadAssignment(folder);

  test.each([['the suites own seeds', undefined], ['student seed 424242', 424242]] as const)('every reference observation passes the schema (%s)', (_seeds, seed) => {
    const reference = new ReferenceObservations();
    const rejected: string[] = [];
    let checked = 0;
    for (const test of assignmentTests(assignment, seed)) {
      reference.of(test).forEach((observation, index) => {
        checked++;
        const parsed = parseObservation(test.probes[index].kind, observation);
        if (!parsed.ok) rejected.push(`${test.suite}/${test.id} case ${index + 1}: ${parsed.problem}`);
      });
    }
    expect(rejected).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  test('every golden observation passes the schema', () => {
    const goldens = JSON.parse(readFileSync(goldensPath(assignment), 'utf8')) as GoldenSuite;
    const rejected = goldens.tests.flatMap((test) =>
      test.cases.flatMap((testCase, index) => {
        const parsed = parseObservation(testCase.probe.kind, testCase.expected);
        return parsed.ok ? [] : [`${test.id} case ${index + 1}: ${parsed.problem}`];
      }),
    );
    expect(rejected).toEqual([]);
    expect(goldens.tests.length).toBeGreaterThan(0);
  });
});
