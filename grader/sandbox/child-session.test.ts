import { realpathSync } from 'fs';
import { tmpdir } from 'os';
import { setTimeout as sleep } from 'timers/promises';
import { CappedOutput } from './capped-output';
import { InstalledChildScript, installChildScript } from './child-script';
import { ChildSession } from './child-session';
import { Failure } from './classify-exit';
import { probeHostFences } from './fences';
import { SandboxTest } from './sandbox-types';
import { fakeProbe, FakeSubmission, makeFakeSubmission } from './test-support/fake-submission';

// Generous: these start real children, on a machine that may be loaded.
jest.setTimeout(60_000);

let submission: FakeSubmission;
let script: InstalledChildScript;
beforeAll(() => {
  submission = makeFakeSubmission();
  script = installChildScript();
});
afterAll(() => {
  script.remove();
  submission.remove();
});

function session(): ChildSession {
  const output = new CappedOutput(1024);
  return new ChildSession({ root: realpathSync(submission.root), sharedFolders: [], preloadFrom: undefined, componentsModule: submission.componentsModule, script, memoryMiB: 128, stdout: output, stderr: output, procDir: '/proc', launch: { wrapper: probeHostFences().wrapper, dropTo: undefined }, tempDir: tmpdir() });
}

const test1 = (id: string, behaviour: string, n?: number): SandboxTest => ({ id, probes: [fakeProbe(behaviour, n === undefined ? {} : { n })] });
const TIMEOUT: Failure = { status: 'timeout', reason: 'timed out' };

describe('ChildSession, with a test sent ahead', () => {
  it('keeps the answer that comes before the test is run, and times it from the answer before', async () => {
    const child = session();
    try {
      const [first, second] = [test1('first', 'ok', 1), test1('second', 'ok', 2)];
      const outcome = child.run(first, 5000, TIMEOUT);
      child.sendAhead(second);
      expect(await outcome).toMatchObject({ status: 'ok', observations: [{ echo: 1 }] });
      await sleep(300); // the second answer is in by now, before anyone asks
      expect(await child.run(second, 5000, TIMEOUT)).toMatchObject({ status: 'ok', observations: [{ echo: 2 }], seconds: expect.any(Number) });
      expect(child.usable).toBe(true);
    } finally {
      await child.dispose();
    }
  });

  it('blames the test the child was running when it ended, even one sent ahead', async () => {
    const child = session();
    try {
      const [first, exits] = [test1('first', 'ok'), test1('exits', 'exit')];
      const outcome = child.run(first, 5000, TIMEOUT);
      child.sendAhead(exits);
      expect(await outcome).toMatchObject({ status: 'ok' });
      await sleep(300); // the child has exited by now, before anyone asks
      expect(child.usable).toBe(true); // for the answer it holds
      expect(await child.run(exits, 5000, TIMEOUT)).toEqual({ status: 'exited', reason: 'exited with code 3' });
      expect(child.usable).toBe(false);
    } finally {
      await child.dispose();
    }
  });

  it('drops what was sent ahead of a test that hangs', async () => {
    const child = session();
    try {
      const outcome = child.run(test1('hang', 'loop'), 500, TIMEOUT);
      child.sendAhead(test1('after', 'ok'));
      expect(await outcome).toEqual(TIMEOUT);
      expect(child.usable).toBe(false);
    } finally {
      await child.dispose();
    }
  });

  it('refuses to run tests out of the order they were sent', async () => {
    const child = session();
    try {
      const outcome = child.run(test1('first', 'ok'), 5000, TIMEOUT);
      child.sendAhead(test1('second', 'ok'));
      expect(() => child.run(test1('third', 'ok'), 5000, TIMEOUT)).toThrow(/third run before first/);
      await outcome;
    } finally {
      await child.dispose();
    }
  });
});
