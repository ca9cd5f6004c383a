import * as path from 'path';
import { Worker } from 'worker_threads';
import { describeProbe } from '../../observe/describe-probe';
import { describeThrown } from '../../observe/describe-thrown';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { PHASE_LOADING, PHASE_RUNNING, RunnerData, RunnerMessage, RunRequest, STATE_CASE, STATE_METHOD, STATE_PHASE, STATE_SLOTS } from './isolated-protocol';

export interface RunnerOptions {
  readonly handoutRoot: string;
  /** The module exporting COMPONENTS: your components, wired. */
  readonly componentsModule: string;
  /** How long one test's cases may run. */
  readonly limitSeconds: number;
  /**
   * How long a fresh thread may take to load your code and the machine under
   * it (default: 30 s, or the test's limit if longer): loading is slow on a
   * busy machine and is no part of your code's running time, but code at
   * the top level of your file that never finishes must be stopped too.
   */
  readonly loadSeconds?: number;
  /** The JavaScript heap of the thread running your code. */
  readonly memoryMiB: number;
  /** Where newly compiled JavaScript is kept (default: the handout's .vmlab/cache/js). */
  readonly cacheFolder?: string;
  /** Told what your code printed through console during a run, when the run ends (absent: it is dropped). */
  readonly onPrinted?: (text: string) => void;
}

const DEFAULT_LOAD_SECONDS = 30;

/** What became of one test's cases: what your code did on each, or why it was stopped. */
export type RunOutcome = { readonly kind: 'observed'; readonly observations: readonly Observation[] } | { readonly kind: 'stopped'; readonly reason: string };

/** A thread running your code, and what it has said that no run has taken yet. */
interface RunnerThread {
  readonly worker: Worker;
  readonly state: Int32Array;
  readonly labels: Map<number, string>;
  /** Set while a run waits on this thread. */
  listener?: (event: ThreadEvent) => void;
  /** What ended the thread between runs (a timer of your code that threw, say). */
  ended?: ThreadEvent;
}

type ThreadEvent = { readonly kind: 'message'; readonly message: RunnerMessage } | { readonly kind: 'error'; readonly error: Error } | { readonly kind: 'exit'; readonly code: number };

/**
 * Runs the public tests' cases on your code in a worker thread, one test at
 * a time, so that code which never returns cannot stall the tests: at the
 * limit the thread is stopped, the test fails saying which case and which of
 * your methods was running, and the next test gets a fresh thread. A thread
 * that runs out of memory or ends itself (process.exit) fails its test the
 * same way. The judging stays on the test's side.
 */
export class IsolatedRunner {
  private thread: RunnerThread | undefined;

  constructor(private readonly options: RunnerOptions) {}

  run(probes: readonly Probe[]): Promise<RunOutcome> {
    const thread = this.liveThread();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const stopAfter = (seconds: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'stopped', reason: this.hungReason(thread, probes, seconds) }, false), seconds * 1000);
      };
      let sent = false;
      const send = () => {
        if (sent) return;
        sent = true;
        stopAfter(this.options.limitSeconds);
        thread.worker.postMessage({ kind: 'run', probes } satisfies RunRequest);
      };
      const finish = (outcome: RunOutcome, keepThread: boolean) => {
        clearTimeout(timer);
        thread.listener = undefined;
        if (!keepThread) void this.retire(thread);
        resolve(outcome);
      };
      stopAfter(this.options.loadSeconds ?? Math.max(DEFAULT_LOAD_SECONDS, this.options.limitSeconds));
      thread.listener = (event) => {
        if (event.kind === 'message') {
          const { message } = event;
          if (message.kind === 'ready') send();
          else if (message.kind === 'observed') {
            if (message.printed !== '') this.options.onPrinted?.(message.printed);
            finish({ kind: 'observed', observations: message.observations }, true);
          }
          else if (message.kind === 'failed') finish({ kind: 'stopped', reason: message.message }, false);
          return;
        }
        finish({ kind: 'stopped', reason: this.endedReason(event) }, false);
      };
      if (thread.ended !== undefined) thread.listener(thread.ended);
      else if (Atomics.load(thread.state, STATE_PHASE) !== PHASE_LOADING) send();
    });
  }

  /** Stop the thread, if one runs. */
  async close(): Promise<void> {
    if (this.thread !== undefined) await this.retire(this.thread);
  }

  private liveThread(): RunnerThread {
    if (this.thread !== undefined) return this.thread;
    const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
    Atomics.store(state, STATE_PHASE, PHASE_LOADING);
    const { handoutRoot, componentsModule, memoryMiB, cacheFolder } = this.options;
    const workerData: RunnerData = { handoutRoot, componentsModule, state: state.buffer as SharedArrayBuffer, ...(cacheFolder === undefined ? {} : { cacheFolder }) };
    const worker = new Worker(path.join(__dirname, 'isolated-worker.js'), { workerData, resourceLimits: { maxOldGenerationSizeMb: memoryMiB } });
    const thread: RunnerThread = { worker, state, labels: new Map() };
    const deliver = (event: ThreadEvent) => {
      if (event.kind === 'message' && event.message.kind === 'label') thread.labels.set(event.message.id, event.message.text);
      else if (thread.listener !== undefined) thread.listener(event);
      else if (event.kind !== 'message') thread.ended ??= event;
    };
    worker.on('message', (message: RunnerMessage) => deliver({ kind: 'message', message }));
    worker.on('error', (error: Error) => deliver({ kind: 'error', error }));
    worker.on('exit', (code: number) => deliver({ kind: 'exit', code }));
    // A thread waiting for work must not keep the test process alive.
    worker.unref();
    this.thread = thread;
    return thread;
  }

  private retire(thread: RunnerThread): Promise<void> {
    if (this.thread === thread) this.thread = undefined;
    thread.listener = undefined;
    thread.worker.removeAllListeners('message');
    return thread.worker.terminate().then(() => undefined);
  }

  /** Which case was running, and in which of your methods, when the limit struck. */
  private hungReason(thread: RunnerThread, probes: readonly Probe[], seconds: number): string {
    const limit = `${seconds} s`;
    if (Atomics.load(thread.state, STATE_PHASE) !== PHASE_RUNNING) {
      return `hung: your code was still loading after ${limit} (code at the top level of a file that never finishes?); the test was stopped.`;
    }
    const caseIndex = Atomics.load(thread.state, STATE_CASE);
    const method = thread.labels.get(Atomics.load(thread.state, STATE_METHOD));
    const where =
      method === undefined
        ? "in the machine's own code, between calls to your components: look at what your last call returned (a loop the machine follows forever?)"
        : `in ${method}: look for a loop there that never ends`;
    const probe = probes[caseIndex];
    const which = probe === undefined ? '' : ` on case #${caseIndex + 1} (${describeProbe(probe)})`;
    return `hung: your code was still running after ${limit}${which}, ${where}. The test was stopped; the other tests go on.`;
  }

  private endedReason(event: ThreadEvent): string {
    if (event.kind === 'exit') return `your code ended the thread running it (process.exit(${event.code}), or the like); the test was stopped.`;
    if (event.kind === 'error' && (event.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return `your code ran out of memory: it used more than the ${this.options.memoryMiB} MiB allowed (a list that keeps growing?); the test was stopped.`;
    }
    return `your code crashed the thread running it: ${describeThrown(event.kind === 'error' ? event.error : undefined)}; the test was stopped.`;
  }
}
