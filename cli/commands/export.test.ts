import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../test-support/run-cli';
import { writeStudentResults } from '../../grader/report/write-student-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { minimalResults } from '../../grader/gradebook/test-support/minimal-results';

/** `vmlab export` and `vmlab grade --roster` at the command line, on a class whose results are written directly. */
let scratch: string;
let graded: string;
let roster: string;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-export-cli-'));
  graded = path.join(scratch, 'graded');
  const results = minimalResults;
  await writeStudentResults(path.join(graded, 'ada'), results('ada', 90), { afterDueDate: false });
  await writeStudentResults(path.join(graded, 'bruno'), results('bruno', 40.5), { afterDueDate: false });
  roster = path.join(scratch, 'roster.csv');
  writeFileSync(roster, 'Email,SIS User ID,Student ID,Name\nada@uni.edu,S1,ada,Ada\nbruno@uni.edu,S2,bruno,Bruno\ncy@uni.edu,S3,cy,Cy\n');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('export --format moodle with a roster: the file, and on stderr who is left out', async () => {
  const out = path.join(scratch, 'moodle.csv');
  const run = await runCli('export', '--class', graded, '--format', 'moodle', '--roster', roster, '--out', out);
  expect(run).toEqual({ code: 0, stdout: `wrote ${out}: 2 graded students of walk, for moodle\n`, stderr: 'vmlab: left out, no submission (their grade in the LMS is left as it is): cy\n' });
  expect(readFileSync(out, 'utf8')).toBe('Email address,ID number,Full name,Page walk\r\nada@uni.edu,S1,Ada,90\r\nbruno@uni.edu,S2,Bruno,40.5\r\n');
});

test('export refuses, exit 2, leaving nothing behind: a student Moodle cannot match, a malformed roster, an unknown format', async () => {
  const out = path.join(scratch, 'refused.csv');
  const unmatched = await runCli('export', '--class', graded, '--format', 'moodle', '--out', out);
  expect(unmatched.code).toBe(2);
  expect(unmatched.stderr).toContain('these have neither: ada, bruno');
  const badRoster = path.join(scratch, 'bad-roster.csv');
  writeFileSync(badRoster, 'id,name\nada,Ada\nada,Ada again\n');
  const duplicate = await runCli('export', '--class', graded, '--format', 'canvas', '--roster', badRoster, '--out', out);
  expect(duplicate).toEqual(expect.objectContaining({ code: 2, stderr: `vmlab: ${badRoster}:3: the id "ada" is already on line 2; keep one row per student\n` }));
  expect((await runCli('export', '--class', graded, '--format', 'blackboard', '--out', out)).code).toBe(2);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
});

test('grade --roster: a roster without an id column is refused before anyone is graded; --roster needs --submissions', async () => {
  const badRoster = path.join(scratch, 'no-id.csv');
  writeFileSync(badRoster, 'name,email\nAda,ada@uni.edu\n');
  const out = path.join(scratch, 'never');
  const walk = path.join(vmlabRoot(), 'assignments', 'walk');
  const run = await runCli('grade', '--assignment', walk, '--submissions', path.join(vmlabRoot(), 'examples', 'class', 'walk'), '--out', out, '--roster', badRoster);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(new RegExp(`^vmlab: ${badRoster.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:1: the roster has no id column`));
  expect(existsSync(path.join(out, 'grades.csv'))).toBe(false);
  const single = await runCli('grade', '--assignment', walk, '--submission', scratch, '--out', out, '--roster', roster);
  expect(single.code).toBe(2);
  expect(single.stderr).toContain("'--roster <file>' is for a class");
});
