import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Random } from '../../reference/scenario/random';
import { probeHostFences } from './fences';
import { MAX_REPLY_LINE_BYTES } from './reply-lines';
import { runSandbox } from './run-sandbox';
import { SandboxResult, SandboxTest, TestRun } from './sandbox-types';
import { fakeProbe, FakeSubmission, makeFakeSubmission } from './test-support/fake-submission';

/**
 * One real child per attack a hostile submission can make on the grader
 * from inside its sandbox, each with the grader's outcome: the attack's test
 * fails (or its attempt is refused), the test after it runs in a fresh child
 * as if nothing happened, the grader (this process) is alive and running,
 * and no file appears in the build, in the sandbox's own temp folder (where
 * its script and working directory must also be gone), in the system's temp
 * folder, or here.
 */
jest.setTimeout(120_000);

let submission: FakeSubmission;
let tempDir: string;
beforeAll(() => {
  submission = makeFakeSubmission();
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'vmlab-attack-tmp-'));
  chmodSync(tempDir, 0o755); // as /tmp is: reachable by the child's unprivileged uid
});
afterAll(() => {
  rmSync(tempDir, { recursive: true, force: true });
  submission.remove();
});

const host = probeHostFences();
const withFence = (name: string) => (host.present.some((present) => present === name) ? it : it.skip);

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

const DIAGNOSTIC_FILE = /^(node_trace\..*\.log|report\..*\.json|.*\.heapsnapshot|core(\..*)?|written\.txt)$/;

/**
 * Entries of the system temp folder a child could have made: owned by the child's uid, or named as
 * Node's diagnostics name their files (other tests on the machine make vmlab-* folders there meanwhile).
 */
function suspectsInSystemTemp(): string[] {
  const uid = host.dropTo?.uid;
  return readdirSync(os.tmpdir()).filter((name) => {
    if (DIAGNOSTIC_FILE.test(name)) return true;
    try {
      return uid !== undefined && lstatSync(path.join(os.tmpdir(), name)).uid === uid;
    } catch {
      return false; // removed meanwhile by someone else
    }
  });
}

/** Runs `tests` then one that must pass; checks that nothing was written and returns the runs by id. */
async function attack(tests: SandboxTest[], testSeconds = 20): Promise<Map<string, TestRun>> {
  const before = listing(submission.root);
  const here = readdirSync(process.cwd()).filter((name) => DIAGNOSTIC_FILE.test(name));
  const systemTemp = suspectsInSystemTemp();
  const result: SandboxResult = await runSandbox(
    {
      root: submission.root,
      componentsModule: submission.componentsModule,
      tests: [...tests, { id: 'after', probes: [fakeProbe('ok', { n: 7 })] }],
      limits: { testSeconds, submissionSeconds: 300, memoryMiB: 256 },
    },
    { tempDir },
  );
  const runs = new Map(result.runs.map((run) => [run.id, run]));
  expect(runs.get('after')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', echo: 7 }] });
  expect(listing(submission.root)).toEqual(before);
  expect(listing(tempDir)).toEqual([]); // nothing written, and the script and cwd folders removed
  expect(suspectsInSystemTemp()).toEqual(systemTemp);
  expect(readdirSync(process.cwd()).filter((name) => DIAGNOSTIC_FILE.test(name))).toEqual(here);
  expect(result.missingFences).toEqual(host.missing);
  return runs;
}

const one = (id: string, behaviour: string, extra: Record<string, unknown> = {}): SandboxTest => ({ id, probes: [fakeProbe(behaviour, extra)] });
const base64 = (text: string) => Buffer.from(text).toString('base64');
const refused = { status: 'ok', observations: [{ kind: 'error', message: expect.stringContaining('ERR_ACCESS_DENIED') }] };

describe('attacks on the reply channel', () => {
  it.each([
    ['a line that is not JSON', base64('x\n'), /^the sandbox sent a reply line that is not JSON/],
    ['a partial line before the real reply', base64('{"id":'), /not JSON/],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x0a]).toString('base64'), /not UTF-8/],
    ['a reply for another test', base64('{"id":"other","observations":[{"kind":"walk"}]}\n'), /answer for test "other", expected "attack"/],
    ['a reply with extra fields', base64('{"id":"attack","observations":[{"kind":"walk"}],"score":100}\n'), /unexpected fields/],
  ])('%s fails the test with "protocol"', async (_name, junk, reason) => {
    const runs = await attack([one('attack', 'junk', { junk })]);
    expect(runs.get('attack')).toEqual({ id: 'attack', status: 'protocol', reason: expect.stringMatching(reason) });
  });

  it('a duplicate reply fails the next test, and the batch goes on', async () => {
    const forged = base64('{"id":"attack","observations":[{"kind":"walk","forged":true}]}\n');
    const runs = await attack([one('attack', 'junk', { junk: forged }), one('next', 'ok')]);
    expect(runs.get('attack')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', forged: true }] });
    expect(runs.get('next')).toEqual({ id: 'next', status: 'protocol', reason: expect.stringMatching(/answer for test "attack", expected "next"/) });
  });

  it('a line longer than the cap fails the test without the grader holding it', async () => {
    const runs = await attack([one('attack', 'hugeJunk', { size: MAX_REPLY_LINE_BYTES + 1 })]);
    expect(runs.get('attack')).toEqual({ id: 'attack', status: 'protocol', reason: 'the sandbox sent a reply line longer than 32 MiB' });
  });

  it.each([
    ['closing the reply channel', 'closeReply', /lost its request or reply channel/],
    ['writing into the request channel', 'writeRequest', /wrote into its request channel/],
  ])('%s fails the test with "protocol"', async (_name, behaviour, reason) => {
    const runs = await attack([one('attack', behaviour)]);
    expect(runs.get('attack')).toEqual({ id: 'attack', status: 'protocol', reason: expect.stringMatching(reason) });
  });

  it('closing the request channel fails that test, not the next', async () => {
    const runs = await attack([one('attack', 'closeRequest'), one('next', 'ok', { n: 2 })]);
    expect(runs.get('attack')).toEqual({ id: 'attack', status: 'protocol', reason: expect.stringMatching(/lost its request or reply channel/) });
    expect(runs.get('next')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', echo: 2 }] });
  });

  it('closing stdout changes nothing for the grader', async () => {
    const runs = await attack([one('attack', 'closeStdout'), one('next', 'ok', { n: 1 })]);
    expect(runs.get('attack')).toMatchObject({ status: 'ok' });
    expect(runs.get('next')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', echo: 1 }] });
  });

  it('a reply channel made non-blocking still carries a large reply whole', async () => {
    const size = 8 * 1024 * 1024;
    const runs = await attack([one('attack', 'nonblockReply', { size })]);
    const run = runs.get('attack');
    expect(run?.status).toBe('ok');
    expect(run?.status === 'ok' && (run.observations[0] as unknown as { data: string }).data.length).toBe(size);
  });
});

describe('attacks on the grader and the host', () => {
  it.each([
    ['SIGKILL to the grader', { pid: 'parent', signal: 'SIGKILL' }],
    ['SIGSTOP to the grader', { pid: 'parent', signal: 'SIGSTOP' }],
    ['SIGKILL to every process (kill -1)', { pid: -1, signal: 'SIGKILL' }],
    ['SIGSTOP to its own process group', { pid: 0, signal: 'SIGSTOP' }],
  ])('%s is refused, and the grader runs on', async (_name, extra) => {
    const runs = await attack([one('attack', 'kill', extra)]);
    expect(runs.get('attack')).toMatchObject(refused);
  });

  it.each([
    ['child_process through getBuiltinModule', 'builtin', { module: 'child_process' }],
    ['trace_events through getBuiltinModule', 'traceViaBuiltin', {}],
    ['a diagnostic report', 'report', {}],
    ['a heap snapshot', 'heapSnapshot', {}],
    ['a heap snapshot near the heap limit', 'heapNearLimit', {}],
    ['a file in the working directory', 'writeCwd', {}],
    ['a file outside the build', 'read', { path: '' }],
    ['a connection', 'socket', {}],
  ])('%s is refused, and nothing is written', async (_name, behaviour, extra) => {
    const probe = behaviour === 'read' ? { path: submission.secretFile } : extra;
    const runs = await attack([one('attack', behaviour, probe)]);
    expect(runs.get('attack')).toMatchObject(refused);
  });

  it('getBuiltinModule cannot be put back', async () => {
    const runs = await attack([one('restore', 'restore'), one('attack', 'builtin', { module: 'child_process' })]);
    expect(runs.get('restore')).toMatchObject({ status: 'ok', observations: [{ kind: 'error', message: expect.stringContaining('Cannot redefine property') }] });
    expect(runs.get('attack')).toMatchObject(refused);
  });

  it.each([
    ['trace_events', 'traceViaImport'],
    ['dns', 'dnsViaImport'],
  ])('%s reached by import() does nothing', async (_name, behaviour) => {
    const runs = await attack([one('attack', behaviour), one('wait', 'ok'), one('outcome', 'imported')]);
    expect(runs.get('outcome')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', outcome: 'ERR_ACCESS_DENIED' }] });
  });

  it('a child stopped from outside is caught by the wall-clock limit, and its processes end', async () => {
    const test = one('stopped', 'sleep');
    const outcome = attack([test], 3);
    const pid = await sandboxChildPid();
    process.kill(pid, 'SIGSTOP');
    const runs = await outcome;
    expect(runs.get('stopped')).toEqual({ id: 'stopped', status: 'timeout', reason: 'timed out after 3 s' });
    expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/status`, 'utf8').includes('State:\tZ')).toBe(false);
  });

  withFence('network-namespace')('the network is empty even past the guards', async () => {
    const runs = await attack([one('attack', 'interfaces')]);
    expect(runs.get('attack')).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', interfaces: [] }] });
  });
});

/** The host pid of the node process running sandbox-child.js on this suite's submission, once it is up. */
async function sandboxChildPid(): Promise<number> {
  for (let attempt = 0; attempt < 600; attempt++) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let commandLine: string;
      try {
        commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      const argv = commandLine.split('\0');
      if (argv[0] === process.execPath && argv.some((arg) => arg.endsWith('sandbox-child.js')) && argv.includes(path.resolve(submission.root))) return Number(entry);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no sandbox child found');
}

/**
 * Seeded random junk written into the reply channel by real children,
 * between clean tests: every junk test fails with "protocol" and every
 * clean one passes, in one batch.
 */
describe('the reply channel, fuzzed with real children', () => {
  function junk(random: Random): Buffer {
    // The first byte is never white space: a prefix of white space alone would be valid JSON before the real reply.
    const first = random.pick([0x78, 0x7b, 0x5b, 0x22, 0x31, 0xff, 0x0a]);
    const rest = Array.from({ length: random.int(0, 200) }, () => (random.chance(0.3) ? random.pick([0x0a, 0x7b, 0x7d, 0x22, 0x3a]) : random.int(0, 255)));
    const forged = random.chance(0.3) ? Buffer.from(`{"id":"clean-${random.int(0, 20)}","observations":[{"kind":"walk"}]}\n`) : Buffer.alloc(0);
    return Buffer.concat([Buffer.from([first, ...rest]), forged]);
  }

  it('fails each of 16 junk tests with "protocol" and passes the clean ones between them', async () => {
    const random = new Random(11);
    const tests: SandboxTest[] = [];
    for (let index = 0; index < 16; index++) {
      tests.push(one(`junk-${index}`, 'junk', { junk: junk(random).toString('base64') }));
      tests.push(one(`clean-${index}`, 'ok', { n: index }));
    }
    const runs = await attack(tests);
    for (let index = 0; index < 16; index++) {
      expect([`junk-${index}`, runs.get(`junk-${index}`)?.status]).toEqual([`junk-${index}`, 'protocol']);
      expect(runs.get(`clean-${index}`)).toMatchObject({ status: 'ok', observations: [{ kind: 'walk', echo: index }] });
    }
  });
});
