import { readFileSync } from 'fs';
import * as path from 'path';
import { buildGoldens, goldensPath, serializeGoldens } from './framework/goldens';
import { loadAssignment } from './framework/load-assignment';
import { assignmentFolders } from './assignment-folders';
import { realisticBugsOf } from './framework/realistic-bugs';

const FOLDERS = assignmentFolders(__dirname);

// Among the folders found, those of the repository's assignments: a later one is found without an edit here.
test('the assignments are found', () => {
  expect(FOLDERS.map((folder) => path.basename(folder))).toEqual(expect.arrayContaining(['nested', 'shadow', 'tlb', 'walk']));
});

/** A golden that no longer matches the reference means the reference changed behaviour: review, then regenerate. */
test.each(FOLDERS)('the public goldens of %s are current (else: vmlab goldens --assignment <dir>)', (folder) => {
  const assignment = loadAssignment(folder);
  expect(readFileSync(goldensPath(assignment), 'utf8')).toBe(serializeGoldens(buildGoldens(assignment)));
});

/**
 * Every bundled assignment is organised by its spec's rules and has a bug set (the audit and each assignment's
 * suites test check what those must satisfy): a new or edited manifest cannot quietly drop either.
 */
test.each(FOLDERS)('%s states its rules and has realistic bugs', (folder) => {
  const assignment = loadAssignment(folder);
  expect({ folder, rules: (assignment.manifest.rules ?? []).length > 0, bugs: realisticBugsOf(assignment.manifest.id).length > 0 }).toEqual({ folder, rules: true, bugs: true });
});
