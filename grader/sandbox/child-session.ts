import { ChildProcess, spawn } from 'child_process';
import { performance } from 'perf_hooks';
import { Observation } from '../../reference/observe/observation';
import { CappedOutput, StreamTail } from './capped-output';
import { InstalledChildScript } from './child-script';
import { classifyExit, Failure } from './classify-exit';
import { networkNamespaceLauncher } from './network-namespace';
import { checkReply, TestRequest } from './protocol';
import { RssWatch } from './rss-watch';
import { SandboxTest } from './sandbox-types';

export interface ChildSpec {
  /** Real path of the submission's folder: the child may read it, the shared folders and its own script, nothing else. */
  readonly root: string;
  /** Real paths of the folders root links to (SandboxJob.sharedFolders). */
  readonly sharedFolders: readonly string[];
  readonly componentsModule: string;
  readonly script: InstalledChildScript;
  readonly memoryMiB: number;
  /** Shared by every child of a batch. */
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  /** Where to read the child's resident memory; a missing folder leaves only the heap cap. */
  readonly procDir: string;
  /** Start the child in an empty network namespace when the platform allows it. */
  readonly networkNamespace: boolean;
}

export type TestOutcome = { readonly status: 'ok'; readonly observations: readonly Observation[]; readonly seconds: number } | Failure;

interface PendingTest {
  readonly test: SandboxTest;
  readonly started: number;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (outcome: TestOutcome) => void;
}

/** Enough of the end of stderr to find V8's out-of-memory report. */
const STDERR_TAIL_BYTES = 8192;

/**
 * V8's interrupt budget for the child, 8 times its default. A child lives
 * for about a second, and with the default tiering it spends a third of its
 * CPU optimizing code that has finished running before the optimized code
 * would pay off; with a larger budget only code that really is hot (a
 * student's long loop) is optimized, a moment later than it would be.
 */
const INTERRUPT_BUDGET = 8 * 67_584;

/**
 * One locked-down child process running tests one at a time. The first
 * failure ends it (the caller starts a fresh one for the next test), so a
 * child never carries a broken state from one test into another.
 */
export class ChildSession {
  private readonly child: ChildProcess;
  private readonly stderrTail = new StreamTail(STDERR_TAIL_BYTES);
  private readonly rss: RssWatch | undefined;
  private readonly closed: Promise<void>;
  private pending: PendingTest | undefined;
  private ended = false;

  constructor(spec: ChildSpec) {
    const nodeArgs = [
      '--experimental-permission',
      `--allow-fs-read=${spec.root}`,
      ...spec.sharedFolders.map((folder) => `--allow-fs-read=${folder}`),
      `--allow-fs-read=${spec.script.dir}`,
      `--max-old-space-size=${spec.memoryMiB}`,
      `--interrupt-budget=${INTERRUPT_BUDGET}`,
      // The permission model's own warning would land in the student's stderr.
      '--disable-warning=ExperimentalWarning',
      spec.script.file,
      spec.root,
      spec.componentsModule,
    ];
    const unshare = spec.networkNamespace ? networkNamespaceLauncher() : null;
    const [command, args] = unshare ? [unshare, ['-rn', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    this.child = spawn(command, args, {
      cwd: spec.root,
      env: {}, // none of the grader's variables; node needs none (Node adds its IPC channel's own)
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json', // data only: the advanced (structured clone) mode is not needed
    });
    this.child.stdout?.on('data', (chunk: Buffer) => spec.stdout.append(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      spec.stderr.append(chunk);
      this.stderrTail.append(chunk);
    });
    this.child.on('message', (message: unknown) => this.onMessage(message));
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
        this.ended = true;
        this.rss?.stop();
        this.settle(classifyExit(code, signal, this.stderrTail.text(), spec.memoryMiB));
        resolve();
      });
    });
    // A failed spawn, or a send to a child that has just gone: 'close' tells the rest.
    this.child.on('error', (error) => {
      if (this.child.pid === undefined) this.end({ status: 'crashed', reason: `could not start: ${error.message}` });
    });
    if (this.child.pid !== undefined) {
      this.rss = new RssWatch(this.child.pid, spec.memoryMiB, () => this.end({ status: 'memory', reason: `exceeded ${spec.memoryMiB} MiB` }), spec.procDir);
    }
  }

  /** The child's peak resident memory as the RSS watch saw it; undefined where /proc cannot be read. */
  get peakRssMiB(): number | undefined {
    return this.rss?.peakMiB;
  }

  /** False once the child has failed, been killed or exited: start a fresh one. */
  get usable(): boolean {
    return !this.ended;
  }

  /** Runs one test; on `timeoutMs` the child is killed and the test fails with `onTimeout`. */
  run(test: SandboxTest, timeoutMs: number, onTimeout: Failure): Promise<TestOutcome> {
    if (this.ended) return Promise.resolve({ status: 'crashed', reason: 'the sandbox had already stopped' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.end(onTimeout), timeoutMs);
      this.pending = { test, started: performance.now(), timer, resolve };
      const request: TestRequest = { id: test.id, probes: test.probes };
      this.child.send(request, () => undefined); // an error here means the child is gone: 'close' reports it
    });
  }

  /** Kills the child if still running and waits until its output is all in. */
  async dispose(): Promise<void> {
    this.end(undefined);
    await this.closed;
  }

  private onMessage(message: unknown): void {
    const pending = this.pending;
    if (pending === undefined) {
      // Between tests nobody asked: student code talking on the channel. Retire this child.
      this.end(undefined);
      return;
    }
    const check = checkReply(message, pending.test.id, pending.test.probes.length);
    if (!check.ok) {
      this.end({ status: 'protocol', reason: `the sandbox sent a message that is not an answer to this test: ${check.problem}` });
      return;
    }
    const seconds = Math.round(performance.now() - pending.started) / 1000;
    this.settle({ status: 'ok', observations: check.observations, seconds });
  }

  private settle(outcome: TestOutcome): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  /** Fails the pending test (if any) with `failure` and kills the child. */
  private end(failure: Failure | undefined): void {
    if (failure !== undefined) this.settle(failure);
    if (this.ended) return;
    this.ended = true;
    this.rss?.stop();
    this.child.kill('SIGKILL');
  }
}
