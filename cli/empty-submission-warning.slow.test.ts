import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { vmlabRoot } from '../io/vmlab-root';
import { runCli } from './test-support/run-cli';

/**
 * The one wrong folder that is graded rather than refused: a `--submission`
 * with none of the student files. It is graded as before (0, every student
 * file "missing"), and the CLI warns on stderr. Slow: it grades for real.
 */
const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-empty-submission-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('a submission with none of the student files is graded 0 as missing, with a warning on stderr', async () => {
  const submission = path.join(scratch, 'wrapped');
  // The handout unzipped one level too deep: the files are there, one folder down.
  mkdirSync(path.join(submission, 'walk-handout', 'starter', 'src'), { recursive: true });
  writeFileSync(path.join(submission, 'walk-handout', 'starter', 'src', 'walker.ts'), 'export {};\n');
  const out = path.join(scratch, 'out');

  const run = await runCli('grade', '--assignment', WALK, '--submission', submission, '--out', out, '--no-shrink');

  expect(run.code).toBe(0);
  expect(run.stderr).toContain(
    `vmlab: warning: ${submission} holds none of the student files (expected one student's folder holding starter/src/walker.ts or walker.ts at its top): ` +
      `it is graded, and every test of a missing file fails; its folder walk-handout does: is that the submission (${path.join(submission, 'walk-handout')})?\n`,
  );
  expect(run.stdout).toContain('wrapped: 0 of 100 points');
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { score: number; extra_data: { vmlab: { compile: Array<{ reason: string }> } } };
  expect(results.score).toBe(0);
  expect(results.extra_data.vmlab.compile.map((report) => report.reason)).toEqual(['missing']);
});
