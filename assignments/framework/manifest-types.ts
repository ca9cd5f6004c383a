import { ComponentName } from '../../reference/components';
import { CheckKind } from '../../observe/difference';
import { Probe } from '../../observe/probe-types';
import { Scoring } from '../../observe/judge-test';

export type { Scoring } from '../../observe/judge-test';
export { SCORINGS } from '../../observe/judge-test';

/** Who sees a suite's tests in feedback: everything, everything after the due date, or only category and hint. */
export type Visibility = 'visible' | 'after_due_date' | 'hidden';
export const VISIBILITIES: readonly Visibility[] = ['visible', 'after_due_date', 'hidden'];

export interface AssignmentPart {
  id: string;
  title: string;
  /** The sum of the points of this part's tests, over every suite (the loader checks). */
  points: number;
  /**
   * false: the part is switched off. Its tests and rules are dropped when the
   * assignment loads (not graded, not in the handout, not counted in the
   * points), and so is the part itself. Default true.
   */
  enabled?: boolean;
}

/** One rule the spec states, which tests declare they exercise (assignments/README.md, "Rules"). */
export interface AssignmentRule {
  /** kebab-case, unique in the assignment. */
  id: string;
  /** The manifest part the rule belongs to. */
  part: string;
  /** One sentence a student understands. */
  title: string;
  /** The text of the spec.md heading of the section that states the rule. */
  spec: string;
}

export interface SuiteReference {
  name: string;
  /** Relative to the assignment folder. */
  file: string;
  visibility: Visibility;
}

/**
 * Where a provided component comes from: `reference`, the reference
 * solution, shipped in the handout; `student`, the student's own file from
 * the assignment that assessed it, handed in again with this one's.
 */
export type ProvidedSource = 'reference' | 'student';
export const PROVIDED_SOURCES: readonly ProvidedSource[] = ['reference', 'student'];

export type ProvidedSources = { [C in ComponentName]?: ProvidedSource };

export interface AssignmentLimits {
  /** Wall clock for one test's cases. */
  testSeconds: number;
  /** Wall clock for a whole submission. */
  submissionSeconds: number;
  /** Heap and RSS cap of the process running the student's code. */
  memoryMiB: number;
  /** Wall clock for type-checking and transpiling one submission (default: grader/compile/compile-limits.ts). */
  compileSeconds?: number;
  /** Heap cap of the worker that type-checks and transpiles (default: grader/compile/compile-limits.ts). */
  compileMemoryMiB?: number;
}

/** `assignments/<id>/assignment.json` (assignments/README.md). */
export interface AssignmentManifest {
  $schema?: string;
  id: string;
  title: string;
  /** The components students write. */
  assesses: ComponentName[];
  /** Earlier components the assignment's tests run but do not assess: the reference code's, or the student's own (providedFrom). */
  provides: ComponentName[];
  /** Where each provided component comes from; one not named here comes from the reference. */
  providedFrom?: ProvidedSources;
  /** Paths, relative to the handout root, that a submission contains. */
  studentFiles: string[];
  parts: AssignmentPart[];
  /** The rules the spec states; every test then names the ones it exercises. Absent: an assignment whose tests are not organised by rules. */
  rules?: AssignmentRule[];
  suites: SuiteReference[];
  limits: AssignmentLimits;
  /** The late policy: due date, penalty, cap, grace, last moment (grader/late/late-policy.ts). Absent: none, unless given on the command line. */
  late?: ManifestLatePolicy;
}

/**
 * A manifest's late policy: its due date may be left out when the platform
 * gives it (Gradescope's submission metadata) or the command line does.
 */
export type ManifestLatePolicy = Omit<LatePolicySettings, 'due'> & { due?: string };

/** A late policy as text, as staff write it (README "Late work"); grader/late/late-policy.ts reads it. */
export interface LatePolicySettings {
  /** The due date: ISO 8601 with an offset, or a local date-time with `timeZone`. */
  due: string;
  /** An IANA time zone: reads a due date (and `closes`) written without an offset; dates are shown in it. */
  timeZone?: string;
  /** "10%/day", "2 points/hour", "5%/h": a share of the score, or points, per started day or hour late. */
  penalty: string;
  /** The most the penalty takes: "50%" of the score, or points ("4"). Absent: no cap. */
  cap?: string;
  /** How long after the due date work still counts as on time: "15m". Absent: none. */
  grace?: string;
  /** The last moment late work earns anything: after it, the score is 0. Absent: never. */
  closes?: string;
}

/** A generator request in a suite. */
export interface GenerateRequest {
  generator: string;
  seed: number;
  count: number;
  params?: Record<string, unknown>;
}

/** One test of a suite file, before generation. */
export interface SuiteTest {
  id: string;
  title: string;
  component: ComponentName;
  part: string;
  points: number;
  category: string;
  hint?: string;
  check: CheckKind;
  /** The manifest rules the test exercises (non-empty); required when the manifest has rules. */
  rules?: string[];
  /** How its cases become its score; absent: proportional. */
  scoring?: Scoring;
  probes?: Probe[];
  generate?: GenerateRequest;
}

export interface SuiteDocument {
  $schema?: string;
  suite: string;
  tests: SuiteTest[];
}
