import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { probeHostFences } from './fences';
import { runSandbox, Sandbox, SandboxOptions } from './run-sandbox';
import { SandboxLimits, SandboxResult, SandboxTest, TestRun } from './sandbox-types';
import { fakeProbe, FakeSubmission, makeFakeSubmission } from './test-support/fake-submission';

// Generous: these start real children, on a machine that may be loaded.
jest.setTimeout(60_000);

let submission: FakeSubmission;
beforeAll(() => {
  submission = makeFakeSubmission();
});
afterAll(() => submission.remove());

// Generous enough for a child's start-up on a loaded machine; the hang tests pay it once.
const LIMITS: SandboxLimits = { testSeconds: 2, submissionSeconds: 30, memoryMiB: 128 };

function test1(id: string, behaviour: string, extra: Record<string, unknown> = {}): SandboxTest {
  return { id, probes: [fakeProbe(behaviour, extra)] };
}

function run(tests: SandboxTest[], limits: Partial<SandboxLimits> = {}, options: SandboxOptions = {}): Promise<SandboxResult> {
  return runSandbox({ root: submission.root, componentsModule: submission.componentsModule, tests, limits: { ...LIMITS, ...limits } }, options);
}

function statuses(result: SandboxResult): Record<string, string> {
  return Object.fromEntries(result.runs.map((r) => [r.id, r.status === 'ok' ? 'ok' : `${r.status}: ${r.reason}`]));
}

/** The one observation of an ok run, as loose JSON for the assertions. */
function observation(r: TestRun | undefined): Record<string, unknown> {
  if (r === undefined || r.status !== 'ok') throw new Error(`expected an ok run, got ${JSON.stringify(r)}`);
  return r.observations[0] as unknown as Record<string, unknown>;
}

describe('runSandbox', () => {
  it('returns the observations of each test, with its time', async () => {
    const result = await run([{ id: 'two', probes: [fakeProbe('ok', { n: 1 }), fakeProbe('ok', { n: 2 })] }]);
    const [only] = result.runs;
    expect(only).toMatchObject({ id: 'two', status: 'ok', observations: [{ kind: 'walk', echo: 1 }, { kind: 'walk', echo: 2 }] });
    expect(only?.status === 'ok' && only.seconds).toBeGreaterThan(0);
    expect(result).toMatchObject({ stdout: '', stderr: '', truncated: false, missingFences: probeHostFences().missing });
    if (existsSync('/proc/self/status')) expect(result.peakRssMiB).toBeGreaterThan(10); // a Node process, however small
  });

  it('fails a hang, an exit, a crash and a forged message, each alone, and goes on in a fresh child', async () => {
    const result = await run([
      test1('hang', 'loop'),
      test1('after-hang', 'ok', { n: 1 }),
      test1('exit', 'exit'),
      test1('after-exit', 'ok', { n: 2 }),
      test1('abort', 'abort'),
      test1('forge', 'forge'),
      test1('last', 'ok', { n: 3 }),
    ]);
    expect(statuses(result)).toEqual({
      hang: 'timeout: timed out after 2 s',
      'after-hang': 'ok',
      exit: 'exited: exited with code 3',
      'after-exit': 'ok',
      // SIGSEGV when node is pid 1 of its own PID namespace: the kernel ignores the SIGABRT it sends itself.
      abort: expect.stringMatching(/^crashed: crashed: SIG(ABRT|SEGV)$/),
      forge: expect.stringMatching(/^protocol: .*answer for test "forged", expected "forge"/),
      last: 'ok',
    });
    expect(observation(result.runs[6])).toEqual({ kind: 'walk', echo: 3 });
  });

  it('kills a child whose Buffers pass the memory limit (RSS watch)', async () => {
    const result = await run([test1('buffers', 'buffers'), test1('after', 'ok')], { testSeconds: 5 });
    expect(statuses(result)).toEqual({ buffers: 'memory: exceeded 128 MiB', after: 'ok' });
    expect(result.peakRssMiB).toBeGreaterThan(128); // the killed child's high-water mark counts
  });

  it('stops a JS heap blow-up with the heap cap, even without /proc', async () => {
    const noProc: SandboxOptions = { procDir: path.join(submission.root, 'no-proc-here') };
    const result = await run([test1('heap', 'heap'), test1('after', 'ok')], { testSeconds: 10, memoryMiB: 64 }, noProc);
    expect(statuses(result)).toEqual({ heap: 'memory: exceeded 64 MiB (JavaScript heap out of memory)', after: 'ok' });
    expect(result.peakRssMiB).toBeUndefined();
  });

  it('refuses files outside root, writes, child processes and the network; hides the environment', async () => {
    process.env.VMLAB_SANDBOX_TEST_SECRET = 'grader only';
    const result = await run([
      test1('read', 'read', { path: submission.secretFile }),
      test1('write', 'write'),
      test1('net', 'require', { module: 'net' }),
      test1('http', 'require', { module: 'node:http' }),
      test1('child_process', 'require', { module: 'child_process' }),
      test1('worker_threads', 'require', { module: 'worker_threads' }),
      test1('spawn-binding', 'binding'),
      test1('socket', 'socket'),
      test1('fetch', 'fetch'),
      test1('env', 'env'),
      test1('bigint', 'bigint'),
    ]);
    delete process.env.VMLAB_SANDBOX_TEST_SECRET;
    const byId = new Map(result.runs.map((r) => [r.id, r]));
    const denied = { kind: 'error', message: expect.stringContaining('ERR_ACCESS_DENIED') };
    for (const id of ['read', 'write', 'net', 'http', 'child_process', 'worker_threads', 'spawn-binding', 'socket']) {
      expect([id, observation(byId.get(id))]).toEqual([id, denied]);
    }
    expect(existsSync(path.join(submission.root, 'starter', 'src', 'written.txt'))).toBe(false);
    expect(observation(byId.get('fetch'))).toEqual({ kind: 'walk', fetch: 'undefined' });
    const env = observation(byId.get('env')).env as string[];
    expect(env).not.toContain('VMLAB_SANDBOX_TEST_SECRET');
    expect(env).not.toContain('PATH');
    expect(env).not.toContain('HOME');
    expect(observation(byId.get('bigint'))).toEqual({ kind: 'error', message: expect.stringContaining('could not be sent') });
  });

  it('captures the output up to outputBytes per stream and says it was cut', async () => {
    const result = await run([test1('print', 'print')]);
    expect(result.runs[0]?.status).toBe('ok');
    expect(result.stdout).toBe('x'.repeat(64 * 1024));
    expect(result.truncated).toBe(true);
    const small = await run([test1('print', 'print')], { outputBytes: 10 });
    expect(small.stdout).toBe('x'.repeat(10));
  });

  it('fails the rest of the batch when the submission runs out of time', async () => {
    const result = await run([test1('first', 'loop'), test1('second', 'loop'), test1('third', 'ok')], { testSeconds: 1, submissionSeconds: 1.5 });
    expect(statuses(result)).toEqual({
      first: 'timeout: timed out after 1 s',
      second: "submission-timeout: the submission's 1.5 s ran out during this test",
      third: "submission-timeout: not run: the submission's 1.5 s were used up",
    });
  });

  it('starts its child on a folder still empty and loads it at the first test', async () => {
    const later = mkdtempSync(path.join(tmpdir(), 'vmlab-sandbox-later-'));
    try {
      const sandbox = Sandbox.start({ root: later, componentsModule: submission.componentsModule, limits: LIMITS });
      cpSync(submission.root, later, { recursive: true });
      const result = await sandbox.run([test1('first', 'ok', { n: 1 })]);
      expect(observation(result.runs[0])).toEqual({ kind: 'walk', echo: 1 });
    } finally {
      rmSync(later, { recursive: true, force: true });
    }
  });

  it('loads the simulator from the preload folder at start, as the very modules root links to later', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'vmlab-sandbox-preload-'));
    try {
      const [shared, root] = [path.join(base, 'shared'), path.join(base, 'root')];
      cpSync(path.join(submission.root, 'reference'), path.join(shared, 'reference'), { recursive: true });
      mkdirSync(root);
      const sandbox = Sandbox.start({ root, componentsModule: submission.componentsModule, sharedFolders: [shared], preloadFrom: shared, limits: LIMITS });
      cpSync(submission.root, root, { recursive: true, filter: (source) => !source.startsWith(path.join(submission.root, 'reference')) });
      symlinkSync(path.join(shared, 'reference'), path.join(root, 'reference'), 'dir');
      const result = await sandbox.run([test1('loads', 'loads')]);
      expect(observation(result.runs[0])).toEqual({ kind: 'walk', loads: 1 });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('keeps its child from one batch to the next, and starts a fresh one after a failure', async () => {
    const sandbox = Sandbox.start({ root: submission.root, componentsModule: submission.componentsModule, limits: LIMITS });
    try {
      const deadline = Date.now() + LIMITS.submissionSeconds * 1000;
      const first = await sandbox.runBatch([test1('a', 'count'), test1('b', 'count')], deadline);
      const second = await sandbox.runBatch([test1('c', 'count')], deadline);
      const third = await sandbox.runBatch([test1('hang', 'loop'), test1('d', 'count')], deadline);
      expect([...first, ...second].map((r) => observation(r).count)).toEqual([1, 2, 3]);
      expect(third[0]?.status).toBe('timeout');
      expect(observation(third[1]).count).toBe(1);
      await expect(sandbox.run([test1('e', 'ok')])).resolves.toBeDefined();
      await expect(sandbox.runBatch([test1('f', 'ok')], deadline)).rejects.toThrow(/runs its tests once/);
    } finally {
      await sandbox.dispose();
    }
  });

  it('leaves no temp folder behind: after a crash, a kill, or a dispose without tests', async () => {
    const tempDir = mkdtempSync(path.join(tmpdir(), 'vmlab-sandbox-tmp-'));
    chmodSync(tempDir, 0o755); // reachable by the child's unprivileged uid, as /tmp is
    try {
      const result = await run([test1('abort', 'abort'), test1('hang', 'loop'), test1('ok', 'ok')], {}, { tempDir });
      expect(result.runs.map((r) => r.status)).toEqual(['crashed', 'timeout', 'ok']);
      expect(readdirSync(tempDir)).toEqual([]);
      const unused = Sandbox.start({ root: submission.root, componentsModule: submission.componentsModule, limits: LIMITS }, { tempDir });
      try {
        expect(readdirSync(tempDir)).toEqual([expect.stringMatching(/^vmlab-sandbox-/)]); // the child's script; its cwd is gone already
      } finally {
        await unused.dispose();
      }
      expect(readdirSync(tempDir)).toEqual([]);
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  });

  it('reports a components module that does not load as error observations', async () => {
    const result = await runSandbox({ root: submission.root, componentsModule: 'missing.js', tests: [test1('t', 'ok')], limits: LIMITS });
    expect(observation(result.runs[0])).toEqual({ kind: 'error', message: expect.stringContaining('could not load the components') });
  });

  it('refuses a components module outside root and impossible limits', async () => {
    await expect(runSandbox({ root: submission.root, componentsModule: '../x.js', tests: [], limits: LIMITS })).rejects.toThrow(/inside root/);
    await expect(run([], { memoryMiB: 0 })).rejects.toThrow(/memoryMiB/);
    await expect(runSandbox({ root: submission.root, componentsModule: submission.componentsModule, preloadFrom: tmpdir(), tests: [], limits: LIMITS })).rejects.toThrow(/preloadFrom/);
  });
});
