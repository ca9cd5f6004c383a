import { readFileSync } from 'fs';
import * as path from 'path';
import { assignmentValidators } from '../../assignments/framework/validators';
import { parseLatePolicy } from './late-policy';
import { resolveLateWork } from './resolve-late-work';

/**
 * Where the policy in force comes from: the command line's fields over the
 * kept policy over the manifest's, and on Gradescope the assignment's due
 * date there (the one its students see) in place of the kept or manifest one.
 */
const MANIFEST = { file: 'assignments/walk/assignment.json', settings: { due: '2024-03-01T23:59:00-05:00', penalty: '10%/day', cap: '50%' } };
const GRADESCOPE_DUE = '2024-03-04T04:59:00.000Z';
const dueOf = (late: ReturnType<typeof resolveLateWork>) => (late === undefined ? undefined : new Date(late.policy.dueMs).toISOString());

test('the manifest alone', () => {
  expect(dueOf(resolveLateWork({ settings: {} }, undefined, MANIFEST))).toBe('2024-03-02T04:59:00.000Z');
});

test("Gradescope's due date replaces the manifest's, which may leave it out; the rest of the manifest's policy stays", () => {
  const late = resolveLateWork({ settings: {} }, undefined, MANIFEST, GRADESCOPE_DUE)!;
  expect(dueOf(late)).toBe(GRADESCOPE_DUE);
  expect(late.policy.cap).toEqual({ value: 50, unit: 'percent' });
  const { due: _due, ...withoutDue } = MANIFEST.settings;
  expect(dueOf(resolveLateWork({ settings: {} }, undefined, { ...MANIFEST, settings: withoutDue }, GRADESCOPE_DUE))).toBe(GRADESCOPE_DUE);
});

test("--due on the command line wins over Gradescope's; a penalty given alone takes Gradescope's due date", () => {
  expect(dueOf(resolveLateWork({ settings: { due: '2024-03-05T00:00:00Z' } }, undefined, MANIFEST, GRADESCOPE_DUE))).toBe('2024-03-05T00:00:00.000Z');
  expect(dueOf(resolveLateWork({ settings: { penalty: '5%/day' } }, undefined, { file: MANIFEST.file }, GRADESCOPE_DUE))).toBe(GRADESCOPE_DUE);
});

test('a kept policy wins over the manifest', () => {
  const kept = { policy: parseLatePolicy({ due: '2024-03-08T00:00:00Z', penalty: '1 point/day' }, 'kept'), extensions: [] };
  const late = resolveLateWork({ settings: {} }, kept, MANIFEST)!;
  expect([dueOf(late), late.policy.penalty]).toEqual(['2024-03-08T00:00:00.000Z', { value: 1, unit: 'points', per: 'day' }]);
});

test("no policy anywhere: none, whatever Gradescope's due date; a policy with no due date from anywhere is refused, saying where one goes", () => {
  expect(resolveLateWork({ settings: {} }, undefined, { file: MANIFEST.file }, GRADESCOPE_DUE)).toBeUndefined();
  expect(() => resolveLateWork({ settings: {} }, undefined, { file: MANIFEST.file, settings: { penalty: '10%/day' } })).toThrow(
    'a late policy needs --due (or "due" and "penalty" in the "late" block of assignments/walk/assignment.json; on Gradescope the due date is Gradescope\'s)',
  );
});

test('a manifest may give a late policy without its due date; not without its penalty', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'assignments', 'walk', 'assignment.json'), 'utf8')) as Record<string, unknown>;
  const { manifest: validate } = assignmentValidators();
  expect(validate({ ...manifest, late: { penalty: '10%/day', cap: '50%' } })).toBe(true);
  expect(validate({ ...manifest, late: { due: '2024-03-01T23:59:00-05:00' } })).toBe(false);
});
