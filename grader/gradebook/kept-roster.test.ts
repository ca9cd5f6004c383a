import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { KEPT_ROSTER_FILE, readKeptRoster, rosterInForce } from './kept-roster';
import { parseRoster } from './roster';

let out: string;
beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), 'vmlab-kept-roster-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const roster = parseRoster('SID,Name,Section\nada,Ada L,Lab A\nbo,,Lab B\n', 'roster.csv');

test('a roster given is kept and is the one in force; later, none given, the kept one is', async () => {
  expect(await rosterInForce(out, undefined)).toBeUndefined();
  expect(await rosterInForce(out, roster)).toBe(roster);
  expect(await rosterInForce(out, undefined)).toEqual(roster);
  const newer = parseRoster('id\ncy\n', 'new.csv');
  await rosterInForce(out, newer);
  expect(readKeptRoster(out)).toEqual(newer);
});

test('a kept file that is not one is refused, naming it and the way out', () => {
  writeFileSync(path.join(out, KEPT_ROSTER_FILE), '{"format": "vmlab-roster/1", "file": "r.csv", "fields": ["shoe size"], "students": []}');
  expect(() => readKeptRoster(out)).toThrow(`${path.join(out, KEPT_ROSTER_FILE)}: not a vmlab-roster/1 file (give the roster again with --roster, or delete the file to grade without one)`);
  writeFileSync(path.join(out, KEPT_ROSTER_FILE), '{"format": ');
  expect(() => readKeptRoster(out)).toThrow(/cannot read the kept roster/);
});
