import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { loadAssignment } from '../assignment/load-assignment';
import { COMPONENT_FILES } from '../assignment/component-files';
import { vmlabRoot } from '../vmlab-root';
import { buildHandout } from './build-handout';

/**
 * Each assignment builds a verified handout: buildHandout itself type-checks
 * both packages and runs their public tests (stubs must fail with "not
 * implemented", the key must pass), so a handout that is written passed all
 * of that. These tests check what was written.
 */
const ROOT = vmlabRoot();
const FOLDERS = assignmentFolders(path.join(ROOT, 'assignments'));
jest.setTimeout(300_000);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-handout-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test.each(FOLDERS)('%s builds a verified student handout', async (folder) => {
  const assignment = loadAssignment(folder);
  const out = path.join(scratch, `${assignment.manifest.id}-stubs`);
  const report = await buildHandout({ repoRoot: ROOT, assignment, out, withSolution: false, force: false, log: () => undefined });

  expect(report.checks).toEqual(expect.arrayContaining(['both packages type-check', 'the key passes them']));
  for (const component of assignment.manifest.assesses) {
    const files = COMPONENT_FILES[component];
    expect(readFileSync(path.join(out, files.studentFile), 'utf8')).toMatch(/not implemented/);
    for (const solution of files.solutionFiles) expect(existsSync(path.join(out, solution))).toBe(false);
  }
  expect(existsSync(path.join(out, 'assignments', assignment.manifest.id, 'hidden'))).toBe(false);
  expect(existsSync(path.join(out, 'node_modules'))).toBe(false);
  expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe(readFileSync(path.join(folder, 'spec.md'), 'utf8'));
  expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).scripts.test).toBe('tsc --noEmit -p . && jest');
  // Nothing but the handout is left beside it.
  expect(require('fs').readdirSync(scratch).filter((name: string) => name.includes('.tmp'))).toEqual([]);
});

test('--with-solution writes the key, and an existing folder is refused without --force', async () => {
  const assignment = loadAssignment(FOLDERS.find((folder) => folder.endsWith('walk'))!);
  const out = path.join(scratch, 'walk-key');
  await buildHandout({ repoRoot: ROOT, assignment, out, withSolution: true, force: false, log: () => undefined });
  expect(readFileSync(path.join(out, COMPONENT_FILES.walker.studentFile), 'utf8')).toMatch(/referenceWalker as walker/);
  expect(existsSync(path.join(out, 'reference/paging/walk-tables.ts'))).toBe(true);
  await expect(buildHandout({ repoRoot: ROOT, assignment, out, withSolution: true, force: false, log: () => undefined })).rejects.toThrow(/already exists/);
});
