/**
 * Pictures of a failing case: the data a student report draws the first
 * divergent step from, kept in results.json beside the Difference so a report
 * can be drawn again from that file alone. A picture holds the reference's
 * and the student's sides of the case, aligned step by step and capped, with
 * the first difference located; every value is text as it will be shown
 * (hex numbers as the observations spell them), and what the student's
 * process returned is cut to a few dozen characters. Decoding (flags, bit by
 * bit) is the report's job: pictures/*-view.ts.
 */

/** A value on the reference's side and on the student's; `got` is left out where it is the same as `expected`. */
export interface TextPair {
  readonly expected: string;
  readonly got?: string;
}

/** The registers of a fault the report decodes bit by bit. */
export type ReportedRegister = 'pf-error-code' | 'ept-qualification' | 'npt-exitinfo1';
export const REPORTED_REGISTERS: readonly ReportedRegister[] = ['pf-error-code', 'ept-qualification', 'npt-exitinfo1'];

/** One register on both sides, in hex; a side is left out where it reports none (no fault, or another kind of fault). */
export interface ReportedBits {
  readonly register: ReportedRegister;
  readonly expected?: string;
  readonly got?: string;
}

/** The register on the sides that report it; undefined when neither does. */
export function reportedPair(register: ReportedRegister, expected: string | undefined, got: string | undefined): ReportedBits | undefined {
  if (expected === undefined && got === undefined) return undefined;
  return { register, ...(expected === undefined ? {} : { expected }), ...(got === undefined ? {} : { got }) };
}

/** One entry a walk read, as text: level and index in decimal, addresses and entries in hex, `adBits` the A/D bits the walk sets in it ('' for none). */
export interface WalkEntryRead {
  readonly level: string;
  readonly index: string;
  readonly entryAddress: string;
  readonly entry: string;
  readonly adBits: string;
}

/**
 * Step i of both walks. `expected` left out: the reference's walk had
 * stopped; `got` left out: the same read as the reference's, unless
 * `gotNone` says the student's walk had stopped.
 */
export interface WalkStepPair {
  readonly expected?: WalkEntryRead;
  readonly got?: WalkEntryRead;
  readonly gotNone?: boolean;
}

export interface WalkPicture {
  readonly kind: 'walk';
  readonly va: string;
  readonly levels: number;
  readonly steps: readonly WalkStepPair[];
  /** A/D writes into entries the walk did not read (none in a correct walk). */
  readonly strayAdWrites?: TextPair;
  readonly outcome: TextPair;
  /** The #PF error code each fault gives, when the first difference is in the outcome and a side faults. */
  readonly code?: ReportedBits;
  /** `index`: the step, for `at: 'step'`. */
  readonly first: { readonly at: 'step' | 'outcome' | 'ad-writes'; readonly index?: number };
}

/**
 * One reference of a 2D walk as text: the hPA read and the entry there, a
 * guest entry's gPA, the A/D bits the walk sets in it. Which entry it is
 * (dimension and level) follows from its cell; `placed` is said only of a
 * student's reference that is not what its cell holds ("a guest entry,
 * level 3, at row 1, column 2").
 */
export interface TwoDRead {
  readonly address: string;
  readonly entry: string;
  readonly gpa?: string;
  readonly adBits?: string;
  readonly placed?: string;
}

/**
 * Reference i of both walks, at the cell of the grid the reference's walk
 * draws it in (-1, -1: a reference of the student's only). The sides
 * are left out as in WalkStepPair; past `TwoDPicture.compared` the student's
 * side is not kept at all.
 */
export interface TwoDReferencePair {
  readonly row: number;
  readonly column: number;
  readonly expected?: TwoDRead;
  readonly got?: TwoDRead;
  readonly gotNone?: boolean;
}

export interface TwoDPicture {
  readonly kind: 'nested-walk';
  readonly format: 'ept' | 'npt';
  readonly guestLevels: number;
  readonly nestedLevels: number;
  readonly references: readonly TwoDReferencePair[];
  /** The student's side is kept for the first `compared` references only: past the first difference it is noise. */
  readonly compared: number;
  /** The final hPA, the last cell of the grid: the translated address, or why there is none. */
  readonly translation: TextPair;
  readonly outcome: TextPair;
  readonly code?: ReportedBits;
  /** `index`: the reference, for `at: 'reference'`; `cell`: the cell the difference names (Difference.detail.cell). */
  readonly first: {
    readonly at: 'reference' | 'outcome' | 'guest-ad-writes' | 'nested-ad-writes';
    readonly index?: number;
    readonly cell?: { readonly row: number; readonly column: number };
  };
}

/** One scenario event on both machines: what the guest saw, the page faults handled, and (policy checks) the VM exits. */
export interface MachineEventPair {
  readonly event: number;
  readonly what: string;
  readonly outcome: TextPair;
  readonly faults: TextPair;
  readonly exits?: TextPair;
  /** The per-event counter the first difference is about (MachinePicture.counter names it), on both machines. */
  readonly counter?: TextPair;
}

/**
 * A page-table entry the first difference is about, as hex (0x0: not
 * present). `guest`: the guest entry a shadow entry derives from (left out
 * for a guest entry); `expected`: the reference's (left out under an
 * invariant check, where the design is free and only the rules are judged).
 */
/** The flags of a shadow entry a snapshot rule can find broken. */
export const BROKEN_FLAGS = ['P', 'RW', 'US', 'NX'] as const;
export type BrokenFlag = (typeof BROKEN_FLAGS)[number];

export interface EntryPicture {
  /** A shadow entry's frame is a host frame, which correct designs may choose differently; a guest entry's is the guest's. */
  readonly table: 'shadow' | 'guest';
  readonly title: string;
  readonly guest?: string;
  readonly expected?: string;
  readonly got: string;
  /** Under an invariant check: the flags of `got` that break the rule the difference names ('RW', 'US', 'NX', 'P'). */
  readonly breaks?: readonly BrokenFlag[];
}

export interface MachinePicture {
  readonly kind: 'machine';
  readonly mode: string;
  /** Events before the first one shown. */
  readonly eventsBefore: number;
  readonly events: readonly MachineEventPair[];
  /** The per-event counter the first difference is about, in words ("TLB flushes"): the events carry a column of it. */
  readonly counter?: string;
  readonly entry?: EntryPicture;
  readonly code?: ReportedBits;
  /** The end-of-run counters, when the first difference is there. */
  readonly stats?: readonly (TextPair & { readonly name: string })[];
  /** `index`: the position in `events`, for `at: 'event'`; `end`: the statistics at the end of the run. */
  readonly first: { readonly at: 'event' | 'end'; readonly index?: number };
}

/** One TLB operation on both TLBs: what it was and what it did (tlb-wording.ts). */
export interface TlbOperationPair {
  readonly operation: number;
  readonly what: string;
  readonly result: TextPair;
}

export interface TlbPicture {
  readonly kind: 'tlb';
  /** Operations before the first one shown. */
  readonly operationsBefore: number;
  readonly operations: readonly TlbOperationPair[];
  /** The entries cached after the last operation, when the first difference is there. */
  readonly resident?: TextPair;
  /** `index`: the position in `operations`, for `at: 'operation'`; `end`: the entries cached after the last. */
  readonly first: { readonly at: 'operation' | 'end'; readonly index?: number };
}

export type FailurePicture = WalkPicture | TwoDPicture | MachinePicture | TlbPicture;
