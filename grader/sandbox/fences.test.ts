import { spawnSync } from 'child_process';
import { FENCES, HostFences, probeHostFences, processFencesOnly, warnMissingFences } from './fences';
import { runSandbox, SandboxOptions } from './run-sandbox';
import { fakeProbe, FakeSubmission, makeFakeSubmission } from './test-support/fake-submission';

jest.setTimeout(60_000);

let submission: FakeSubmission;
beforeAll(() => {
  submission = makeFakeSubmission();
});
afterAll(() => submission.remove());

const host = probeHostFences();
const has = (name: string) => host.present.some((present) => present === name);
// Where a fence is unavailable (macOS, Windows, containers without user namespaces) its test is skipped:
// the probe's own tests below check that it is then reported missing.
const withFence = (name: string) => (has(name) ? it : it.skip);

/** Runs `script` with node inside this host's wrapper, as the sandbox starts its children. */
function inWrapper(script: string, args: string[] = []): { status: number | null; signal: string | null; stdout: string } {
  const [command, ...rest] = [...host.wrapper, process.execPath, '-e', script, '--', ...args];
  const result = spawnSync(command!, rest, {
    env: {},
    encoding: 'utf8',
    timeout: 30_000,
    ...(host.dropTo === undefined ? {} : { uid: host.dropTo.uid, gid: host.dropTo.gid }),
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout };
}

async function childSees(behaviour: string, options: SandboxOptions = {}): Promise<unknown> {
  const result = await runSandbox(
    {
      root: submission.root,
      componentsModule: submission.componentsModule,
      tests: [{ id: behaviour, probes: [fakeProbe(behaviour)] }],
      limits: { testSeconds: 20, submissionSeconds: 40, memoryMiB: 128 },
    },
    options,
  );
  const [run] = result.runs;
  return run?.status === 'ok' ? run.observations[0] : run;
}

describe('the host fences', () => {
  it('are each present or missing with a reason, in the order of FENCES', () => {
    const names = FENCES.map((fence) => fence.name);
    expect([...host.present, ...host.missing].sort()).toEqual([...names].sort());
    expect(host.present).toEqual(names.filter((name) => host.present.includes(name)));
    for (const name of host.missing) expect(host.notes.get(name)).toEqual(expect.any(String));
    expect(host.present).toContain('permission-model');
  });

  it('are probed once per process', () => {
    expect(probeHostFences()).toBe(host);
  });

  withFence('network-namespace')('leave the child no network interface at all', async () => {
    expect(await childSees('interfaces')).toEqual({ kind: 'walk', interfaces: [] });
  });

  it('are left out when turned off (the child then sees the host interfaces)', async () => {
    expect(await childSees('interfaces', { osFences: false })).toEqual({ kind: 'walk', interfaces: expect.arrayContaining(['lo']) });
  });

  withFence('pid-namespace')('confine signals: the grader cannot be reached by pid, by kill(0) or kill(-1)', () => {
    const script = `
      const outcomes = [];
      for (const [pid, signal] of [[Number(process.argv[1]), 'SIGSTOP'], [Number(process.argv[1]), 'SIGKILL'], [-1, 'SIGKILL']]) {
        try { process.kill(pid, signal); outcomes.push('sent'); } catch (error) { outcomes.push(error.code); }
      }
      process.stdout.write(JSON.stringify({ pid: process.pid, ppid: process.ppid, outcomes }));
    `;
    const run = inWrapper(script, [String(process.pid)]);
    // This process is still here to assert it, neither killed nor stopped.
    expect(JSON.parse(run.stdout)).toEqual({ pid: 1, ppid: 0, outcomes: ['ESRCH', 'ESRCH', 'ESRCH'] });
  });

  withFence('file-size-limit')('stop any file from growing and leave writes to pipes alone', () => {
    const run = inWrapper(`
      const limits = require('fs').readFileSync('/proc/self/limits', 'utf8');
      process.stdout.write(JSON.stringify([/^Max file size.*$/m.exec(limits)[0].split(/\\s+/).slice(3, 5), /^Max core file size.*$/m.exec(limits)[0].split(/\\s+/).slice(4, 6)]));
    `);
    expect(JSON.parse(run.stdout)).toEqual([['0', '0'], ['0', '0']]);
  });

  withFence('unprivileged-user')('run the child as an unprivileged user of the host', () => {
    const run = inWrapper(`process.stdout.write(require('fs').readFileSync('/proc/self/uid_map', 'utf8'))`);
    const [inside, outside] = run.stdout.trim().split(/\s+/);
    if (process.getuid?.() === 0) expect([inside, outside]).toEqual(['0', String(host.dropTo?.uid)]);
    else expect(outside).toBe(String(process.getuid?.()));
  });

  it('without the OS fences, keep only those of Node and the session, and say the rest are missing', () => {
    const only = processFencesOnly(host);
    expect(only.wrapper).toEqual([]);
    expect(only.present).toContain('permission-model');
    expect(only.missing).toEqual(expect.arrayContaining(['pid-namespace', 'network-namespace', 'file-size-limit']));
  });
});

describe('warnMissingFences', () => {
  const lacking: HostFences = { present: ['permission-model'], missing: ['pid-namespace'], notes: new Map([['pid-namespace', 'no unshare program (util-linux)']]), wrapper: [], dropTo: undefined };

  it('says what is missing and why, once per process', () => {
    jest.isolateModules(() => {
      // A fresh module: its "said it already" flag is unset.
      const { warnMissingFences: warn } = jest.requireActual<typeof import('./fences')>('./fences');
      const said: string[] = [];
      warn((text) => said.push(text), lacking);
      warn((text) => said.push(text), lacking);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^WARNING: the grader's sandbox lacks 1 fence\(s\)/);
      expect(said[0]).toContain('  - pid-namespace: no unshare program (util-linux)');
      expect(said[0]).toContain('vmlab doctor');
    });
  });

  it('says nothing when no fence is missing', () => {
    const said: string[] = [];
    warnMissingFences((text) => said.push(text), { ...lacking, present: [...lacking.present, 'pid-namespace'], missing: [] });
    expect(said).toEqual([]);
  });
});
