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

/**
 * The guest OS reads back from its page tables something it never wrote.
 * With the reference components this never happens; under a hypervisor whose
 * components emulate its trapped stores, it means a store was not emulated
 * as written (or a guest write reached the wrong frame).
 */
export class GuestTablesChangedError extends Error {
  constructor(found: string) {
    super(`the guest OS found ${found}: its page tables no longer hold what it wrote (a trapped store was not emulated exactly, at its address with its 64-bit value)`);
    this.name = 'GuestTablesChangedError';
  }
}

/**
 * A student component handed the machine something it cannot use (a shadow
 * leaf on a table level, a freed shadow page, an answer that is no answer).
 * It is the component's mistake, not the simulator's: the message says which
 * component did what, in the student's terms. The substrate throws it without
 * a component (it does not know its caller); `blameComponent` names the
 * component the machine was running when it was thrown.
 */
export class ComponentError extends Error {
  constructor(
    /** What the component did, as a verb phrase: "called shadow.setLeaf on a level-2 shadow page: ...". */
    readonly misuse: string,
    readonly component?: string,
  ) {
    super(`your ${component ?? 'shadow component'} ${misuse}`);
    // Shown without a class name (describeThrown leaves plain Errors unnamed): the message already says whose mistake it is.
    this.name = 'Error';
  }
}

/** Run one call into a student component; a ComponentError thrown inside it without a component is charged to `component`. */
export function blameComponent<T>(component: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ComponentError && error.component === undefined) throw new ComponentError(error.misuse, component);
    throw error;
  }
}

/** A value a component passed or returned, in at most 120 characters (it may be anything: bigints shown as 0x…n). */
export function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `0x${value.toString(16)}n`;
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `0x${item.toString(16)}n` : item));
    return (text ?? String(value)).slice(0, 120);
  } catch {
    return String(value).slice(0, 120);
  }
}
