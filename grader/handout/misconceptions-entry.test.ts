import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { misconceptionsEntry } from './handout-layout';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'vmlab-catalogue-entry-'));
  mkdirSync(path.join(root, 'assignments', 'with', 'misconceptions'), { recursive: true });
  writeFileSync(path.join(root, 'assignments', 'with', 'misconceptions', 'index.ts'), 'export const MISCONCEPTIONS = [];\n');
  mkdirSync(path.join(root, 'assignments', 'without', 'public'), { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test("a handout ships its assignment's catalogue, found by path since no import leads to it", () => {
  expect(misconceptionsEntry(root, path.join(root, 'assignments', 'with'))).toEqual(['assignments/with/misconceptions/index.ts']);
});

test('an assignment without a catalogue adds nothing', () => {
  expect(misconceptionsEntry(root, path.join(root, 'assignments', 'without'))).toEqual([]);
});
