import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { studentSeedFromId } from './student-seed-from-id';

/**
 * `vmlab grade --submissions` end to end, grading for real: the sketch walker
 * (assignments/walk/test-support/sketch-walker.ts) without and with a bug,
 * the stub, and a type error in a folder whose name is a spreadsheet formula.
 */

const ROOT = vmlabRoot();
const WALK = path.join(ROOT, 'assignments', 'walk');
const FORMULA = '=SUM(1,"2")';
let scratch: string;
let submissions: string;
let out: string;
let secretFile: string;

function submission(name: string, source: string): void {
  mkdirSync(path.join(submissions, name, 'starter', 'src'), { recursive: true });
  writeFileSync(path.join(submissions, name, 'starter', 'src', 'walker.ts'), source);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-class-test-'));
  submissions = path.join(scratch, 'class');
  out = path.join(scratch, 'out');
  secretFile = path.join(scratch, 'secret');
  writeFileSync(secretFile, 'course secret\n');
  const sketch = readFileSync(path.join(WALK, 'test-support', 'sketch-walker.ts'), 'utf8').replace(/'\.\.\/\.\.\/\.\.\/reference\//g, "'../../reference/");
  submission('correct', `${sketch}\nexport const walker: Walker = sketchWalker([]);\n`);
  submission('ignores-user', `${sketch}\nexport const walker: Walker = sketchWalker(["ignoresUser"]);\n`);
  submission('stub', readFileSync(path.join(ROOT, 'starter', 'src', 'walker.ts'), 'utf8'));
  submission(FORMULA, "import { Walker } from '../../reference/paging/walker';\nexport const walker: Walker = { walk: () => 42 };\n");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const gradeClass = (...more: string[]) => runCli('grade', '--assignment', WALK, '--submissions', submissions, '--out', out, '--jobs', '4', '--seed-from-id', '--secret-file', secretFile, ...more);
const resultsOf = (folder: string) => JSON.parse(readFileSync(path.join(out, folder, 'results.json'), 'utf8'));

test('grades every student into their folder, then the CSV and the summary; a re-run grades only what is missing', async () => {
  const first = await gradeClass();
  // Not a terminal: one progress line per finished student.
  expect(first.stderr.split('\n').sort()).toEqual(['', '=SUM(1,"2"): 0 of 100', 'correct: 100 of 100', expect.stringMatching(/^ignores-user: [\d.]+ of 100$/), 'stub: 0 of 100']);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^graded 4 of 4 submissions; wrote .*grades\.csv and .*summary\.html\n$/);

  const folders = { correct: 'correct', 'ignores-user': 'ignores-user', stub: 'stub', [FORMULA]: '=SUM(1,_2_)' };
  for (const [student, folder] of Object.entries(folders)) {
    expect(existsSync(path.join(out, folder, 'report.html'))).toBe(true);
    const results = resultsOf(folder).extra_data.vmlab;
    expect(results.student).toBe(student);
    expect(results.seed).toBe(studentSeedFromId(student, 'course secret'));
  }

  const csv = readFileSync(path.join(out, 'grades.csv'), 'utf8').split('\r\n');
  expect(csv[0]).toBe('student,score,max,translation,permissions,malformed,accessed-dirty,tlb,protections');
  // Rows by student id; the formula-like id is defused with ' and quoted for its comma and quotes.
  expect(csv.slice(1, 5)).toEqual([
    `"'=SUM(1,""2"")",0,100,0,0,0,0,0,0`,
    'correct,100,100,24,26,16,11,12,11',
    expect.stringMatching(/^ignores-user,[\d.]+,100(,[\d.]+){6}$/),
    'stub,0,100,0,0,0,0,0,0',
  ]);
  expect(csv[5]).toBe('');

  const summary = readFileSync(path.join(out, 'summary.html'), 'utf8');
  expect(summary).toContain('<a href="correct/report.html">correct</a>');
  expect(summary).toContain('<a href="%3DSUM(1%2C_2_)/report.html">&#x3D;SUM(1,&quot;2&quot;)</a>');
  expect(summary.indexOf('>correct<')).toBeLessThan(summary.indexOf('>ignores-user<'));
  expect(summary).toContain('href="grades.csv"');

  // Resume: only the student without results.json is graded again.
  const before = { correct: resultsOf('correct').extra_data.vmlab.gradedAt, stub: resultsOf('stub').extra_data.vmlab.gradedAt };
  rmSync(path.join(out, 'ignores-user', 'results.json'));
  const second = await gradeClass();
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^graded 1 of 4 submissions \(3 already graded\);/);
  expect(second.stderr).toMatch(/^ignores-user: [\d.]+ of 100\n$/);
  expect({ correct: resultsOf('correct').extra_data.vmlab.gradedAt, stub: resultsOf('stub').extra_data.vmlab.gradedAt }).toEqual(before);
  expect(readFileSync(path.join(out, 'grades.csv'), 'utf8').split('\r\n')).toHaveLength(6);
});

test('usage: exactly one of --submission and --submissions; --seed-from-id needs a secret', async () => {
  const neither = await runCli('grade', '--assignment', WALK, '--out', out);
  expect(neither.code).toBe(2);
  expect(neither.stderr).toMatch(/exactly one of '--submission <dir>' and '--submissions <dir>'/);
  const both = await runCli('grade', '--assignment', WALK, '--submission', 'a', '--submissions', 'b', '--out', out);
  expect(both.code).toBe(2);
  const noSecret = await runCli('grade', '--assignment', WALK, '--submissions', submissions, '--out', out, '--seed-from-id');
  expect(noSecret.code).toBe(2);
  expect(noSecret.stderr).toMatch(/needs '--secret-file <file>'/);
});
