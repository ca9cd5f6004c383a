import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { GoldenSuite } from '../../observe/test-case';
import { Probe } from '../../observe/probe-types';
import { vmlabRoot } from '../../io/vmlab-root';
import { IsolatedRunner, RunOutcome } from './isolated-runner';
import { EXITS, FILLS_MEMORY, LEAVES_A_FAILING_TIMER, LOOPS_FOREVER, PRINTS } from './test-support/misbehaving-components';

/**
 * The runner on components that misbehave on chosen addresses: every kind of
 * stop fails only the run it happens in, says what happened, and the next
 * run gets a working thread. The limit is seconds for cases that take
 * microseconds, so a loaded machine does not trip it.
 */
const ROOT = vmlabRoot();
const goldens = JSON.parse(readFileSync(path.join(ROOT, 'assignments/walk/public/goldens.json'), 'utf8')) as GoldenSuite;
const walkCase = goldens.tests[0].cases[0];
const probeAt = (va: bigint): Probe => {
  if (walkCase.probe.kind !== 'walk') throw new Error('the first public walk case is a walk');
  return { ...walkCase.probe, va: `0x${va.toString(16)}` };
};

let scratch: string;
let runner: IsolatedRunner;
/** What the runner was told the code printed, run by run. */
const printed: string[] = [];
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-runner-'));
  runner = new IsolatedRunner({
    handoutRoot: ROOT,
    componentsModule: path.join(__dirname, 'test-support', 'misbehaving-components.ts'),
    limitSeconds: 5,
    loadSeconds: 240,
    memoryMiB: 64,
    cacheFolder: path.join(scratch, 'js'),
    onPrinted: (text) => printed.push(text),
  });
});
afterAll(async () => {
  await runner.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function expectWorking(): Promise<void> {
  const outcome = await runner.run([walkCase.probe]);
  expect(outcome).toEqual({ kind: 'observed', observations: [walkCase.expected] });
}

function reason(outcome: RunOutcome): string {
  if (outcome.kind !== 'stopped') throw new Error(`expected a stop, got ${JSON.stringify(outcome)}`);
  return outcome.reason;
}

test("runs a test's cases and sends back what the code did", async () => {
  await expectWorking();
});

test('what the code prints through console comes back with the run it was printed in, and nowhere else', async () => {
  printed.length = 0;
  expect((await runner.run([probeAt(PRINTS)])).kind).toBe('observed');
  expect(printed).toEqual([`walking ${PRINTS}n\n`]);
  await expectWorking();
  expect(printed).toHaveLength(1);
});

test('a case that never returns is stopped at the limit, named with the method it was in, and the next run works', async () => {
  const text = reason(await runner.run([walkCase.probe, probeAt(LOOPS_FOREVER)]));
  expect(text).toMatch(/^hung: your code was still running after 5 s on case #2 \(.* of 0x1000, .*\), in walker\.walk: look for a loop there/);
  await expectWorking();
}, 300_000);

test('code that fills memory fails its run alone, saying so', async () => {
  expect(reason(await runner.run([probeAt(FILLS_MEMORY)]))).toMatch(/^your code ran out of memory: it used more than the 64 MiB allowed/);
  await expectWorking();
}, 300_000);

test('code that calls process.exit fails its run alone, saying so', async () => {
  expect(reason(await runner.run([probeAt(EXITS)]))).toBe('your code ended the thread running it (process.exit(3), or the like); the test was stopped.');
  await expectWorking();
}, 300_000);

test('code that throws from a timer after its run fails the run the error surfaces in, which says so', async () => {
  expect((await runner.run([probeAt(LEAVES_A_FAILING_TIMER)])).kind).toBe('observed');
  // The timer fires once the thread is idle, or while it runs the next request: a later run fails, whichever it is.
  // Back-to-back runs can all finish before the thread's timer is due, so each later run waits a moment first.
  let outcome: RunOutcome = { kind: 'observed', observations: [] };
  for (let run = 0; run < 200 && outcome.kind === 'observed'; run++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    outcome = await runner.run([walkCase.probe]);
  }
  // The error crosses from the thread as an Error of this process's realm, which jest's test realm does not count as its own.
  expect(reason(outcome)).toMatch(/^your code crashed the thread running it: (Error: )?a timer of yours threw; the test was stopped\.$/);
  await expectWorking();
}, 300_000);

test('code that never finishes loading is stopped at the load limit', async () => {
  const looping = path.join(scratch, 'loops-on-load.ts');
  writeFileSync(looping, 'for (;;);\nexport const COMPONENTS = {};\n');
  const loading = new IsolatedRunner({ handoutRoot: ROOT, componentsModule: looping, limitSeconds: 5, loadSeconds: 5, memoryMiB: 64, cacheFolder: path.join(scratch, 'js') });
  try {
    expect(reason(await loading.run([walkCase.probe]))).toBe('hung: your code was still loading after 5 s (code at the top level of a file that never finishes?); the test was stopped.');
  } finally {
    await loading.close();
  }
}, 300_000);
