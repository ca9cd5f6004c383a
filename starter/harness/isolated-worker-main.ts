import { parentPort, workerData } from 'worker_threads';
import { Components } from '../../reference/components';
import { describeThrown } from '../../observe/describe-thrown';
import { observe } from '../../observe/observe';
import { Observation } from '../../observe/observation';
import { CallTracker } from './call-tracker';
import { CapturedConsole } from './captured-console';
import { PHASE_IDLE, PHASE_LOADING, PHASE_RUNNING, RunnerData, RunnerMessage, RunRequest, STATE_CASE, STATE_PHASE, STATE_SLOTS } from './isolated-protocol';

/**
 * The thread that runs your code: it loads your components (through the
 * wiring), then runs each request's cases and sends back what your code did.
 * Nothing is judged here: the test thread judges, and stops this thread when
 * it runs too long.
 */
export function serveRuns(): void {
  const port = parentPort;
  if (port === null) throw new Error('vmlab internal error: isolated-worker-main runs in a worker thread');
  const data = workerData as RunnerData;
  const state = new Int32Array(data.state, 0, STATE_SLOTS);
  const send = (message: RunnerMessage) => port.postMessage(message);

  // Your code's console prints into the run in progress, which sends it back with the observations.
  const printed = new CapturedConsole();
  globalThis.console = printed.console;
  Atomics.store(state, STATE_PHASE, PHASE_LOADING);
  let components: Components;
  try {
    const wiring = require(data.componentsModule) as { COMPONENTS: Components };
    components = new CallTracker(state, (id, text) => send({ kind: 'label', id, text })).track(wiring.COMPONENTS);
  } catch (error) {
    send({ kind: 'failed', message: `your code could not be loaded: ${describeThrown(error)}` });
    return;
  }
  Atomics.store(state, STATE_PHASE, PHASE_IDLE);
  send({ kind: 'ready' });

  port.on('message', (request: RunRequest) => {
    Atomics.store(state, STATE_PHASE, PHASE_RUNNING);
    const observations: Observation[] = [];
    request.probes.forEach((probe, index) => {
      Atomics.store(state, STATE_CASE, index);
      observations.push(observe(probe, components));
    });
    Atomics.store(state, STATE_PHASE, PHASE_IDLE);
    try {
      send({ kind: 'observed', observations, printed: printed.take() });
    } catch (error) {
      send({ kind: 'failed', message: `what your code returned cannot be sent back to the test: ${describeThrown(error)}` });
    }
  });
}
