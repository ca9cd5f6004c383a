import { Observation } from '../../observe/observation';
import { ComponentName } from '../../reference/components';
import { CheckKind, Difference } from '../../observe/difference';
import { Scoring } from '../../observe/judge-test';
import { Probe } from '../../observe/probe-types';
import { PartName } from '../../observe/shrink/probe-parts';
import { Visibility } from '../../assignments/framework/manifest-types';
import { Diagnosis } from '../../assignments/framework/misconception';
import { FailurePicture } from '../report/pictures/picture-types';
import { TestFigures } from './test-figures';

/** Why a test failed: a difference from the reference, its component not running at all, or the sandbox stopping it. */
export type TestFailure =
  | {
      readonly kind: 'difference';
      readonly caseIndex: number;
      readonly caseSummary: string;
      readonly difference: Difference;
      /** What a report draws the first difference from; kept for hidden tests too, for the staff's pages (grader/staff/): student-facing.ts decides who sees it. */
      readonly picture?: FailurePicture;
      /** The failing case shrunk on the student's code (grader/grade/shrink-failures.ts); only for visible tests. */
      readonly shrunk?: ShrunkFailure;
      /**
       * The rule the first failing case breaks and, when the catalogue recognises it, the
       * misconception (assignments/framework/diagnose.ts): grader-written text, shown for
       * hidden tests too. Absent: no diagnosis (a malformed result, a test of several rules
       * no misconception recognises, or results written before diagnoses).
       */
      readonly diagnosis?: Diagnosis;
      /**
       * The step-through page of the failing case (grader/report/step-through/step-pages.ts),
       * beside report.html, or why none was made; only for visible tests, absent where pages are not made.
       */
      readonly stepThrough?: StepThroughLink;
    }
  | { readonly kind: 'not-run'; readonly reason: string }
  | { readonly kind: 'sandbox'; readonly status: string; readonly reason: string };

/** A failing case made smaller while it still fails the same way: the case a student can run (`npm run case`). */
export interface ShrunkFailure {
  readonly probe: Probe;
  readonly partName: PartName;
  readonly originalParts: number;
  readonly shrunkParts: number;
  /** "shrunk from 40 events to 6". */
  readonly summary: string;
  /** Its first difference on the student's code. */
  readonly difference: Difference;
  readonly picture?: FailurePicture;
  /** The reference's observation of the shrunk case (a visible test's), so the case file can be judged where no reference runs (a handout). */
  readonly expected?: Observation;
}
/** A failing case's step-through page: its path relative to report.html, or why there is none. */
export type StepThroughLink = { readonly page: string } | { readonly missing: string };

export interface TestResult {
  readonly id: string;
  readonly title: string;
  readonly suite: string;
  readonly visibility: Visibility;
  readonly component: ComponentName;
  readonly part: string;
  readonly category: string;
  readonly hint?: string;
  readonly check: CheckKind;
  readonly points: number;
  /** How the cases became the score (absent in results written before tests had a scoring: proportional). */
  readonly scoring?: Scoring;
  readonly score: number;
  readonly passedCases: number;
  readonly totalCases: number;
  /** The generator seed used, so a TA can reproduce the student's variant. */
  readonly seed?: number;
  readonly failure?: TestFailure;
  /**
   * An invariant machine test's figures that differ by design, beside the
   * reference's: reported, not judged (grader/results/test-figures.ts). Only
   * for tests a student may come to see in full (never a hidden one).
   */
  readonly figures?: TestFigures;
}

export interface PartResult {
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly points: number;
}

export interface CompileReport {
  readonly component: ComponentName;
  readonly reason: 'missing' | 'does-not-compile';
  readonly problems: ReadonlyArray<{ readonly file: string; readonly line: number; readonly column: number; readonly message: string; readonly sourceLine: string }>;
}

/** One visibility group's run: what the code printed during its tests, and how long they took. */
export interface GroupOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** True when stdout or stderr was cut at the output limit. */
  readonly truncated: boolean;
  readonly seconds: number;
}

/** Everything the grader decided about one submission: the data every report and export is drawn from. */
export interface SubmissionResults {
  readonly assignment: { readonly id: string; readonly title: string };
  readonly student: string;
  /** The per-student seed of the generated tests, when there is one. */
  readonly seed?: number;
  readonly score: number;
  readonly maxScore: number;
  readonly parts: readonly PartResult[];
  readonly tests: readonly TestResult[];
  readonly compile: readonly CompileReport[];
  readonly extraFiles: readonly string[];
  /**
   * What the student's code printed, capped, per visibility group: each group
   * runs in children of its own (grader/grade/run-by-visibility.ts), so a
   * report shows one group's output and withholds another's
   * (grader/results/student-facing.ts). A group with no test has no entry.
   */
  readonly output: Partial<Record<Visibility, GroupOutput>>;
  readonly seconds: number;
  /** The most resident memory a sandbox child of this submission used, as the grader saw it (absent: nothing ran, or no /proc). */
  readonly peakRssMiB?: number;
  /** The sandbox fences this machine did not give the submission's children (grader/sandbox/fences.ts); absent: every one held. For the staff. */
  readonly missingFences?: readonly string[];
  readonly gradedAt: string;
  /** When the submission was made (ISO 8601, UTC), where the source says (a Gradescope export's `:created_at:`): for late work. */
  readonly submittedAt?: string;
  /** The ids of everyone a group submission belongs to (this student among them); absent for one student. Late work gives a group its members' most generous extension. */
  readonly group?: readonly string[];
}
