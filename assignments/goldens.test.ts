import { readFileSync } from 'fs';
import * as path from 'path';
import { buildGoldens, goldensPath, serializeGoldens } from './framework/goldens';
import { loadAssignment } from './framework/load-assignment';
import { assignmentFolders } from './assignment-folders';
import { realisticBugsOf } from './framework/realistic-bugs';
import { misconceptionsOf } from './framework/misconceptions';

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

/**
 * And every bundled assignment diagnoses what it grades: a misconception catalogue with at least one
 * misconception per rule, each of a rule the manifest states, and every realistic bug saying the words
 * that name it (`names`), which the naming target (each assignment's *-naming.slow.test.ts, the audit,
 * `npm run bench -- feedback`) measures the catalogue by.
 */
test.each(FOLDERS)('%s has a misconception for every rule, and words naming every realistic bug', (folder) => {
  const { manifest } = loadAssignment(folder);
  const rules = (manifest.rules ?? []).map((rule) => rule.id);
  const catalogue = misconceptionsOf(manifest.id);
  expect({
    rulesWithout: rules.filter((rule) => !catalogue.some((misconception) => misconception.rule === rule)),
    unknownRules: catalogue.filter((misconception) => !rules.includes(misconception.rule)).map((misconception) => misconception.id),
    bugsWithoutNames: realisticBugsOf(manifest.id).filter((bug) => bug.names === undefined).map((bug) => bug.id),
  }).toEqual({ rulesWithout: [], unknownRules: [], bugsWithoutNames: [] });
});
