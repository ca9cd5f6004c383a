import * as path from 'path';
import { Worker } from 'worker_threads';
import { vmlabRoot } from '../../io/vmlab-root';
import { BuilderSetup, BuiltJavaScript } from './build-javascript';
import { CompileLimits } from './compile-limits';
import { COMPILE_WORKER_MODULE } from './compile-worker-main';
import { CompileRequest, CompileWorkerData, CompileWorkerMessage } from './compile-worker-protocol';
import { StudentFileRead } from './read-submission';

/** The worker's first file, relative to vmlab's root (plain JavaScript; a handout ships it at the same place). */
export const COMPILE_WORKER_BOOTSTRAP_FILE = 'grader/compile/compile-worker-bootstrap.js';

/** A submission's build, or why there is none (the submission is to blame: it went over a limit or broke TypeScript). */
export type CompileOutcome = { readonly kind: 'built'; readonly built: BuiltJavaScript } | { readonly kind: 'failed'; readonly reason: string };

/** Longest text kept from TypeScript's own crash message, which may quote the student's code. */
const MAX_CRASH_MESSAGE = 300;

interface Pending {
  readonly studentFiles: ReadonlyMap<string, StudentFileRead>;
  /** Set: a build with no student code in it (JavaScriptBuilder.build's failAll), neither timed nor the submission's to fail. */
  readonly failAll?: string;
  readonly settle: (outcome: CompileOutcome | Error) => void;
}

interface Running {
  readonly worker: Worker;
  ready: boolean;
  busy?: { readonly id: number; readonly pending: Pending; readonly timer?: NodeJS.Timeout };
}

/**
 * The grader's side of the compile worker: a worker thread that type-checks
 * and transpiles submissions (compile-worker-main.ts) one at a time, with a
 * heap cap and a time limit per submission, so that no submission can block
 * the grader's event loop (and with it the timing of every other student's
 * tests) or take its memory. The worker lives as long as this object, so
 * what submissions share (TypeScript, the parsed handout, the previous
 * program, the substrate's JavaScript) is loaded once; it starts with the
 * first request. A submission over a limit, or that crashes TypeScript, gets
 * a failed outcome and the worker is replaced by a fresh one.
 */
export class CompileWorker {
  private readonly queue: Pending[] = [];
  private running: Running | undefined;
  private nextId = 0;
  private disposed = false;

  constructor(
    private readonly setup: BuilderSetup,
    private readonly limits: CompileLimits,
  ) {}

  /** Build a submission within the limits. */
  build(studentFiles: ReadonlyMap<string, StudentFileRead>): Promise<CompileOutcome> {
    return this.enqueue({ studentFiles });
  }

  /**
   * Build a submission with every component whose file is there broken for
   * `reason`, compiling none of its code: the build that stands in for one
   * that failed. A failure here is vmlab's, and rejects.
   */
  async buildWithout(studentFiles: ReadonlyMap<string, StudentFileRead>, reason: string): Promise<BuiltJavaScript> {
    const outcome = await this.enqueue({ studentFiles, failAll: reason });
    if (outcome.kind !== 'built') throw new Error(`vmlab internal error: the compile worker failed on a build without student code: ${outcome.reason}`);
    return outcome.built;
  }

  /** Stops the worker; requests not answered yet reject. */
  dispose(): void {
    this.disposed = true;
    const running = this.running;
    this.running = undefined;
    if (running !== undefined) {
      clearTimeout(running.busy?.timer);
      running.busy?.pending.settle(new Error('the compiler was disposed before this submission was compiled'));
      void running.worker.terminate();
    }
    for (const pending of this.queue.splice(0)) pending.settle(new Error('the compiler was disposed before this submission was compiled'));
  }

  private enqueue(request: Omit<Pending, 'settle'>): Promise<CompileOutcome> {
    if (this.disposed) return Promise.reject(new Error('vmlab internal error: compile after dispose()'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      this.pump();
    });
  }

  /** Send the next request when the worker is free, starting one if need be. */
  private pump(): void {
    if (this.queue.length > 0) {
      const running = (this.running ??= this.start());
      if (running.ready && running.busy === undefined) {
        const pending = this.queue.shift()!;
        const id = ++this.nextId;
        // Timed from here: waiting in the queue, or for a fresh worker to load TypeScript, is not the submission's time.
        const timer = pending.failAll === undefined ? setTimeout(() => this.fail(running, `type-checking took longer than ${this.limits.seconds} s, the limit for compiling a submission`), this.limits.seconds * 1000) : undefined;
        running.busy = { id, pending, timer };
        running.worker.postMessage({ id, studentFiles: pending.studentFiles, failAll: pending.failAll } satisfies CompileRequest);
      }
    }
    // An idle worker does not keep the grader's process alive (a caller that never calls dispose() still exits).
    if (this.running !== undefined) {
      if (this.queue.length > 0 || this.running.busy !== undefined) this.running.worker.ref();
      else this.running.worker.unref();
    }
  }

  private start(): Running {
    const data: CompileWorkerData = { entry: COMPILE_WORKER_MODULE, setup: this.setup };
    const worker = new Worker(path.join(vmlabRoot(), ...COMPILE_WORKER_BOOTSTRAP_FILE.split('/')), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMiB },
    });
    const running: Running = { worker, ready: false };
    worker.on('message', (message: CompileWorkerMessage) => this.receive(running, message));
    worker.on('error', (error: Error & { code?: string }) => {
      this.fail(running, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `type-checking needed more than ${this.limits.memoryMiB} MiB, the memory limit for compiling a submission` : crashReason(`${error.name}: ${error.message}`), error);
    });
    worker.on('exit', (code) => this.fail(running, crashReason(`the compile worker exited with code ${code}`)));
    return running;
  }

  private receive(running: Running, message: CompileWorkerMessage): void {
    if (this.running !== running) return;
    if (message.kind === 'ready') {
      running.ready = true;
      this.pump();
      return;
    }
    const { busy } = running;
    if (busy === undefined || busy.id !== message.id) {
      this.running = undefined;
      void running.worker.terminate();
      busy?.pending.settle(new Error(`vmlab internal error: the compile worker answered request ${message.id}, not the one it was sent`));
      this.pump();
      return;
    }
    if (message.kind === 'crashed') {
      // TypeScript's state is not to be trusted after it threw midway: the next submission gets a fresh worker.
      this.fail(running, crashReason(message.message));
      return;
    }
    clearTimeout(busy.timer);
    running.busy = undefined;
    if (message.kind === 'built') busy.pending.settle({ kind: 'built', built: message.built });
    else busy.pending.settle(Object.assign(new Error(message.message), message.stack === undefined ? {} : { stack: message.stack }));
    this.pump();
  }

  /**
   * The worker is done for (over a limit, crashed, gone): stop it, answer
   * the request it had with `reason`, and carry on with a fresh worker. A
   * worker that fails before it is ready, or on a build without student code,
   * is vmlab's failure: the requests waiting for it reject.
   */
  private fail(running: Running, reason: string, cause?: Error): void {
    if (this.running !== running) return;
    this.running = undefined;
    void running.worker.terminate();
    const { busy } = running;
    if (busy !== undefined) {
      clearTimeout(busy.timer);
      busy.pending.settle(busy.pending.failAll === undefined ? { kind: 'failed', reason } : workerFailure(reason, cause));
    } else {
      for (const pending of this.queue.splice(0)) pending.settle(workerFailure(reason, cause));
    }
    this.pump();
  }
}

function crashReason(message: string): string {
  const capped = message.length > MAX_CRASH_MESSAGE ? `${message.slice(0, MAX_CRASH_MESSAGE)} […]` : message;
  return `type-checking failed: the TypeScript compiler crashed (${capped})`;
}

function workerFailure(reason: string, cause: Error | undefined): Error {
  return new Error(`vmlab internal error: the compile worker failed with no student code in it: ${reason}`, cause === undefined ? undefined : { cause });
}
