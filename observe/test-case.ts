import { ComponentName } from '../reference/components';
import { CheckKind } from './difference';
import type { Scoring } from './judge-test';
import { Observation } from './observation';
import { Probe } from './probe-types';

/** What a test is, apart from its cases: the data a suite file gives it. */
export interface TestDescription {
  readonly id: string;
  readonly title: string;
  readonly component: ComponentName;
  readonly part: string;
  readonly points: number;
  readonly category: string;
  readonly hint?: string;
  readonly check: CheckKind;
  /** The manifest rules the test exercises (assignments/README.md); absent in an assignment without rules. */
  readonly rules?: readonly string[];
  /** How its cases become its score; absent: proportional. */
  readonly scoring?: Scoring;
}

/** A test ready to run: its cases made concrete (generators expanded with the seed recorded). */
export interface ExpandedTest extends TestDescription {
  readonly suite: string;
  /** The generator seed actually used, for generated tests. */
  readonly seed?: number;
  readonly probes: readonly Probe[];
}

/** A public test with the reference's observation of each case: what a handout's harness checks against. */
export interface GoldenTest extends TestDescription {
  readonly cases: ReadonlyArray<{ readonly probe: Probe; readonly expected: Observation }>;
}

/** `public/goldens.json`: the public suite, expanded and observed on the reference. */
export interface GoldenSuite {
  readonly assignment: string;
  readonly suite: string;
  /** How to regenerate the file. */
  readonly generatedBy: string;
  readonly tests: readonly GoldenTest[];
}
