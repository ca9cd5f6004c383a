import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';

/**
 * The gradebook end to end, as staff run it: the example class of the walk
 * assignment graded with a roster (one student it lists did not submit, one
 * submitter it does not list), then exported for Canvas, Moodle and as CSV.
 */
const ROOT = vmlabRoot();
const CLASS = path.join(ROOT, 'examples', 'class', 'walk');
const LISTED = ['ada', 'bruno', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana'];
let scratch: string;
let out: string;
let roster: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-gradebook-'));
  out = path.join(scratch, 'graded');
  roster = path.join(scratch, 'roster.csv');
  const rows = [...LISTED, 'zoe'].map((id, index) => `${id},${id[0].toUpperCase()}${id.slice(1)} Student,${id}@uni.edu,SIS${index + 1},${index % 2 === 0 ? 'Lab A' : 'Lab B'}`);
  writeFileSync(roster, ['Student ID,Name,Email,SIS User ID,Section', ...rows].join('\n'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('grade --roster, redraw and export for Canvas with the roster kept, then for Moodle and CSV', async () => {
  const grade = await runCli('grade', '--assignment', path.join(ROOT, 'assignments', 'walk'), '--submissions', CLASS, '--out', out, '--roster', roster, '--no-shrink', '--jobs', '2');
  expect(grade.code).toBe(0);

  const grades = parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
  expect(Object.keys(grades[0]).slice(0, 8)).toEqual(['student', 'name', 'email', 'sis_id', 'section', 'roster_status', 'score', 'max']);
  expect(grades.map((row) => [row.student, row.roster_status])).toEqual([...LISTED.map((id) => [id, 'submitted']), ['ivan', 'not in roster'], ['zoe', 'no submission']]);
  expect(grades.find((row) => row.student === 'ada')).toEqual(expect.objectContaining({ name: 'Ada Student', email: 'ada@uni.edu', sis_id: 'SIS1', section: 'Lab A', score: '100', max: '100' }));
  expect(grades.find((row) => row.student === 'zoe')).toEqual(expect.objectContaining({ score: '', max: '100' }));
  const summary = readFileSync(path.join(out, 'summary.html'), 'utf8');
  expect(summary).toContain('The roster lists 9 students: 8 submitted, 1 did not; 1 submission came from ids it does not list.');
  expect(summary).toContain('<tr><th scope="row">zoe</th><td>Zoe Student</td><td>Lab A</td></tr>');
  // The roster is kept in OUT: a redraw without --roster (to apply adjustments, say) keeps its columns and rows.
  const csvBefore = readFileSync(path.join(out, 'grades.csv'), 'utf8');
  expect((await runCli('report', '--class', out)).code).toBe(0);
  expect(readFileSync(path.join(out, 'grades.csv'), 'utf8')).toBe(csvBefore);
  expect(readFileSync(path.join(out, 'summary.html'), 'utf8')).toContain('The roster lists 9 students');

  const scores = new Map(grades.map((row) => [row.student, row.score]));
  const exported = async (format: string, ...more: string[]) => {
    const file = path.join(scratch, `${format}.csv`);
    const run = await runCli('export', '--class', out, '--format', format, '--out', file, ...more);
    expect(run.code).toBe(0);
    return { rows: parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>, stderr: run.stderr };
  };

  // Without --roster: the kept one.
  const canvas = await exported('canvas', '--column', 'Page walk (48213)');
  expect(Object.keys(canvas.rows[0])).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Page walk (48213)']);
  expect(canvas.rows).toHaveLength(9);
  for (const row of canvas.rows.filter((candidate) => candidate['SIS User ID'] !== '')) {
    const id = LISTED[Number(row['SIS User ID'].slice(3)) - 1];
    expect(row.Student).toBe(`${id[0].toUpperCase()}${id.slice(1)} Student`);
    expect(row['Page walk (48213)']).toBe(scores.get(id));
  }
  expect(canvas.stderr).toContain('not in the roster');
  expect(canvas.stderr).toContain('no submission (their grade in the LMS is left as it is): zoe');

  // ivan is not in the roster and his id is no email address: Moodle could not match him, so nothing is written.
  const refused = await runCli('export', '--class', out, '--format', 'moodle', '--roster', roster, '--out', path.join(scratch, 'refused.csv'));
  expect(refused).toEqual(expect.objectContaining({ code: 2, stderr: expect.stringContaining('these have neither: ivan') }));
  writeFileSync(roster, `${readFileSync(roster, 'utf8')}\nivan,Ivan Student,ivan@uni.edu,SIS10,Lab B\n`);
  const moodle = await exported('moodle', '--roster', roster, '--column', 'Page walk');
  expect(Object.keys(moodle.rows[0])).toEqual(['Email address', 'ID number', 'Full name', 'Page walk']);
  expect(moodle.rows.map((row) => [row['Email address'], row['Page walk']])).toEqual([...LISTED, 'ivan'].sort().map((id) => [`${id}@uni.edu`, scores.get(id)]));

  const csv = await exported('csv', '--roster', roster);
  expect(Object.keys(csv.rows[0])).toEqual(['student', 'name', 'email', 'sis_id', 'section', 'score', 'max']);
  expect(csv.rows.map((row) => [row.student, row.score])).toEqual(grades.map((row) => [row.student, row.score]));
});
