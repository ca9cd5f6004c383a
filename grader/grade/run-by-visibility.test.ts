import { writeFileSync } from 'fs';
import * as path from 'path';
import { SandboxLimits } from '../sandbox/run-sandbox';
import { FakeSubmission, fakeProbe, makeFakeSubmission } from '../sandbox/test-support/fake-submission';
import { GroupedTest, VisibilityGroups } from './run-by-visibility';

/**
 * The visibility groups on the sandbox's fake submission, whose "walker" here
 * stashes what each probe carries in a global and returns what it has
 * stashed, prints, or spins: enough to see which process ran which test.
 */

const STUDENT = `'use strict';
const stash = (globalThis.stash ??= []);
const behaviours = {
  stash: (probe) => { stash.push(probe.n); console.log('printed ' + probe.n); return { kind: 'walk', stash: [...stash] }; },
  spin: (probe) => { const until = Date.now() + probe.ms; while (Date.now() < until); return { kind: 'walk', stash: [...stash] }; },
  loop: () => { for (;;) {} },
};
exports.walk = (probe) => behaviours[probe.behaviour](probe);
`;

let fake: FakeSubmission;
beforeAll(() => {
  fake = makeFakeSubmission();
  writeFileSync(path.join(fake.root, 'starter', 'src', 'student.js'), STUDENT);
});
afterAll(() => fake.remove());

const LIMITS: SandboxLimits = { testSeconds: 30, submissionSeconds: 60, memoryMiB: 256 };

function groupedTest(id: string, visibility: GroupedTest['visibility'], behaviour: string, extra: Record<string, unknown> = {}): GroupedTest {
  return { id, visibility, probes: [fakeProbe(behaviour, extra)] };
}

async function run(tests: readonly GroupedTest[], limits: SandboxLimits = LIMITS) {
  const groups = VisibilityGroups.start({ root: fake.root, componentsModule: fake.componentsModule, limits }, tests);
  return groups.run(tests);
}

function stashSeen(result: Awaited<ReturnType<typeof run>>, id: string): unknown {
  const testRun = result.runs.get(id);
  return testRun?.status === 'ok' ? (testRun.observations[0] as unknown as { stash: unknown }).stash : testRun;
}

test('each group runs in its own process: what one stashes, no other sees; what each prints is kept apart', async () => {
  const result = await run([
    groupedTest('h1', 'hidden', 'stash', { n: 1 }),
    groupedTest('v1', 'visible', 'stash', { n: 2 }),
    groupedTest('a1', 'after_due_date', 'stash', { n: 3 }),
    groupedTest('h2', 'hidden', 'stash', { n: 4 }),
    groupedTest('v2', 'visible', 'stash', { n: 5 }),
  ]);
  expect(stashSeen(result, 'v1')).toEqual([2]);
  expect(stashSeen(result, 'v2')).toEqual([2, 5]);
  expect(stashSeen(result, 'a1')).toEqual([3]);
  expect(stashSeen(result, 'h1')).toEqual([1]);
  expect(stashSeen(result, 'h2')).toEqual([1, 4]);
  expect(result.output.visible?.stdout).toBe('printed 2\nprinted 5\n');
  expect(result.output.after_due_date?.stdout).toBe('printed 3\n');
  expect(result.output.hidden?.stdout).toBe('printed 1\nprinted 4\n');
});

test('a group with no test has no output entry', async () => {
  const result = await run([groupedTest('v', 'visible', 'stash', { n: 1 })]);
  expect(Object.keys(result.output)).toEqual(['visible']);
});

test("the groups share one submission limit: a group that would start after it ran out is not run", async () => {
  const result = await run([groupedTest('v', 'visible', 'loop'), groupedTest('h', 'hidden', 'stash', { n: 1 })], { testSeconds: 30, submissionSeconds: 1, memoryMiB: 256 });
  expect(result.runs.get('v')?.status).toBe('submission-timeout');
  expect(result.runs.get('h')).toEqual({ id: 'h', status: 'submission-timeout', reason: "not run: the submission's 1 s were used up" });
  expect(result.output.hidden).toEqual({ stdout: '', stderr: '', truncated: false, seconds: expect.any(Number) });
});

test('a group that starts late still runs, in the time left', async () => {
  const result = await run([groupedTest('v', 'visible', 'spin', { ms: 1500 }), groupedTest('h', 'hidden', 'stash', { n: 7 })]);
  expect(result.runs.get('v')?.status).toBe('ok');
  expect(stashSeen(result, 'h')).toEqual([7]);
});
