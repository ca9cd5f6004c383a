import { ChildProcess, spawn } from 'child_process';
import { performance } from 'perf_hooks';
import { Readable, Writable } from 'stream';
import { Observation } from '../../observe/observation';
import { CappedOutput, StreamTail } from './capped-output';
import { InstalledChildScript } from './child-script';
import { classifyExit, Failure } from './classify-exit';
import { withVanishingCwd } from './vanishing-cwd';
import { checkReply, encodeRequest, REPLY_FD, REQUEST_FD, TestRequest } from './protocol';
import { ReplyLine, ReplyLineReader } from './reply-lines';
import { RssWatch } from './rss-watch';
import { SandboxTest } from './sandbox-types';

/** How a child is started around node: the OS fences of fences.ts, or none. */
export interface ChildLaunch {
  /** Programs and arguments put before node's command line (setpriv, unshare, prlimit): empty for none. */
  readonly wrapper: readonly string[];
  /** Run the child (the wrapper's first program) as this uid/gid. */
  readonly dropTo: { readonly uid: number; readonly gid: number } | undefined;
}

export interface ChildSpec {
  /** Real path of the submission's folder: the child may read it, the shared folders and its own script, nothing else. */
  readonly root: string;
  /** Real paths of the folders root links to (SandboxJob.sharedFolders). */
  readonly sharedFolders: readonly string[];
  /** Real path of the shared folder the child loads the simulator from at once (SandboxJob.preloadFrom). */
  readonly preloadFrom: string | undefined;
  readonly componentsModule: string;
  readonly script: InstalledChildScript;
  readonly memoryMiB: number;
  /** Shared by every child of a batch. */
  readonly stdout: CappedOutput;
  readonly stderr: CappedOutput;
  /** Where to read the child's resident memory; a missing folder leaves only the heap cap. */
  readonly procDir: string;
  readonly launch: ChildLaunch;
  /** Where the child's working directory is made (and at once removed). */
  readonly tempDir: string;
}

export type TestOutcome = { readonly status: 'ok'; readonly observations: readonly Observation[]; readonly seconds: number } | Failure;

/** A test sent to the child and not yet answered; the child runs them in the order they are sent. */
interface SentTest {
  readonly test: SandboxTest;
  /** When the child began it: when it was sent, or when the test before it was answered. */
  began: number | undefined;
  /** Set by run(): the caller waiting for its outcome, and the timer that fails it. */
  waiting: { readonly resolve: (outcome: TestOutcome) => void; readonly timer: NodeJS.Timeout } | undefined;
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
 * One locked-down child process running tests one at a time, in the order
 * they are sent. The next test may be sent ahead, so the child goes on with
 * it at once while the parent takes in the answer before. The first failure
 * ends the child and drops what was sent ahead (the caller starts a fresh one
 * for the next test), so a child never carries a broken state from one test
 * into another.
 */
export class ChildSession {
  private readonly child: ChildProcess;
  private readonly requests: Writable;
  private readonly stderrTail = new StreamTail(STDERR_TAIL_BYTES);
  private readonly rss: RssWatch | undefined;
  private readonly closed: Promise<void>;
  /** Sent and not yet answered, in order: the first is the one the child is running. */
  private readonly sent: SentTest[] = [];
  /** Tests sent ahead whose outcome came before run() asked for it. */
  private readonly answered: { readonly test: SandboxTest; readonly outcome: TestOutcome }[] = [];
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
      ...(spec.preloadFrom === undefined ? [] : [spec.preloadFrom]),
    ];
    const [command, ...args] = [...spec.launch.wrapper, process.execPath, ...nodeArgs];
    const { dropTo } = spec.launch;
    this.child = withVanishingCwd((cwd) =>
      spawn(command!, args, {
        cwd,
        env: {}, // none of the grader's variables; node needs none
        // stdin none; stdout, stderr; fd 3 the requests, fd 4 the replies (protocol.ts).
        stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
        // Its own session and process group: a kill(0) in the child reaches only the child's own processes.
        detached: process.platform !== 'win32',
        ...(dropTo === undefined ? {} : { uid: dropTo.uid, gid: dropTo.gid }),
      }),
      spec.tempDir,
    );
    const requests = this.child.stdio[REQUEST_FD] as Writable & Readable;
    const replies = this.child.stdio[REPLY_FD] as Readable;
    this.requests = requests;
    // Every stream of the child can fail (EPIPE, ECONNRESET when the child closes its end): such an error
    // must never be left unhandled, where it would end the grader; the child's exit reports what matters.
    for (const stream of [this.child.stdout, this.child.stderr, requests, replies]) stream?.on('error', () => undefined);
    this.child.stdout?.on('data', (chunk: Buffer) => spec.stdout.append(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      spec.stderr.append(chunk);
      this.stderrTail.append(chunk);
    });
    const reader = new ReplyLineReader();
    replies.on('data', (chunk: Buffer) => this.onReplyLines(reader.push(chunk)));
    replies.on('end', () => this.onReplyLines(reader.end()));
    // The request channel is a socket: the child can write into it too. Nothing is expected that way.
    requests.on('data', () => this.end({ status: 'protocol', reason: 'the sandbox wrote into its request channel' }));
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
        this.ended = true;
        this.rss?.stop();
        this.settle(classifyExit(code, signal, this.stderrTail.text(), spec.memoryMiB));
        resolve();
      });
      // A failed spawn: no 'close' may follow.
      this.child.on('error', (error) => {
        if (this.child.pid !== undefined) return; // a write to a child that has just gone: 'close' tells the rest
        this.end({ status: 'crashed', reason: `could not start: ${error.message}` });
        resolve();
      });
    });
    if (this.child.pid !== undefined) {
      // Under unshare --fork, child.pid is unshare's: the watch sums the process tree under it (node included).
      this.rss = new RssWatch(this.child.pid, spec.memoryMiB, () => this.end({ status: 'memory', reason: `exceeded ${spec.memoryMiB} MiB` }), spec.procDir);
    }
  }

  /** The child's peak resident memory as the RSS watch saw it; undefined where /proc cannot be read. */
  get peakRssMiB(): number | undefined {
    return this.rss?.peakMiB;
  }

  /**
   * False once the child has failed, been killed or exited, unless it had
   * answered a test sent ahead before (run() gives that answer): then start a
   * fresh one.
   */
  get usable(): boolean {
    return !this.ended || this.answered.length > 0;
  }

  /**
   * Runs one test: the next one not yet answered, or a new one. Fails it with
   * `onTimeout` and kills the child when no answer has come `timeoutMs` from now.
   */
  run(test: SandboxTest, timeoutMs: number, onTimeout: Failure): Promise<TestOutcome> {
    const answered = this.answered.shift();
    if (answered !== undefined) {
      checkOrder(test, answered.test);
      return Promise.resolve(answered.outcome);
    }
    if (this.ended) return Promise.resolve({ status: 'crashed', reason: 'the sandbox had already stopped' });
    if (this.sent.length === 0) this.send(test);
    const current = this.sent[0];
    checkOrder(test, current.test);
    return new Promise((resolve) => {
      current.waiting = { resolve, timer: setTimeout(() => this.end(onTimeout), timeoutMs) };
    });
  }

  /** Sends `test` now, to run after those sent before it: the caller runs it next. */
  sendAhead(test: SandboxTest): void {
    if (!this.ended) this.send(test);
  }

  private send(test: SandboxTest): void {
    this.sent.push({ test, began: this.sent.length === 0 ? performance.now() : undefined, waiting: undefined });
    const request: TestRequest = { id: test.id, probes: test.probes };
    this.requests.write(encodeRequest(request)); // an error here means the child is gone: 'close' reports it
  }

  /** Kills the child if still running and waits until its output is all in. */
  async dispose(): Promise<void> {
    this.end(undefined);
    await this.closed;
  }

  private onReplyLines(lines: readonly ReplyLine[]): void {
    for (const line of lines) {
      if (this.ended) return;
      if (line.kind === 'message') this.onMessage(line.value);
      else this.onProtocolProblem(`the sandbox sent ${line.reason}`);
    }
  }

  /** A protocol failure of the current test; between tests (nobody asked: student code on the channel), only the child is retired. */
  private onProtocolProblem(reason: string): void {
    this.end(this.sent[0] === undefined ? undefined : { status: 'protocol', reason });
  }

  private onMessage(message: unknown): void {
    const current = this.sent[0];
    if (current === undefined) {
      this.onProtocolProblem('the sandbox sent a reply when no test was running');
      return;
    }
    const check = checkReply(message, current.test.id, current.test.probes.length);
    if (!check.ok) {
      this.onProtocolProblem(`the sandbox sent a message that is not an answer to this test: ${check.problem}`);
      return;
    }
    const now = performance.now();
    this.settle({ status: 'ok', observations: check.observations, seconds: Math.round(now - (current.began ?? now)) / 1000 });
    if (this.sent.length > 0) this.sent[0].began = now;
  }

  /** The current test is over: its waiting caller gets `outcome`, or it is kept until run() asks. */
  private settle(outcome: TestOutcome): void {
    const current = this.sent.shift();
    if (current === undefined) return;
    if (current.waiting === undefined) {
      this.answered.push({ test: current.test, outcome });
      return;
    }
    clearTimeout(current.waiting.timer);
    current.waiting.resolve(outcome);
  }

  /**
   * Fails the current test (if any) with `failure`, drops the tests sent
   * ahead, and kills the child. Without a failure, a test someone waits for is
   * left to the child's exit to settle.
   */
  private end(failure: Failure | undefined): void {
    if (failure !== undefined) this.settle(failure);
    this.sent.splice(this.sent[0]?.waiting === undefined ? 0 : 1);
    if (this.ended) return;
    this.ended = true;
    this.rss?.stop();
    this.kill();
  }

  /**
   * SIGKILL to the child's process group (it leads its own: the wrapper and
   * node, which under unshare --kill-child dies with the wrapper anyway),
   * then to the child itself. A stopped child dies of it too.
   */
  private kill(): void {
    const pid = this.child.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The group has gone already.
      }
    }
    this.child.kill('SIGKILL');
  }
}

/** Tests run in the order they were sent: anything else is the grader's mistake. */
function checkOrder(asked: SandboxTest, next: SandboxTest): void {
  if (asked !== next) throw new Error(`vmlab internal error: test ${asked.id} run before ${next.id}, which was sent first`);
}
