import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { findAssignmentPlugins } from '../assignment-plugins';
import { discoverRealisticBugs, realisticBugsOf } from './realistic-bugs';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vmlab-plugins-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An assignment folder `id` with `bugs/index.js` exporting `bugs` (ids only: discovery does not look further). */
function bugsModule(id: string, source: string): void {
  mkdirSync(path.join(dir, id, 'bugs'), { recursive: true });
  writeFileSync(path.join(dir, id, 'bugs', 'index.js'), source);
}

test('each assignment folder with the module folder is found, by folder name, in order; the others are skipped', () => {
  bugsModule('beta', 'exports.REALISTIC_BUGS = [{ id: "b1" }];');
  bugsModule('alpha', 'exports.REALISTIC_BUGS = [{ id: "a1" }, { id: "a2" }];');
  mkdirSync(path.join(dir, 'gamma', 'generators'), { recursive: true });
  writeFileSync(path.join(dir, 'notes.md'), 'not a folder');
  const found = findAssignmentPlugins<{ REALISTIC_BUGS: { id: string }[] }>(dir, 'bugs');
  expect(found.map(({ assignment, module }) => [assignment, module.REALISTIC_BUGS.map((bug) => bug.id)])).toEqual([
    ['alpha', ['a1', 'a2']],
    ['beta', ['b1']],
  ]);
});

test('the realistic bugs are keyed by assignment', () => {
  bugsModule('alpha', 'exports.REALISTIC_BUGS = [{ id: "a1" }];');
  expect([...discoverRealisticBugs(dir).keys()]).toEqual(['alpha']);
});

test('a bug id used twice in an assignment is refused, naming both', () => {
  bugsModule('alpha', 'exports.REALISTIC_BUGS = [{ id: "a1" }, { id: "a1" }];');
  expect(() => discoverRealisticBugs(dir)).toThrow(/assignments\/alpha\/bugs names a1 twice/);
});

test('a bugs module without REALISTIC_BUGS is refused', () => {
  bugsModule('alpha', 'exports.BUGS = [];');
  expect(() => discoverRealisticBugs(dir)).toThrow(/assignments\/alpha\/bugs does not export REALISTIC_BUGS/);
});

test('an assignment without a bugs module has none', () => {
  expect(realisticBugsOf('no-such-assignment')).toEqual([]);
});
