/**
 * Errors a user can cause (a bad scenario, a bad option) carry a stable code so
 * callers and tests can tell them apart without parsing messages. Simulator
 * bugs are not VmlabErrors: they throw plain Errors (see `invariant`).
 */
export type VmlabErrorCode =
  | 'SCENARIO_INVALID'
  | 'SCENARIO_PARSE'
  | 'OPTION_INVALID'
  | 'OUT_OF_MEMORY'
  | 'IO'
  | 'ASSIGNMENT_INVALID'
  /** A file given to a command is malformed: TA comments, a results.json, Gradescope's submission metadata. */
  | 'INPUT_INVALID';

export class VmlabError extends Error {
  constructor(
    readonly code: VmlabErrorCode,
    message: string,
    /** Where the problem is, for located errors (e.g. `events[3].va`). */
    readonly location?: string,
  ) {
    super(message);
    this.name = 'VmlabError';
  }
}

/** A broken internal invariant: a bug in the simulator, never the user's fault. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`vmlab internal error: ${message}`);
}

/**
 * An access that makes no progress: the guest mapped the page (or the
 * hidden-fault handler said it fixed it), yet it faults again. With the
 * reference components this never happens; with a component under test it
 * means that component disagrees with the guest's tables, so the message
 * describes the symptom without calling it a simulator bug.
 */
export class NoProgressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoProgressError';
  }
}
