import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';
import { runCli } from '../test-support/run-cli';

const ROOT = vmlabRoot();
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-step-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('vmlab step --scenario writes the page of the reference run', async () => {
  const out = path.join(scratch, 'two-vms.html');
  const run = await runCli('step', '--scenario', path.join(ROOT, 'examples', 'two-vms.json'), '--out', out);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("the reference's run");
  expect(readFileSync(out, 'utf8')).toContain('id="event-0"');
}, 60_000);

test('vmlab step refuses an unknown test, and --test without --assignment, writing nothing', async () => {
  const out = path.join(scratch, 'refused.html');
  const withoutAssignment = await runCli('step', '--test', 'walk.public.worked-vector-4k', '--out', out);
  expect(withoutAssignment.code).not.toBe(0);
  expect(withoutAssignment.stderr).toContain('--test needs --assignment');
  const unknown = await runCli('step', '--assignment', path.join(ROOT, 'assignments', 'walk'), '--test', 'no-such-test', '--out', out);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toMatch(/no such test/);
  expect(existsSync(out)).toBe(false);
}, 60_000);
