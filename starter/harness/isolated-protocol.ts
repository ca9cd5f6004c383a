import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';

/**
 * What the test thread and the thread running your code say to each other.
 * Besides messages, they share a few integers the running thread keeps up to
 * date as it goes (see CallTracker), so that when it is stopped for running
 * too long the test can still say what it was doing.
 */

/** Test thread → running thread: run these cases. */
export interface RunRequest {
  readonly kind: 'run';
  readonly probes: readonly Probe[];
}

/** Running thread → test thread. */
export type RunnerMessage =
  /** Your components loaded. */
  | { readonly kind: 'ready' }
  /** A name for a number the running thread will store in the shared state (a component's method). */
  | { readonly kind: 'label'; readonly id: number; readonly text: string }
  /** The run's observations, and what your code printed during it (through console). */
  | { readonly kind: 'observed'; readonly observations: readonly Observation[]; readonly printed: string }
  /** Your code could not be loaded, or a result could not be sent back (it is not plain data). */
  | { readonly kind: 'failed'; readonly message: string };

/** What the running thread is told when it starts. */
export interface RunnerData {
  readonly handoutRoot: string;
  /** The module exporting COMPONENTS (the wiring). */
  readonly componentsModule: string;
  /** Where newly compiled JavaScript goes (default: the handout's .vmlab/cache/js). */
  readonly cacheFolder?: string;
  readonly state: SharedArrayBuffer;
}

/** The shared state: which phase, which case, which method (a label id, 0 for none). */
export const STATE_PHASE = 0;
export const STATE_CASE = 1;
export const STATE_METHOD = 2;
export const STATE_SLOTS = 3;

export const PHASE_LOADING = 1;
export const PHASE_RUNNING = 2;
export const PHASE_IDLE = 3;
